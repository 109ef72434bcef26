#!/usr/bin/env bash
# Side-by-side speed runs: R rounds, each running the eager-PyTorch peer at 1 and 2 threads (each
# also with OPENBLAS_NUM_THREADS=1, config "peer Nt 1 blas thread"), then
# `mppm bench --part P` for every P in $PARTS in each configuration of $CONFIGS (intra-op threads
# and parallel restoration chunks; one JVM per run: the engine fixes its threads when it starts;
# each started by the mppm launcher, with glibc's malloc on one arena unless MALLOC_ARENA_MAX is
# set). One JSON line per run on stdout, prefixed by round and
# configuration, the run's own line kept whole:
#   {"round": 1, "config": "peer 1t", "run": {"peer": "pytorch-eager 1.13.1", "threads": 1, ...}}
#   {"round": 1, "config": "mppm lmppm 2t", "run": {"part": "lmppm", "threads": 2, "sgemmGflops": ...}}
# Progress goes to stderr. Run it on an idle machine; tools/bench_summary.py makes the table.
#
# Usage, from the repository root after `mvn -B -q package -DskipTests`:
#   tools/bench_rounds.sh 3 > bench-runs.jsonl && tools/bench_summary.py bench-runs.jsonl
# Environment (defaults in brackets):
#   MPPM_JAR    the program [mppm-examples/target/mppm.jar]
#   PEER        the peer script [../shared/bench/peer_lmppm.py]
#   PYTHON      the peer's interpreter [/usr/bin/python3: Debian's python3-torch, which needs
#               libopenblas0-pthread installed or it runs on the reference BLAS]
#   PARTS       the bench parts [lmppm dae ldm]
#   THREADS     the peer's thread counts [1 2]
#   CONFIGS     mppm's configurations INTRA:CHUNKS, intra-op threads and parallel restoration
#               chunks (bench --chunk-threads) [1:1 2:1 1:2]
#   BENCH_ARGS  extra bench options, e.g. "--warmup 0 --iterations 1" for a quick check []
set -euo pipefail
. "$(dirname "$0")/bench_common.sh"
bench_setup bench_rounds.sh "${1:-3}"
jar="${MPPM_JAR:-mppm-examples/target/mppm.jar}"
parts="${PARTS:-lmppm dae ldm}"
threads="${THREADS:-1 2}"
configs="${CONFIGS:-1:1 2:1 1:2}"
read -r -a bench_args <<< "${BENCH_ARGS:-}"

[[ -f "$jar" ]] || { echo "bench_rounds.sh: no program at $jar (build it: mvn -B -q package -DskipTests, or set MPPM_JAR)" >&2; exit 2; }
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
if [[ -n "$blas" && "$blas" != *openblas* ]]; then
    echo "bench_rounds.sh: warning: libblas.so.3 is $blas, not OpenBLAS; the peer will run on the reference BLAS" \
         "(apt-get install libopenblas0-pthread)" >&2
fi

# run ROUND CONFIG COMMAND...: runs the command, keeps the last line of its stdout (a JSON object)
run() {
    local round="$1" config="$2" out line
    shift 2
    echo "round $round: $config" >&2
    if ! out="$("$@")"; then
        echo "bench_rounds.sh: round $round, $config failed: $*" >&2
        exit 1
    fi
    line="$(printf '%s\n' "$out" | tail -n 1)"
    if [[ "$line" != \{*\} ]]; then
        echo "bench_rounds.sh: round $round, $config printed no JSON line: $line" >&2
        exit 1
    fi
    printf '{"round": %d, "config": "%s", "run": %s}\n' "$round" "$config" "$line"
}

for ((r = 1; r <= rounds; r++)); do
    for t in $threads; do
        run "$r" "peer ${t}t" "$python" "$peer" "$t"
        # OpenBLAS starts threads of its own beside PyTorch's: with one, the peer's 2 threads no
        # longer oversubscribe the cores (its best configuration), and its 1 thread is really one
        run "$r" "peer ${t}t 1 blas thread" env OPENBLAS_NUM_THREADS=1 "$python" "$peer" "$t"
    done
    for part in $parts; do
        for c in $configs; do
            t="${c%%:*}"
            chunks="${c##*:}"
            run "$r" "mppm $part ${t}t ${chunks}c" mppm_run "$jar" "$t" bench --part "$part" --chunk-threads "$chunks" \
                "${bench_args[@]}"
        done
    done
done
