"""Endurance test: `python bench/soak.py [--users 30] [--duration 60] [--think 0]`.

The same server as bench/load.py (gunicorn, 2 sync workers, a throw-away SQLite file in WAL
mode, then a throw-away PostgreSQL database when 127.0.0.1:5432 answers), with `--users`
leads of Lille, each logged in with their own dossier (the document of
tests/data/dossier-complete.json). Every simulated user loops until the duration is over
(bounded by a request count too), picking at random:

- ``étape`` (50 %): GET of a random step, then POST of that form back with one free-text field
  changed (fresh CSRF token and version from the GET), the POST expected to answer 302;
- ``récapitulatif`` (30 %): GET /dossiers/<id>/recapitulatif;
- ``PDF`` (20 %): GET /dossiers/<id>/dossier.pdf (the reportlab rendering).

An error is any 5xx answer or a connection error/timeout; any other unexpected status
(400, 409…) is counted apart. Target: 0 errors. Prints requests, errors and p50/p95 per kind.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    BENCH_PASSWORD,
    STEP_SLUGS,
    database_makers,
    drive,
    fmt,
    form_of,
    gunicorn,
    integrity,
    login,
    machine,
    next_number,
    prepare,
    server_env,
    timed,
)

# one free-text field per step whose change makes the save write (others post back as is)
EDITED = {
    "porteur-territoire": "holder_name",
    "diagnostic": "summary",
    "objectifs": "specific-0",
    "partenaires": "steering_body",
    "evaluation": "suggestions",
}
EXPECTED = {"étape GET": 200, "étape POST": 302, "récapitulatif": 200, "PDF": 200}
KINDS = tuple(EXPECTED)


def user_action(think: float):
    def action(user, i, record):
        browser, dossier, rng = user
        pick = rng.random()
        if pick < 0.5:
            slug = rng.choice(STEP_SLUGS)
            path = f"/dossiers/{dossier}/etapes/{slug}"
            status, seconds, html = timed(browser, path)
            record("étape GET", status, seconds)
            if status == 200:
                fields = form_of(html)
                if slug in EDITED:
                    fields.setlist(EDITED[slug], [f"Modification d'endurance {next_number()}"])
                fields.setlist("action", ["draft"])
                status, seconds, _ = timed(browser, path, list(fields.items(multi=True)))
                record("étape POST", status, seconds)
        elif pick < 0.8:
            status, seconds, _ = timed(browser, f"/dossiers/{dossier}/recapitulatif")
            record("récapitulatif", status, seconds)
        else:
            status, seconds, _ = timed(browser, f"/dossiers/{dossier}/dossier.pdf")
            record("PDF", status, seconds)
        if think:
            time.sleep(rng.uniform(0, 2 * think))
    return action


def run_soak(db, users: int, duration: float, think: float, tmp: Path) -> dict:
    env = server_env(db.url)
    seeded = prepare(env, dossiers=0, leads=users)
    with gunicorn(env, workers=2, log=tmp / "gunicorn-soak.log") as server:
        clients = [(login(server.url, email, BENCH_PASSWORD), dossier, random.Random(n))
                   for n, (email, dossier) in enumerate(seeded["leads"])]
        server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
        stats = drive(clients, user_action(think), duration)
        server_cpu = server.cpu_seconds() - server_cpu
        client_cpu = time.process_time() - client_cpu
    summary = {kind: stats.summary(kind) for kind in KINDS if kind in stats.samples}
    total = sum(r["count"] for r in summary.values())
    errors = sum(n for r in summary.values() for s, n in r["statuses"].items()
                 if s == 0 or s >= 500)
    unexpected = sum(n for kind, r in summary.items() for s, n in r["statuses"].items()
                     if 0 < s < 500 and s != EXPECTED[kind])
    return {"summary": summary, "total": total, "errors": errors, "unexpected": unexpected,
            "seconds": stats.seconds, "integrity": integrity(db, env),
            "server_cpu": server_cpu, "client_cpu": client_cpu}


def report(db, results: dict, users: int, duration: float, think: float) -> str:
    lines = [f"### {db.kind}", "",
             f"{users} utilisateurs, {int(duration)} s, "
             f"temps de réflexion moyen {fmt(think, 2)} s : **{results['total']} requêtes** "
             f"({fmt(results['total'] / results['seconds'])} req/s), "
             f"**{results['errors']} erreur(s)** (5xx ou connexion ; cible 0), "
             f"{results['unexpected']} autre(s) statut(s) inattendu(s). "
             f"CPU de gunicorn : {fmt(results['server_cpu'])} s "
             f"({fmt(results['server_cpu'] * 1000 / max(results['total'], 1))} ms par requête) ; "
             f"CPU du générateur (même machine) : {fmt(results['client_cpu'])} s, "
             f"pour {fmt(results['seconds'])} s écoulées.", "",
             "| requête | nombre | p50 (ms) | p95 (ms) | statuts |", "|---|---:|---:|---:|---|"]
    for kind, r in results["summary"].items():
        statuses = ", ".join(f"{s or 'connexion'} × {n}" for s, n in r["statuses"].items())
        lines.append(f"| {kind} | {r['count']} | {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | "
                     f"{statuses} |")
    lines += ["", f"`PRAGMA integrity_check` après l'endurance : {results['integrity']}.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--duration", type=float, default=60, help="secondes")
    parser.add_argument("--think", type=float, default=0.0,
                        help="temps de réflexion moyen entre deux actions (s), 0 = sans pause")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 200 or not 1 <= args.duration <= 900 or not 0 <= args.think <= 30:
        parser.error("--users 1..200, --duration 1..900, --think 0..30")
    print(f"Machine : {machine()}")
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        tmp = Path(tmp)
        for make in database_makers(args.only, tmp):
            with make() as db:
                results = run_soak(db, args.users, args.duration, args.think, tmp)
                print(report(db, results, args.users, args.duration, args.think), flush=True)
                failed |= results["errors"] > 0
                if results["errors"]:
                    log = tmp / "gunicorn-soak.log"
                    tail = log.read_text(errors="replace")[-3000:]
                    print("Extrait du journal gunicorn :\n" + tail)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
