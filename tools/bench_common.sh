# Shared by tools/bench_rounds.sh and tools/bench_ab.sh (sourced): checks the rounds argument,
# sets the peer script and its interpreter, and starts mppm's JVMs as its launcher does (mppm_java).
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

# mppm_java ARGS...: java as the mppm launcher (mppm-examples/src/main/sh/mppm) starts it, with
# glibc's malloc on one arena unless the environment sets MALLOC_ARENA_MAX
mppm_java() {
    MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" java "$@"
}
