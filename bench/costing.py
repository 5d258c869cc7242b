"""Time the costing: `python bench/costing.py` prints a markdown table (median, µs).

Cases: the spec example (tests/data/costing-example.json) and a 10-round, 3-year
dossier with reinforcements; each timed parse + compute, and compute alone.
"""

from __future__ import annotations

import copy
import json
import platform
import statistics
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wizard.costing import DEFAULT_PARAMETERS, compute, parse_costing_input  # noqa: E402

EXAMPLE = ROOT / "tests/data/costing-example.json"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def large_dossier() -> dict:
    """10 rounds of 6 slots each (some across midnight), 3 reinforcements, 3 years."""
    rounds = [
        {"name": f"Tournée {i + 1}", "places": [f"Lieu {i + 1}"],
         "slots": [{"day": DAYS[(i + j) % 7], "start": f"{(14 + i) % 24:02d}:30",
                    "end": f"{(20 + i) % 24:02d}:00", "mediators": 2 + 2 * (j % 2)}
                   for j in range(6)]}
        for i in range(10)
    ]
    reinforcements = [
        {"label": f"Renfort {k + 1}", "weeks": 4 + k,
         "slots": [{"day": d, "start": "21:00", "end": "01:00", "mediators": 2}
                   for d in ("fri", "sat", "sun")]}
        for k in range(3)
    ]
    return {
        "years": 3,
        "intervention": {
            "weeks_per_year": 47, "rounds": rounds, "reinforcements": reinforcements,
            "team_leader_fte": None, "new_mediators_to_train": 12, "vehicles": 2,
            "other_costs": [{"label": f"Poste {n}", "account": a, "amount": "1500",
                             "one_time": n % 2 == 0}
                            for n, a in enumerate(("613", "606", "616", "623", "625"))],
        },
        "parameters": {},
        "funding": {"adultes_relais_posts": 4, "funders": [
            {"name": "FIPD", "category": "etat", "amounts": ["60000", "60000", "50000"]},
            {"name": "Département", "category": "departement",
             "amounts": ["20000", "20000", "20000"]}]},
    }


def median_us(func, number: int, repeat: int = 7) -> float:
    """Median over `repeat` runs of the CPU time of one call, in microseconds (CPU time of
    the process, not wall time: the machine is shared, and waiting for a core is not
    the costing's cost)."""
    runs = timeit.repeat(func, number=number, repeat=repeat, timer=time.process_time)
    return statistics.median(runs) / number * 1e6


def main() -> None:
    """Print the table."""
    cases = {
        "spec example (1 round, 3 years)": json.loads(EXAMPLE.read_text("utf-8"))["input"],
        "10 rounds, 3 reinforcements, 3 years": large_dossier(),
    }
    print(f"Python {platform.python_version()}, {platform.machine()}; median of 7 repeats, CPU time\n")
    print("| case | slots | parse + compute (µs) | compute only (µs) |")
    print("|---|---:|---:|---:|")
    for name, data in cases.items():
        inp = parse_costing_input(copy.deepcopy(data), DEFAULT_PARAMETERS)
        slots = sum(len(r.slots) for r in inp.intervention.rounds) + sum(
            len(r.slots) for r in inp.intervention.reinforcements)
        full = median_us(lambda d=data: compute(parse_costing_input(d, DEFAULT_PARAMETERS)), 500)
        only = median_us(lambda i=inp: compute(i), 500)
        print(f"| {name} | {slots} | {full:.0f} | {only:.0f} |")


if __name__ == "__main__":
    main()
