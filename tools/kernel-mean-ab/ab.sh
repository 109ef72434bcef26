#!/usr/bin/env bash
# The native kernel mean of revision REV against the working tree's: same bits, and the time of
# one call of 256 queries over 8,000 codes of dimension 18 at each bandwidth given (one JSON line
# per round). Needs gcc and a CPU with AVX2 and FMA; run it on an idle machine.
#
# Usage, from the repository root: tools/kernel-mean-ab/ab.sh REV [H...]   (H default: 0.1 0.5 5)
set -euo pipefail
if [[ $# -lt 1 ]]; then
    echo "ab.sh: usage: tools/kernel-mean-ab/ab.sh REV [H...]" >&2
    exit 2
fi
rev="$1"
shift
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../mppm-core/src/main/c"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git show "$rev:mppm-core/src/main/c/kernel_mean_avx2.c" \
    | sed 's/void mppm_kernel_mean_avx2(/void mppm_kernel_mean_avx2_before(/' > "$work/before.c"
git show "$rev:mppm-core/src/main/c/kernel_mean.h" > "$work/kernel_mean.h"
for name in KM_K KM_ROWS KM_TILE; do
    if [[ "$(grep "#define $name " "$work/kernel_mean.h")" != "$(grep "#define $name " "$src/kernel_mean.h")" ]]; then
        echo "ab.sh: $name differs between $rev and the working tree; the harness needs the same sizes" >&2
        exit 1
    fi
done
# REV's kernel with REV's header (found beside before.c), and how REV lays out the logit codes
before_layout=()
if grep -q "#define KM_BLOCK " "$work/kernel_mean.h"; then
    before_layout=(-DBEFORE_PACKED)
fi
flags=(-O3 -std=gnu11 -mavx2 -mfma)
gcc "${flags[@]}" -c "$work/before.c" -o "$work/before.o"
gcc "${flags[@]}" -I"$src" -c "$src/kernel_mean_avx2.c" -o "$work/after.o"
gcc "${flags[@]}" -I"$src" "${before_layout[@]}" "$here/harness.c" "$work/before.o" "$work/after.o" -lm -o "$work/harness"
for h in "${@:-0.1 0.5 5}"; do
    for value in $h; do
        "$work/harness" "$value" 1
    done
done
