#!/usr/bin/env python3
"""Summarises tools/bench_rounds.sh output as Markdown: per configuration and key, the median over
the rounds with the range (min-max) and the number of runs.

Usage: bench_summary.py [FILE...]   (no FILE, or "-": standard input)

Input: one JSON object per line, {"round": R, "config": "...", "run": {...}}; lines that are
empty or start with '#' are skipped. Every numeric field of a run is summarised (nested objects
as "outer.inner"); "threads" is part of the configuration and is left out. Where a run carries
the roofline (sgemmGflops) and the work of a rate (trainSamplesPerSec, trainTwoPartsSamplesPerSec and
trainTwoFitsSamplesPerSec with trainMflopPerSample,
restoreImagesPerSec with restoreMflopPerImage, restore8kImagesPerSec with restore8kMflopPerImage),
a row "<rate> % of SGEMM" gives rate x MFLOP / 1000 / sgemmGflops per run, summarised the same way.
Configurations and keys keep the order they first appear in. Where rounds hold peer runs (configs
starting with "peer"), a second table gives each mppm training rate (keys train*SamplesPerSec) as a
multiple of the best peer training rate of the same round and file, summarised over the rounds.
Standard library only.
"""
import json
import re
import statistics
import sys

SKIPPED = {"threads"}


def numbers(obj, prefix=""):
    """(key, value) for every numeric field, nested objects flattened as outer.inner; booleans skipped."""
    for key, value in obj.items():
        name = prefix + key
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            yield name, float(value)
        elif isinstance(value, dict):
            yield from numbers(value, name + ".")


def roofline_fractions(run):
    """(key, percent) for every rate of the run whose FLOP per sample and roofline it also reports."""
    sgemm = run.get("sgemmGflops")
    if not isinstance(sgemm, (int, float)) or sgemm <= 0:
        return
    for key, rate in run.items():
        m = re.fullmatch(r"(\w+?)(?:TwoParts|TwoFits)?(Samples|Images)PerSec", key)
        if not m or not isinstance(rate, (int, float)):
            continue
        work = run.get(m.group(1) + "MflopPer" + m.group(2)[:-1])
        if isinstance(work, (int, float)):
            yield key + " % of SGEMM", 100.0 * rate * work / 1000.0 / sgemm


def fmt(x):
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def ratios_to_best_peer(rounds):
    """(config, key, ratio) per round: each training rate over the best peer training rate of its round."""
    for runs in rounds.values():
        peers = [run["train_samples_per_s"] for config, run in runs if config.startswith("peer")
                 and isinstance(run.get("train_samples_per_s"), (int, float))]
        if not peers or max(peers) <= 0:
            continue
        best = max(peers)
        for config, run in runs:
            for key, value in run.items():
                if re.fullmatch(r"train\w*SamplesPerSec", key) and isinstance(value, (int, float)):
                    yield config, key, value / best


def read(lines, source, rounds=None):
    table = {}  # config -> key -> [values]
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            record = json.loads(line)
            config, run = record["config"], record["run"]
        except (ValueError, KeyError, TypeError) as e:
            sys.exit(f"bench_summary.py: {source} line {n}: expected {{\"round\", \"config\", \"run\"}} JSON ({e}): {line[:80]}")
        if not isinstance(run, dict):
            sys.exit(f"bench_summary.py: {source} line {n}: \"run\" must be a JSON object, got {run!r}")
        if rounds is not None:
            rounds.setdefault((source, record.get("round")), []).append((str(config), run))
        keys = table.setdefault(str(config), {})
        for key, value in list(numbers(run)) + list(roofline_fractions(run)):
            if key not in SKIPPED:
                keys.setdefault(key, []).append(value)
    return table


def main(argv):
    table = {}
    rounds = {}  # (file, round) -> [(config, run)]
    for source in argv or ["-"]:
        if source == "-":
            part = read(sys.stdin, "stdin", rounds)
        else:
            with open(source, encoding="utf-8") as f:
                part = read(f, source, rounds)
        for config, keys in part.items():
            for key, values in keys.items():
                table.setdefault(config, {}).setdefault(key, []).extend(values)
    if not table:
        sys.exit("bench_summary.py: no runs in the input")
    print("| config | key | median | range | runs |")
    print("|---|---|---|---|---|")
    for config, keys in table.items():
        for key, values in keys.items():
            print(f"| {config} | {key} | {fmt(statistics.median(values))} | {fmt(min(values))}-{fmt(max(values))} | {len(values)} |")
    ratios = {}
    for config, key, ratio in ratios_to_best_peer(rounds):
        ratios.setdefault((config, key), []).append(ratio)
    if ratios:
        print()
        print("| config | training key | x the best peer run of its round: median | range | rounds |")
        print("|---|---|---|---|---|")
        for (config, key), values in ratios.items():
            print(f"| {config} | {key} | {statistics.median(values):.2f} | {min(values):.2f}-{max(values):.2f} | {len(values)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
