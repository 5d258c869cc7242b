"""Time the advisers' dashboard at 100 and 35 000 dossiers: `python bench/dashboard.py`.

Each size gets its own SQLite file in a temporary directory: as many communes as dossiers
(one dossier per commune, bulk inserts), states spread over every state (drafts included,
which the dashboard skips), the document of tests/data/dossier-complete.json in every row
so table scans read realistic rows. Each page is fetched through the Flask test client,
logged in as an adviser: one warm-up, then the median of REPEAT timed GETs. Prints a
markdown table with the 35 000 / 100 ratio (target ≤ 1.5) and, unless --no-write, appends
a « Tableau de bord conseiller » section to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from wizard import create_app  # noqa: E402
from wizard.accounts import hash_password  # noqa: E402
from wizard.communes import search_key  # noqa: E402
from wizard.db import db  # noqa: E402
from wizard.models import Commune, Dossier, DossierState, Role, User  # noqa: E402

SIZES = (100, 35_000)
REPEAT = 5
PASSWORD = "Mot-de-passe-du-banc-2026"
DEPARTMENTS = ("02", "59", "60", "62", "80")
SYLLABLES = ("sa", "int", "ville", "mont", "bour", "g", "la", "roche", "be", "aul", "é", "cour")
DOCUMENT = json.loads((ROOT / "tests/data/dossier-complete.json").read_text(encoding="utf-8"))
PAGES = {  # label: query string (the last page is resolved per size)
    "page par défaut": "",
    "page filtrée (département, état, titre)": "departement=59&etat=depose&recherche=quartier",
    "page filtrée (commune par nom)": "commune=saint",
    "tri par coût total": "tri=cout",
    "tri par titre": "tri=titre",
    "tri par commune": "tri=commune",
    "tri par état": "tri=etat",
    "dernière page": "page={last}",
}
COMPARED = ("page par défaut", "page filtrée (département, état, titre)")
# the indexes recommended to the lead (the second run creates them; no migration here)
INDEXES = {
    # covering index of the GROUP BY (counts and totals): filters and sums without the table
    "ix_dossiers_dashboard": "CREATE INDEX ix_dossiers_dashboard ON dossiers (state, department, "
    "commune_id, updated_at, title, mediator_fte, total_cost, commune_share)",
    "ix_dossiers_total_cost": "CREATE INDEX ix_dossiers_total_cost ON dossiers (total_cost)",
    "ix_dossiers_title": "CREATE INDEX ix_dossiers_title ON dossiers (title)",
}


def populate(n: int) -> None:
    """n communes and n dossiers (one each), states spread, dates over two years."""
    rng = random.Random(n)
    communes = []
    for i in range(n):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        name = ("Saint-" if i % 7 == 0 else "") + "".join(
            rng.choice(SYLLABLES) for _ in range(3)
        ).capitalize() + f" {i}"
        communes.append(dict(
            id=i + 1, insee_code=f"{dept}{i % 1000:03d}", kind=f"bench-{i // 1000}",
            name=name, search_name=search_key(name), department=dept, region="32",
            population=rng.randint(100, 200_000),
        ))
    db.session.execute(insert(Commune), communes)
    states = list(DossierState)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    words = ("Médiation", "quartier", "gare", "centre", "tranquillité", "nocturne")
    dossiers = []
    for i in range(n):
        cost = Decimal(rng.randint(50_000, 900_000)) / 10
        dossiers.append(dict(
            commune_id=i + 1, department=communes[i]["department"],
            title=f"{rng.choice(words)} {rng.choice(words)} {i}", state=states[i % len(states)],
            document=DOCUMENT, pending={}, version=1, total_cost=cost,
            commune_share=(cost * Decimal("0.3")).quantize(Decimal("0.01")),
            mediator_fte=Decimal(rng.randint(1, 40)) / 4, created_at=start,
            updated_at=start + timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60)),
        ))
    db.session.execute(insert(Dossier), dossiers)
    db.session.add(User(email="conseil@bench.fr", name="Banc", role=Role.ADVISER, active=True,
                        password_hash=hash_password(PASSWORD)))
    db.session.commit()


def log_in(client) -> None:
    page = client.get("/connexion").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/connexion", data={
        "email": "conseil@bench.fr", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code


def median_ms(client, url: str) -> float:
    """One warm-up GET, then the median of REPEAT, in milliseconds of CPU time.

    CPU time of this process (user + system, SQLite included as it runs in-process) rather
    than wall time, so that other jobs sharing the machine do not blur the ratio.
    """
    assert client.get(url).get_data() is not None
    times = []
    for _ in range(REPEAT):
        begin = time.process_time()
        response = client.get(url)
        response.get_data()  # the CSV export streams: time the whole body
        times.append((time.process_time() - begin) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def measure(n: int, with_indexes: bool) -> dict[str, float]:
    """Timings (ms) of every page of PAGES and of the CSV export, for n dossiers."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        })
        with app.app_context():
            db.create_all()
            populate(n)
            if with_indexes:
                for name, ddl in INDEXES.items():
                    db.session.execute(text(ddl))
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            listed = sum(1 for s in DossierState if s is not DossierState.DRAFT) / len(DossierState)
            last = max(1, -(-int(n * listed) // 50))
            client = app.test_client()
            log_in(client)
            out = {label: median_ms(client, "/conseiller/?" + query.format(last=last))
                   for label, query in PAGES.items()}
            out["export CSV (toute la liste)"] = median_ms(client, "/conseiller/export.csv")
            db.session.remove()
            db.engine.dispose()
    return out


def table(results: dict[int, dict[str, float]]) -> str:
    small, large = SIZES
    head = f"| requête | {small:,} dossiers (ms) | {large:,} dossiers (ms) | rapport |"
    lines = [head.replace(",", "\u202f"), "|---|---:|---:|---:|"]
    for label in results[small]:
        a, b = results[small][label], results[large][label]
        mark = " (cible ≤ 1,5)" if label in COMPARED else ""
        lines.append(f"| {label} | {a:.1f} | {b:.1f} | {b / a:.2f}{mark} |".replace(".", ","))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args()
    reports = {}
    for with_indexes in (False, True):
        results = {n: measure(n, with_indexes) for n in SIZES}
        reports[with_indexes] = table(results)
        print("avec les index recommandés" if with_indexes else "index actuels")
        print(reports[with_indexes], end="\n\n")
    if args.no_write:
        return
    ddl = "\n".join(INDEXES.values())
    section = f"""
## Tableau de bord conseiller

```
.venv/bin/python bench/dashboard.py
```

`GET /conseiller/` through the Flask test client, logged in as an adviser, SQLite file
database; median of {REPEAT} requests after one warm-up, in **CPU time** of the process
(SQLite runs in it), on Python {platform.python_version()}, {platform.machine()},
{os.cpu_count()} CPUs shared with other jobs (load average {os.getloadavg()[0]:.1f}), which is
why wall time was not used. One commune per dossier,
states spread over the nine states (drafts, one in nine, are not listed), every row carrying
the document of `tests/data/dossier-complete.json`. A page costs two statements whatever the
volume: counts and totals per state (one GROUP BY), then the page (LIMIT/OFFSET, commune
joined). The export row is the whole filtered list (O(n) by nature, not a target).

With the indexes of the models at the time of writing:

{reports[False]}

With the recommended indexes created first:

```sql
{ddl}
```

{reports[True]}

Reading: with the recommended indexes, what still grows with the volume is the GROUP BY
that sums the regional totals over every listed dossier (an index-only scan of about
31 000 entries, a few ms): it is O(n) by nature and keeps the default page above 1.5.
The commune filter « saint » matches one commune in seven (5 000 dossiers): their totals and
the date sort read those table rows. At 100 dossiers the filtered page lists one or two rows against a full page of 50 at
35 000, so most of its difference is rendering 50 rows (Babel formats), not SQL.
Without the covering index every sum reads the row past its JSON document (overflow pages
in SQLite), hence the figures of the first table. The deep page pays OFFSET (31 000 rows
skipped along the updated_at index); keyset pagination would fix it if ever needed.
"""
    with (ROOT / "docs/benchmarks.md").open("a", encoding="utf-8") as handle:
        handle.write(section)


if __name__ == "__main__":
    main()
