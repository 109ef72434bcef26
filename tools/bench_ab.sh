#!/usr/bin/env bash
# Two jars against each other and the eager-PyTorch peer: R rounds, each running the peer at 1 and
# 2 threads, then `bench --part lmppm` with the jar before and the jar after in turn (1 thread;
# after with THP_MEM_ALLOC_ENABLE=0, i.e. without huge pages; 2 threads; 1 thread with 2 chunks, both jars).
# One JSON line per run on stdout: {"round": R, "config": "...", "run": {...}}.
#
# Usage: tools/bench_ab.sh BEFORE.jar AFTER.jar [ROUNDS=3] > runs.jsonl
# Environment: PEER [../shared/bench/peer_lmppm.py], PYTHON [/usr/bin/python3].
set -euo pipefail
if [[ $# -lt 2 || ! -f "$1" || ! -f "$2" ]]; then
    echo "bench_ab.sh: usage: tools/bench_ab.sh BEFORE.jar AFTER.jar [ROUNDS]" >&2
    exit 2
fi
before="$1"
after="$2"
. "$(dirname "$0")/bench_common.sh"
bench_setup bench_ab.sh "${3:-3}"

line() {
    printf '{"round": %d, "config": "%s", "run": %s}\n' "$1" "$2" "$(tail -n 1)"
}
bench() {
    local threads="$1" jar="$2"
    shift 2
    mppm_run "$jar" "$threads" bench --part lmppm "$@"
}

for ((r = 1; r <= rounds; r++)); do
    echo "round $r" >&2
    "$python" "$peer" 1 | line "$r" "peer 1t"
    "$python" "$peer" 2 | line "$r" "peer 2t"
    bench 1 "$before" | line "$r" "before 1t"
    bench 1 "$after" | line "$r" "after 1t"
    THP_MEM_ALLOC_ENABLE=0 bench 1 "$after" | line "$r" "after 1t no huge pages"
    bench 2 "$before" | line "$r" "before 2t"
    bench 2 "$after" | line "$r" "after 2t"
    bench 1 "$before" --chunk-threads 2 | line "$r" "before 1t 2c"
    bench 1 "$after" --chunk-threads 2 | line "$r" "after 1t 2c"
done
