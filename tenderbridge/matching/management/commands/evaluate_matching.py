"""manage.py evaluate_matching --profiles P.jsonl --notices N.jsonl --truth T.csv
        [--direction notice-to-supplier|supplier-to-notice] [--k 1,5,10] [--json] [--seed 0] [--max-queries N]

recall@k, MRR and the number of queries for the product's ranker (tenderbridge.lib.matching.ranker, the same
functions the feeds call, with the weights of lib/matching/weights.py) and, in the same run, the baselines random,
UNSPSC-code-only and BM25. Notices and past contracts without codes get the family the product's classifier
predicts, as stored notices do. File formats, bad-input rules and metrics: lib/matching/evaluation.py.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from tenderbridge.lib.matching import evaluation
from tenderbridge.matching.evaluation import evaluation_encoder, family_predictor


def _ks(text: str) -> list[int]:
    try:
        ks = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise CommandError(f"--k must be whole numbers separated by commas, such as 1,5,10 (got {text!r}).") from None
    if not ks or ks[0] < 1:
        raise CommandError(f"--k must list at least one number, each 1 or more (got {text!r}).")
    return ks


class Command(BaseCommand):
    help = "Evaluate the matching ranker and its baselines on labelled profiles, notices and true pairs."

    def add_arguments(self, parser):
        parser.add_argument("--profiles", required=True, help="P.jsonl: one supplier profile per line")
        parser.add_argument("--notices", required=True, help="N.jsonl: one OCDS compiled release per line")
        parser.add_argument("--truth", required=True, help="T.csv: header profile_id,ocid, one true pair per row")
        parser.add_argument("--direction", choices=evaluation.DIRECTIONS, help="one direction (default: both)")
        parser.add_argument("--k", default="1,5,10", help="cut-offs for recall@k (default 1,5,10)")
        parser.add_argument("--json", action="store_true", help="print one JSON document instead of tables")
        parser.add_argument("--seed", type=int, default=0, help="seeds the row order and the random baseline")
        parser.add_argument("--max-queries", type=int, help="evaluate a seeded sample of this many queries")
        parser.add_argument("--no-embedding-cache", action="store_true",
                            help="encode every text afresh instead of reusing var/matching-embedding-cache-use.npz")

    def handle(self, *args, **options):
        ks = _ks(options["k"])
        if options["max_queries"] is not None and options["max_queries"] < 1:
            raise CommandError("--max-queries must be 1 or more.")
        directions = [options["direction"]] if options["direction"] else list(evaluation.DIRECTIONS)
        try:
            result, reports = self._run(options, ks, directions)
        except evaluation.EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({**result, "files": [r.as_dict() for r in reports]}, indent=1))
        else:
            self.stdout.write(evaluation.format_report(result, reports))

    def _run(self, options, ks, directions):
        predict = family_predictor()
        if predict is None:
            self.stderr.write("No taxonomy classifier (no data folder): notices without codes get no category.")
        profiles, p_report = evaluation.read_profiles(options["profiles"])
        notices, n_report = evaluation.read_notices(options["notices"], predict)
        truth, t_report = evaluation.read_truth(
            options["truth"], {p.id for p in profiles}, {n.id for n in notices}
        )
        for report in (p_report, n_report, t_report):
            for problem in report.problems[:20]:
                self.stderr.write(problem)
            if report.skipped > 20:
                self.stderr.write(f"{report.path}: {report.skipped - 20:,} more problems (see --json)")
        profiles = evaluation.with_predicted_history(profiles, predict)
        encoder = evaluation_encoder(cache=not options["no_embedding_cache"])
        result = evaluation.evaluate(
            profiles, notices, truth, directions=directions, ks=ks, seed=options["seed"], encoder=encoder,
            max_queries=options["max_queries"], progress=lambda message: print(message, file=sys.stderr),
        )
        if hasattr(encoder, "save"):
            encoder.save()
        return result, [p_report, n_report, t_report]
