#!/usr/bin/env bash
# Builds libmppm-kernels.so, mppm-core's native kernels (the fused kernel mean of Eq. 15), into the
# classes directory; called by Maven (mppm-core/pom.xml, process-classes) as
#   build.sh <java.home> <output dir>
# Only Linux x86-64 has a native build; elsewhere the library falls back to the engine's operations.
set -euo pipefail
java_home="$1"
out="$2"
src="$(cd "$(dirname "$0")" && pwd)"
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "mppm-core: no native kernels for $(uname -s) $(uname -m); the engine's operations are used"
  exit 0
fi
cc="${CC:-gcc}"
if ! command -v "$cc" > /dev/null; then
  echo "mppm-core: no C compiler ($cc) for the native kernels; install gcc, or build with -Dmppm.native.skip" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
flags=(-O3 -fPIC -std=gnu11 -Wall -Wextra -fvisibility=hidden)
"$cc" "${flags[@]}" -mavx2 -mfma -c "$src/kernel_mean_avx2.c" -o "$work/kernel_mean_avx2.o"
"$cc" "${flags[@]}" -I"$java_home/include" -I"$java_home/include/linux" -c "$src/mppm_kernels.c" -o "$work/mppm_kernels.o"
mkdir -p "$out"
"$cc" -shared -o "$work/libmppm-kernels.so" "$work/mppm_kernels.o" "$work/kernel_mean_avx2.o" -lm
mv "$work/libmppm-kernels.so" "$out/libmppm-kernels.so"
