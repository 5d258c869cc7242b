"""Load test of the real server: `python bench/load.py [--duration 20] [--clients 8]`.

gunicorn (2 sync workers, `wizard:create_app()`, development settings with ``BENCH_FLOOR=1``)
is started on 127.0.0.1:<free port> in its own process group, against a throw-away database
prepared like production: `flask db upgrade`, `flask communes import` of
tests/data/communes-sample.json, `flask demo seed --accounts-only` (the demo accounts without
their dossiers), then dossiers holding the document of tests/data/dossier-complete.json
(imported in the app context, see `_seed`). The database is
a SQLite file in WAL mode in a temporary directory, then, when the local server answers, a
PostgreSQL database created on 127.0.0.1:5432 as user postgres and dropped at the end.

Scenarios, each bounded in time (--duration) and in requests per client:

- ``plancher``: GET /plancher (wizard/floor.py: one row, a two-line template), logged in;
- ``étape GET``: GET of the seven step pages in turn by the logged-in demo lead;
- ``étape POST (un dossier par client)``: each client saves the first step of its own
  dossier (fresh CSRF token and version from a GET before every POST, the holder's name
  changed so that every save writes); 302 = saved, 409 = version conflict;
- ``étape POST (dossier partagé)``: the same on one dossier shared by every client, where
  most saves lose the race (409) by design.

GETs are driven by wrk (Debian package) when it is installed, and always by the Python
generator (threads + tests/integration/http.py's Browser); POSTs need a fresh token and
version per request, so only the Python generator drives them. The ratio step GET / floor is
computed per tool (target ≥ 0.5). Every server and database is removed in `finally`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.helpers import _FormParser  # noqa: E402
from tests.integration.http import Browser  # noqa: E402

BIN = Path(sys.executable).parent
DEMO_LEAD, DEMO_PASSWORD = "porteur@demo.fr", "Demo-mediation-2026"
BENCH_PASSWORD = "Banc-de-charge-2026"
PG_ADMIN_URL = os.environ.get(
    "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
STEP_SLUGS = ("porteur-territoire", "diagnostic", "objectifs", "partenaires", "modalites",
              "budget", "evaluation")
MAX_REQUESTS_PER_CLIENT = 100_000  # a second bound besides the duration


# --- databases -----------------------------------------------------------------------------


@dataclass
class Database:
    kind: str  # "SQLite (WAL)" | "PostgreSQL"
    url: str
    drop: callable = None

    def close(self):
        if self.drop:
            self.drop()


@contextlib.contextmanager
def sqlite_database(tmp: Path):
    path = tmp / "bench.sqlite"
    yield Database("SQLite (WAL)", f"sqlite:///{path}")


def postgres_reachable() -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_database():
    """A throw-away database on the local server, dropped (connections forced out) at the end."""
    import sqlalchemy as sa

    name = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                             connect_args={"connect_timeout": 3})
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield Database("PostgreSQL", PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def server_env(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "WIZARD_"))}
    env.update(
        WIZARD_ENV="development", DATABASE_URL=url, SECRET_KEY="banc-de-charge-" + uuid.uuid4().hex,
        MAIL_BACKEND="memory", BENCH_FLOOR="1", SESSION_COOKIE_SECURE="false",
        PYTHONPATH=str(ROOT),
    )
    return env


def prepare(env: dict, dossiers: int = 1, leads: int = 0) -> dict:
    """Migrate, import the commune sample, seed the demo accounts, then `_seed` (dossiers, leads).

    Returns {"shared": id, "own": [ids…], "leads": [[email, dossier id], …]}.
    """
    flask = [str(BIN / "flask"), "--app", "wizard"]
    for args in (["db", "upgrade"],
                 ["communes", "import", str(ROOT / "tests/data/communes-sample.json")],
                 ["demo", "seed", "--accounts-only"]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True,
                       timeout=120)
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--seed", f"{dossiers},{leads}"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _seed(dossiers: int, leads: int) -> None:
    """(In a subprocess, app context.) `dossiers` dossiers of the demo lead and `leads` leads
    of Lille with one dossier each, all holding tests/data/dossier-complete.json."""
    from wizard import accounts, create_app
    from wizard.db import db
    from wizard.operations.exchange import import_json

    document = (ROOT / "tests/data/dossier-complete.json").read_text(encoding="utf-8")
    app = create_app()
    with app.app_context():
        ids = []
        for _ in range(dossiers):
            ids.append(import_json(document, DEMO_LEAD).id)
        db.session.commit()
        pairs = []
        for n in range(leads):
            email = f"porteur-{n + 1:02d}@banc.fr"
            accounts.save_user(None, email=email, name=f"Porteur banc {n + 1}", role="lead",
                               commune_codes=["59350"], password=BENCH_PASSWORD)
            db.session.commit()
            pairs.append([email, import_json(document, email).id])
            db.session.commit()
    print(json.dumps({"shared": ids[0] if ids else None, "own": ids[1:], "leads": pairs}))


def page_costs(env: dict, dossier_id: int, repeat: int = 15, profile: str | None = None) -> dict:
    """CPU cost of each page in-process (`_pages` in a subprocess with the server's settings)."""
    args = [sys.executable, str(Path(__file__).resolve()), "--pages", str(dossier_id),
            "--repeat", str(repeat)] + (["--profile", profile] if profile else [])
    out = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True,
                         timeout=900)
    if profile:
        print(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pages(dossier_id: int, repeat: int, profile: str | None) -> None:
    """(In a subprocess.) Median CPU time (process_time: the machine's other jobs do not count)
    of REPEAT GETs of each page through the Flask test client, logged in as the demo lead,
    after one warm-up; with `profile`, a pyinstrument profile of that page on stderr."""
    from wizard import create_app

    app = create_app()
    client = app.test_client()
    html = client.get("/connexion").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/connexion", data={"email": DEMO_LEAD, "password": DEMO_PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302, response.status_code
    base = f"/dossiers/{dossier_id}"
    pages = {"plancher": "/plancher", **{s: f"{base}/etapes/{s}" for s in STEP_SLUGS},
             "récapitulatif": f"{base}/recapitulatif", "PDF": f"{base}/dossier.pdf"}
    costs = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            begin = time.process_time()
            response = client.get(url)
            response.get_data()
            times.append(time.process_time() - begin)
            assert response.status_code == 200
        costs[name] = statistics.median(times) * 1000
    if profile:
        try:
            from pyinstrument import Profiler
        except ImportError:
            sys.exit("--profile needs pyinstrument (pip install pyinstrument, not a dependency)")
        url = pages.get(profile) or f"{base}/etapes/{profile}"
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(repeat):
            client.get(url).get_data()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
        print(profiler.output_text(unicode=True, color=False, flat=True)[:5000], file=sys.stderr)
    print(json.dumps(costs))


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn in its own process group; `stop()` kills the whole group and reaps it."""

    def __init__(self, env: dict, workers: int = 2, log: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "ab") if log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
             "wizard:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        self.pgid = self.proc.pid  # start_new_session: the group id is the master's pid

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        browser = Browser(self.url)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.proc.returncode}")
            try:
                if browser.request("/healthz")[0] == 200:
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn not ready in time")

    def cpu_seconds(self) -> float:
        """User + system CPU time of every live process of the group (master and workers):
        the server's own cost, whatever else shares the machine (SQLite runs in the workers;
        a PostgreSQL server's processes are not counted)."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.pgid:  # fields[0] is the state, [2] the group
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pgid, signal.SIGKILL)
            self.proc.wait(timeout=15)
        # the workers belong to the same group: make sure none survived the master
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGKILL)
        if self.log is not subprocess.DEVNULL:
            self.log.close()


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2, log: Path | None = None):
    server = Gunicorn(env, workers, log)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


