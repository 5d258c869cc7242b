"""The largest dossier the schema accepts, page by page: `python bench/largest.py [--repeat N]`.

Every list of the document at its bound (`tests.pdf_limits.maximal_document`: 30 places with 14
need windows each, 10 rounds of 28 slots, 5 reinforcements, 60 partners, 30 funders, 40
indicators…, every text at its longest). In one process, an in-memory SQLite application (the test configuration), the
lead of Lille logged in through the login form; for each page the wall time and the CPU
time (process_time) of one GET, median of --repeat after a warm-up; then the adviser's PDF
(the largest document the prefecture can be sent), median of 3. Targets (issue 11, item
20): each page under 1 s, the PDF under 5 s on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.helpers import TEST_PASSWORD, add_dossier, seed_lille_and_lead  # noqa: E402
from tests.pdf_limits import maximal_document  # noqa: E402


def timed(call, repeat: int) -> tuple[float, float]:
    """(median wall ms, median CPU ms) of `call()` over `repeat` runs, after one warm-up."""
    call()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from wizard import create_app
    from wizard.db import db
    from wizard.models import Commune
    from wizard.pdf import render_dossier_pdf
    from wizard.steps import STEPS

    app = create_app("test")
    with app.app_context():
        seed_lille_and_lead()
        lille = db.session.scalar(db.select(Commune))
        dossier = add_dossier(lille, document=maximal_document(), sync=True)
        client = app.test_client()
        html = client.get("/connexion").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
        client.post("/connexion", data={"email": "porteur@lille.fr",
                                        "password": TEST_PASSWORD, "csrf_token": token})
        pages = [(step.title, f"/dossiers/{dossier.id}/etapes/{step.slug}") for step in STEPS]
        pages += [("Tâches", f"/dossiers/{dossier.id}"),
                  ("Récapitulatif", f"/dossiers/{dossier.id}/recapitulatif"),
                  ("Scénarios", f"/dossiers/{dossier.id}/scenarios")]
        print(f"Plus grand dossier accepté : {dossier.mediator_fte} ETP, "
              f"{len(dossier.document['intervention']['rounds'])} tournées")
        for title, url in pages:
            def get(url=url):
                response = client.get(url)
                assert response.status_code == 200, url
                return response.get_data()

            size = len(get())
            wall, cpu = timed(get, args.repeat)
            print(f"{title:35} {wall:8.0f} ms ({cpu:6.0f} ms CPU)  {size / 1024:8.0f} Kio")
        pdf = render_dossier_pdf(dossier, audience="adviser")
        wall, cpu = timed(lambda: render_dossier_pdf(dossier, audience="adviser"), 3)
        print(f"{'PDF (exemplaire conseiller)':35} {wall:8.0f} ms ({cpu:6.0f} ms CPU)  "
              f"{len(pdf) / 1024:8.0f} Kio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
