#!/usr/bin/env bash
# make test-cluster: a bench data set in the cluster's database, the cluster started (scripts/cluster.sh), the
# load and the faults run against it (bench/cluster.py prints PASS or FAIL per check), the cluster stopped
# whatever happens. Exit status 0 only when every check passed.
#
#   CLUSTER_TEST_SCALE   size of the generated data set (bench/generate.py --scale; default 0.02)
#   CLUSTER_TEST_POOL    applications in the load's pool (default 300: each takes about 8 steps before the load
#                        leaves it, and a quiet machine takes some 200 steps per 30-s run)
#   CLUSTER_TEST_SECONDS length of the load in each run (default 30)
#   CLUSTER_TEST_CLIENTS concurrent clients of the load (default 8: 4 writers, 4 readers)
#   CLUSTER_TEST_RESULTS where to write the checks' details (default $CLUSTER_RUN/results.json)
set -euo pipefail
cd "$(dirname "$0")/.."
export CLUSTER_RUN=${CLUSTER_RUN:-/tmp/hrparks-cluster}
DATABASE=${CLUSTER_DATABASE:-hrparks_cluster}
PY=.venv/bin/python

cleanup() {
  scripts/cluster.sh stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/cluster.sh stop
mkdir -p "$CLUSTER_RUN"
scripts/ensure-postgres.sh
echo "test-cluster: generating the data set in $DATABASE (scale ${CLUSTER_TEST_SCALE:-0.02})"
timeout 900 "$PY" -m bench.generate "postgres://postgres@127.0.0.1:5432/$DATABASE" --scale "${CLUSTER_TEST_SCALE:-0.02}" \
  --pool "${CLUSTER_TEST_POOL:-300}" \
  >"$CLUSTER_RUN/generate.log" 2>&1 || {
  cat "$CLUSTER_RUN/generate.log" >&2
  exit 1
}
timeout 900 scripts/cluster.sh start
timeout 1200 "$PY" -m bench.cluster run --seconds "${CLUSTER_TEST_SECONDS:-30}" --clients "${CLUSTER_TEST_CLIENTS:-8}" \
  --results "${CLUSTER_TEST_RESULTS:-$CLUSTER_RUN/results.json}"