# --- the Python load generator -------------------------------------------------------------


def login(base: str, email: str, password: str) -> Browser:
    browser = Browser(base)
    token, _ = browser.token_and_version("/connexion")
    status, _ = browser.request("/connexion", {"email": email, "password": password,
                                               "csrf_token": token})
    if status != 302:
        raise RuntimeError(f"login of {email} failed: {status}")
    return browser


def timed(browser: Browser, path: str, data=None) -> tuple[int, float, str]:
    """(status, seconds, body); status 0 for a connection error or a timeout."""
    begin = time.perf_counter()
    try:
        status, body = browser.request(path, data)
    except (OSError, urllib.error.URLError) as exc:
        status, body = 0, repr(exc)
    return status, time.perf_counter() - begin, body


def form_of(html: str):
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


_counter = iter(range(10**9))
_counter_lock = threading.Lock()


def next_number() -> int:
    with _counter_lock:
        return next(_counter)


def save_first_step(browser: Browser, dossier_id: int, record) -> None:
    """GET the first step (fresh token and version), change the holder's name, POST it back."""
    path = f"/dossiers/{dossier_id}/etapes/porteur-territoire"
    status, seconds, html = timed(browser, path)
    record("préparation GET", status, seconds)
    if status != 200:
        return
    fields = form_of(html)
    fields.setlist("holder_name", [f"Ville de Lille {next_number()}"])
    fields.setlist("action", ["draft"])
    status, seconds, _ = timed(browser, path, list(fields.items(multi=True)))
    record("POST", status, seconds)


