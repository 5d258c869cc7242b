"""Micro-benchmark of the step pages' rendering: `python bench/render.py [--html DIR]`.

A throw-away SQLite database prepared like bench/load.py (migrations, communes sample, demo
accounts, one dossier holding tests/data/dossier-complete.json), then, in one process through
the Flask test client logged in as the demo lead, the median CPU time (process_time) of
--repeat GETs of each page after one warm-up. With --html DIR, the HTML of each page is
written to DIR/<slug>.html with the CSRF token replaced by « CSRF » (to diff two versions).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import DEMO_LEAD, DEMO_PASSWORD, prepare, server_env  # noqa: E402

PAGES = ("modalites", "diagnostic")


def _measure(dossier_id: int, repeat: int, pages: list[str], html_dir: str | None) -> None:
    """(In a subprocess with the server's settings.)"""
    from wizard import create_app

    app = create_app()
    client = app.test_client()
    html = client.get("/connexion").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/connexion", data={"email": DEMO_LEAD, "password": DEMO_PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302, response.status_code
    costs = {}
    for slug in pages:
        url = f"/dossiers/{dossier_id}/etapes/{slug}"
        first = client.get(url)
        assert first.status_code == 200, url
        if html_dir:
            text = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1CSRF", first.text)
            Path(html_dir, f"{slug}.html").write_text(text, encoding="utf-8")
        times = []
        for _ in range(repeat):
            begin = time.process_time()
            response = client.get(url)
            response.get_data()
            times.append(time.process_time() - begin)
            assert response.status_code == 200
        costs[slug] = round(statistics.median(times) * 1000, 2)
    print(json.dumps(costs))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--html", help="write each page's HTML (CSRF token normalised) here")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    if args.measure is not None:
        _measure(args.measure, args.repeat, args.pages, args.html)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = server_env(f"sqlite:///{tmp}/render.sqlite")
        dossier_id = prepare(env, dossiers=1)["shared"]
        cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", str(dossier_id),
               "--repeat", str(args.repeat), "--pages", *args.pages]
        if args.html:
            Path(args.html).mkdir(parents=True, exist_ok=True)
            cmd += ["--html", str(Path(args.html).resolve())]
        out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True,
                             text=True, timeout=600)
        costs = json.loads(out.stdout.strip().splitlines()[-1])
    for slug, ms in costs.items():
        print(f"{slug}: {ms:.1f} ms CPU (médiane de {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
