"""Markdown tables of docs/matching.md from the JSON that benchmarks/matching_evaluate_all.sh wrote.

    .venv/bin/python benchmarks/matching_tables.py [var/matching-results]
"""

import json
import sys
from pathlib import Path

ORDER = ["asr-2012", "asr-2013", "asr-2014", "asr-2015", "asr-2016", "nato-2015", "nato-2016", "nato-2017",
         "nato-2018", "nato-2019"]
HELD_OUT = {"asr-2016", "nato-2019"}


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "var/matching-results")
    for direction in ("notice-to-supplier", "supplier-to-notice"):
        print(f"\n**{direction}**\n")
        print("| fold | split | queries | candidates | ranker | recall@1 | recall@5 | recall@10 | MRR |")
        print("|---|---|---:|---:|---|---:|---:|---:|---:|")
        for fold in ORDER:
            path = folder / f"{fold}.json"
            if not path.exists() or not path.stat().st_size:
                continue  # not run, or still running
            block = json.loads(path.read_text())["directions"][direction]
            split = "held-out" if fold in HELD_OUT else "tuning"
            for i, (name, m) in enumerate(block["rankers"].items()):
                lead = f"| {fold} | {split} | {block['queries']:,} | {block['candidates']:,} |" if i == 0 else "| | | | |"
                bold = "**" if name == "product" else ""
                print(f"{lead} {bold}{name}{bold} | {m['recall@1']:.3f} | {m['recall@5']:.3f} | {m['recall@10']:.3f} | {m['mrr']:.3f} |")


if __name__ == "__main__":
    main()
