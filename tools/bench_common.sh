# Shared by tools/bench_rounds.sh and tools/bench_ab.sh (sourced): checks the rounds argument,
# sets the peer script and its interpreter, and starts mppm through its launcher (mppm_run).
#   bench_setup SCRIPT_NAME ROUNDS   -> sets $rounds, $peer, $python, or exits with code 2
bench_setup() {
    rounds="$2"
    if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
        echo "$1: ROUNDS must be a positive integer, got '$rounds'" >&2
        exit 2
    fi
    peer="${PEER:-../shared/bench/peer_lmppm.py}"
    python="${PYTHON:-/usr/bin/python3}"
    [[ -f "$peer" ]] || { echo "$1: no peer script at $peer (set PEER)" >&2; exit 2; }
}

# mppm_run JAR THREADS ARGS...: the program in JAR with THREADS intra-op threads, started by the mppm
# launcher (mppm-examples/src/main/sh/mppm: glibc's malloc on one arena unless MALLOC_ARENA_MAX is set)
mppm_run() {
    local jar="$1" threads="$2"
    shift 2
    MPPM_JAR="$jar" JAVA_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1" \
        "$(dirname "${BASH_SOURCE[0]}")/../mppm-examples/src/main/sh/mppm" "$@"
}
