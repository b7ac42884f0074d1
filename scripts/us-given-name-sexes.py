#!/usr/bin/env python3
"""Derives data/reference/names/us-given-name-sexes.tsv from the US Social Security
Administration's national baby-name files (public domain: https://www.ssa.gov/oact/babynames/limits.html).

Usage: scripts/us-given-name-sexes.py DIR > data/reference/names/us-given-name-sexes.tsv
where DIR holds yob1940.txt … yob2020.txt (name,sex,count per line, as in names.zip).

Keeps the names given to at least 300 babies born 1940–2020 of which at least 98 % were of
one sex: one row per name, its sex (F/M) and that count.
"""
import collections
import glob
import os
import sys

births = collections.defaultdict(lambda: [0, 0])
for year in range(1940, 2021):
    for line in open(os.path.join(sys.argv[1], f"yob{year}.txt"), encoding="utf-8"):
        name, sex, count = line.strip().split(",")
        births[name][0 if sex == "F" else 1] += int(count)
print("# US given names of one sex: sex (F/M), babies given the name 1940-2020, name.")
print("# From the US Social Security Administration's baby-name files (public domain); see PROVENANCE.md.")
for name in sorted(births):
    f, m = births[name]
    total = f + m
    if total >= 300 and max(f, m) >= 0.98 * total:
        print(f"{'F' if f > m else 'M'}\t{total}\t{name}")