@dataclass
class Stats:
    seconds: float = 0.0
    samples: dict = field(default_factory=dict)  # kind -> [(status, seconds)]

    def add(self, kind, status, seconds):
        self.samples.setdefault(kind, []).append((status, seconds))

    def summary(self, kind) -> dict:
        rows = self.samples.get(kind, [])
        times = sorted(s for _, s in rows)
        statuses: dict = {}
        for status, _ in rows:
            statuses[status] = statuses.get(status, 0) + 1
        return {
            "count": len(rows), "rps": len(rows) / self.seconds if self.seconds else 0.0,
            "p50_ms": percentile(times, 50) * 1000, "p95_ms": percentile(times, 95) * 1000,
            "statuses": dict(sorted(statuses.items())),
        }


def percentile(sorted_values, p) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def drive(clients: list, action, duration: float) -> Stats:
    """Each client runs `action(client, i, record)` in its own thread until `duration` elapses
    (or MAX_REQUESTS_PER_CLIENT iterations): bounded, stops by itself."""
    stats = Stats()
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    deadline = [0.0]

    def record(kind, status, seconds):
        with lock:
            stats.add(kind, status, seconds)

    def run(i, client):
        start.wait()
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline[0]:
                break
            action(client, i, record)

    threads = [threading.Thread(target=run, args=(i, c), daemon=True)
               for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    began = time.monotonic()
    deadline[0] = began + duration
    start.wait()
    for t in threads:
        t.join(timeout=duration + 120)
    stats.seconds = time.monotonic() - began
    if any(t.is_alive() for t in threads):
        raise RuntimeError("a load thread did not stop")
    return stats


# --- wrk -----------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%s}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
init = function(args)
  n = 0
  not200 = 0
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end
done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not200") end
  io.write(string.format("BENCH-JSON {\\"requests\\": %%d, \\"p50_us\\": %%d, \\"p95_us\\": %%d, "
    .. "\\"not200\\": %%d, \\"socket_errors\\": %%d}\\n",
    summary.requests, latency:percentile(50), latency:percentile(95), bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def wrk_get(base: str, paths: list[str], cookie: str, clients: int, duration: float,
            tmp: Path) -> dict | None:
    """GET `paths` in turn with wrk (2 threads, `clients` connections); None without wrk."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    script = tmp / "bench.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    out = subprocess.run(
        [wrk, "-t", "2", "-c", str(clients), "-d", f"{int(duration)}s", "--timeout", "30s",
         "-s", str(script), "-H", f"Cookie: {cookie}", base],
        capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    data = json.loads(out.split("BENCH-JSON", 1)[1].strip().splitlines()[0])
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    return {"count": data["requests"], "rps": rps, "p50_ms": data["p50_us"] / 1000,
            "p95_ms": data["p95_us"] / 1000,
            "errors": data["not200"] + data["socket_errors"]}


def session_cookie(browser: Browser) -> str:
    handler = next(h for h in browser.opener.handlers if hasattr(h, "cookiejar"))
    return "; ".join(f"{c.name}={c.value}" for c in handler.cookiejar)


# --- the run -------------------------------------------------------------------------------


def run_load(db: Database, clients: int, duration: float, tmp: Path) -> dict:
    env = server_env(db.url)
    seeded = prepare(env, dossiers=1 + clients)
    shared, own = seeded["shared"], seeded["own"]
    results: dict = {}
    with gunicorn(env, workers=2, log=tmp / "gunicorn.log") as server:
        browsers = [login(server.url, DEMO_LEAD, DEMO_PASSWORD) for _ in range(clients)]
        steps = [f"/dossiers/{shared}/etapes/{slug}" for slug in STEP_SLUGS]
        for browser in browsers[:1]:  # warm both workers' caches (templates, imports)
            for _ in range(4):
                browser.request("/plancher")
                for path in steps:
                    browser.request(path)

        cookie = session_cookie(browsers[0])

        def cpu_of(run):
            before = server.cpu_seconds()
            result = run()
            return result, server.cpu_seconds() - before

        if shutil.which("wrk"):
            results["wrk"] = {}
            for name, paths in (("plancher", ["/plancher"]), ("étape GET", steps)):
                r, cpu = cpu_of(lambda: wrk_get(server.url, paths, cookie, clients, duration, tmp))
                r["cpu_ms"] = cpu * 1000 / max(r["count"], 1)
                results["wrk"][name] = r

        def floor(browser, i, record):
            status, seconds, _ = timed(browser, "/plancher")
            record("GET", status, seconds)

        def step_get(browser, i, record):
            status, seconds, _ = timed(browser, steps[next_number() % len(steps)])
            record("GET", status, seconds)

        scenarios = {
            "plancher": floor,
            "étape GET": step_get,
            "étape POST (un dossier par client)":
                lambda b, i, record: save_first_step(b, own[i], record),
            "étape POST (dossier partagé)":
                lambda b, i, record: save_first_step(b, shared, record),
        }
        results["python"] = {}
        for name, action in scenarios.items():
            stats, cpu = cpu_of(lambda: drive(browsers, action, duration))
            summary = {kind: stats.summary(kind) for kind in stats.samples}
            main_kind = "POST" if "POST" in summary else "GET"
            # per main request: a POST's CPU includes the GET that fetched its token
            summary[main_kind]["cpu_ms"] = cpu * 1000 / max(summary[main_kind]["count"], 1)
            results["python"][name] = summary
    results["integrity"] = integrity(db, env)
    results["pages"] = page_costs(env, shared)
    return results


def integrity(db: Database, env: dict) -> str:
    if not db.url.startswith("sqlite:///"):
        return "n/a"
    import sqlite3

    with contextlib.closing(sqlite3.connect(db.url.removeprefix("sqlite:///"))) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def machine() -> str:
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} CPU (nproc), Python {platform.python_version()}, "
            f"{platform.machine()}, charge moyenne au départ {fmt(load)}")


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _cpu(r: dict) -> str:
    return fmt(r["cpu_ms"]) if "cpu_ms" in r else ""


def report(db: Database, results: dict, clients: int, duration: float) -> str:
    """Markdown: throughput and latency per tool, the ratios, the in-process page costs.

    « CPU serveur » is the CPU time of gunicorn's processes during the scenario divided by its
    requests (for a POST scenario, by its POSTs: each includes the GET of its token); it does
    not depend on what else runs on the machine, unlike req/s. For PostgreSQL it leaves out
    the database server's own processes."""
    lines = [f"### {db.kind}", ""]
    if "wrk" in results:
        w = results["wrk"]
        lines += [f"wrk (GET), {clients} connexions, {int(duration)} s :", "",
                  "| scénario | requêtes | req/s | p50 (ms) | p95 (ms) | erreurs "
                  "| CPU serveur (ms/req) |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name, r in w.items():
            lines.append(f"| {name} | {r['count']} | {fmt(r['rps'])} | {fmt(r['p50_ms'])} | "
                         f"{fmt(r['p95_ms'])} | {r['errors']} | {_cpu(r)} |")
        ratio = w["étape GET"]["rps"] / w["plancher"]["rps"]
        cpu_ratio = w["plancher"]["cpu_ms"] / w["étape GET"]["cpu_ms"]
        lines += ["", f"Rapport étape GET / plancher (wrk) : **{fmt(ratio, 2)}** en req/s, "
                  f"{fmt(cpu_ratio, 2)} en CPU serveur (cible ≥ 0,5).", ""]
    lines += [f"Générateur Python (threads + tests/integration/http.py), {clients} clients, "
              f"{int(duration)} s par scénario :", "",
              "| scénario | requête | requêtes | req/s | p50 (ms) | p95 (ms) | statuts "
              "| CPU serveur (ms/req) |",
              "|---|---|---:|---:|---:|---:|---|---:|"]
    for name, kinds in results["python"].items():
        for kind, r in kinds.items():
            statuses = ", ".join(f"{s or 'connexion'} × {n}" for s, n in r["statuses"].items())
            lines.append(f"| {name} | {kind} | {r['count']} | {fmt(r['rps'])} | "
                         f"{fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | {statuses} | {_cpu(r)} |")
    py = results["python"]
    floor, get = py["plancher"]["GET"], py["étape GET"]["GET"]
    post = py["étape POST (un dossier par client)"]["POST"]
    lines += ["", "Rapport étape GET / plancher (Python) : "
              f"**{fmt(get['rps'] / floor['rps'], 2)}** "
              f"en req/s, {fmt(floor['cpu_ms'] / get['cpu_ms'], 2)} en CPU serveur ; "
              f"étape POST (un dossier par client, avec son GET) / plancher : "
              f"{fmt(post['rps'] / floor['rps'], 2)} en req/s, "
              f"{fmt(floor['cpu_ms'] / post['cpu_ms'], 2)} en CPU serveur (cible ≥ 0,5).", "",
              f"`PRAGMA integrity_check` après la charge : {results['integrity']}.", ""]
    pages = results.get("pages")
    if pages:
        lines += ["Coût CPU de chaque page dans le processus (client de test Flask, médiane de 15, "
                  "sans charge) et rapport plancher / page :", "",
                  "| page | CPU (ms) | plancher / page |", "|---|---:|---:|"]
        for name, ms in pages.items():
            lines.append(f"| {name} | {fmt(ms)} | {fmt(pages['plancher'] / ms, 2)} |")
        lines.append("")
    return "\n".join(lines)


def database_makers(only: str | None, tmp: Path) -> list:
    """The databases to run against (`--only sqlite|postgres`): context-manager factories;
    PostgreSQL is left out, with a message, when no server answers."""
    makers = []
    if only in (None, "sqlite"):
        makers.append(lambda: sqlite_database(tmp))
    if only in (None, "postgres"):
        if postgres_reachable():
            makers.append(postgres_database)
        else:
            print("PostgreSQL injoignable (127.0.0.1:5432) : passe PostgreSQL sautée.")
    return makers


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="secondes par scénario")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--json", type=Path, help="écrire aussi les résultats bruts (JSON)")
    parser.add_argument("--profile", metavar="SLUG",
                        help="profil pyinstrument d'une page (slug d'étape, plancher, "
                        "récapitulatif, PDF) sur SQLite, sans charge ; pyinstrument à installer")
    parser.add_argument("--repeat", type=int, default=15, help=argparse.SUPPRESS)
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # internal: see _seed
    parser.add_argument("--pages", type=int, help=argparse.SUPPRESS)  # internal: see _pages
    args = parser.parse_args(argv)
    if args.pages:
        _pages(args.pages, args.repeat, args.profile)
        return 0
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
            with sqlite_database(Path(tmp)) as db:
                env = server_env(db.url)
                seeded = prepare(env, dossiers=1)
                print(json.dumps(page_costs(env, seeded["shared"], 30, args.profile), indent=1,
                                 ensure_ascii=False))
        return 0
    if args.seed:
        dossiers, leads = (int(x) for x in args.seed.split(","))
        _seed(dossiers, leads)
        return 0
    if not 1 <= args.clients <= 64 or not 1 <= args.duration <= 600:
        parser.error("--clients 1..64, --duration 1..600")
    tool = "Python seul (wrk absent)"
    if shutil.which("wrk"):
        version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
        tool = "wrk " + (version[1] if len(version) > 1 else "?") + " et Python"
    print(f"Machine : {machine()} ; générateur GET : {tool}")
    raw = {}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        tmp = Path(tmp)
        for make in database_makers(args.only, tmp):
            with make() as db:
                results = run_load(db, args.clients, args.duration, tmp)
                raw[db.kind] = results
                print(report(db, results, args.clients, args.duration), flush=True)
    if args.json:
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
