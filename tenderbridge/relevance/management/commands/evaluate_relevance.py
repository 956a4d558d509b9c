"""manage.py evaluate_relevance [--searches FILE] [--profiles FILE] [--judgements FILE] [--json] [--now ISO]

The judged relevance benchmark (docs/relevance.md): the product's search and feeds, and the two baselines (BM25
alone, vectors alone), over the open notices of the database, scored against the judgements."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from tenderbridge.lib import relevance as R
from tenderbridge.opportunities import clock
from tenderbridge.relevance import evaluation

BENCHMARK = Path(settings.BASE_DIR) / "benchmarks" / "relevance"


class Command(BaseCommand):
    help = "The judged relevance benchmark: nDCG@10, P@5, zero-result and missed rates for the product and the baselines."

    def add_arguments(self, parser):
        parser.add_argument("--searches", default=str(BENCHMARK / "queries.jsonl"), help="queries (JSONL)")
        parser.add_argument("--profiles", default=str(BENCHMARK / "profiles.jsonl"), help="supplier profiles (JSONL)")
        parser.add_argument("--judgements", default=str(BENCHMARK / "judgements.csv"), help="judgements (CSV)")
        parser.add_argument("--now", default="", help="the moment notices are open at (ISO 8601; default: the "
                            "product's clock, DEMO_NOW on the demo site)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--per-query", action="store_true", help="with --json: each query's figures and top 10")
        parser.add_argument("--queries-csv", default="", help="also write each query's figures per ranker to this "
                            "CSV file (side,ranker,id,ndcg,p5,relevant,relevant_in_top,results), to compare runs")

    def handle(self, *args, **options):
        try:
            queries = R.read_queries(options["searches"])
            profiles = R.read_profiles(options["profiles"])
            ids = [q.id for q in queries] + [p.id for p in profiles]
            if len(set(ids)) < len(ids):
                raise R.BenchmarkFileError("a query and a profile share an id; judgements could not tell them apart")
            judgements = R.read_judgements(options["judgements"], ids)
        except R.BenchmarkFileError as error:
            raise CommandError(str(error)) from error
        now = self._now(options["now"])
        say = (lambda message: self.stderr.write(message)) if options["verbosity"] > 1 else (lambda _m: None)
        ranked = evaluation.rank_all(queries, profiles, now, say=say)
        if not ranked.open_ocids:
            self.stderr.write(f"No notice is open at {now.isoformat()} (is DEMO_NOW set for the demo data?).")
        report = evaluation.evaluate(queries, profiles, judgements, ranked)
        if options["queries_csv"]:
            evaluation.write_queries_csv(report, options["queries_csv"])
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_json(report, options["per_query"]), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(evaluation.format_report(report))

    @staticmethod
    def _now(raw: str) -> datetime:
        if not raw:
            return clock.now()
        parsed = parse_datetime(raw)
        if parsed is None or parsed.tzinfo is None:
            raise CommandError(f"--now {raw!r} is not an ISO 8601 moment with a zone, such as 2024-03-06T00:00:00Z")
        return parsed
