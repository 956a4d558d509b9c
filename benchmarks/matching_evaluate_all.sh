#!/usr/bin/env bash
# The figures of docs/matching.md: evaluate_matching on every fold of the development set
# (benchmarks/matching_devset.py), JSON per fold into var/matching-results/.
# Held-out folds with every query; tuning folds with a seeded sample of MAX_QUERIES queries per direction
# (default 2000) to bound the run time on a 2-core machine. Usage: benchmarks/matching_evaluate_all.sh [fold ...]
set -euo pipefail
cd "$(dirname "$0")/.."
DEV="${DEV:-var/matching-dev}"
OUT="${OUT:-var/matching-results}"
MAX_QUERIES="${MAX_QUERIES:-2000}"
mkdir -p "$OUT"
folds=("$@")
[ ${#folds[@]} -gt 0 ] || folds=(nato-2019 asr-2016 nato-2015 nato-2016 nato-2017 nato-2018 asr-2012 asr-2013 asr-2014 asr-2015)
for fold in "${folds[@]}"; do
  extra=()
  case "$fold" in asr-2016|nato-2019) ;; *) extra=(--max-queries "$MAX_QUERIES") ;; esac
  echo "== $fold" >&2
  .venv/bin/python manage.py evaluate_matching --profiles "$DEV/$fold/P.jsonl" --notices "$DEV/$fold/N.jsonl" \
    --truth "$DEV/$fold/T.csv" --json "${extra[@]}" > "$OUT/$fold.json"
done
