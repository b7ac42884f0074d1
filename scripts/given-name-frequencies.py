#!/usr/bin/env python3
"""Derives data/reference/names/given-name-frequencies.tsv from Jörg Michael's first-name
dictionary (the c't "nam_dict", as kept in MatthiasWinkelmann/firstname-database).

Usage: scripts/given-name-frequencies.py path/to/firstnames.csv [MIN_CLASS] > data/reference/names/given-name-frequencies.tsv

The dictionary gives, per name and area, a frequency class v: the name is carried by
between 2^(v-2) % and 2^(v-1) % of that area's people (class -2: 0.0625 % to 0.125 %,
about one person in 800 to 1,600). Kept: every (area, name) of class MIN_CLASS (default -2)
or more. A "+" inside a name (Chinese, Korean and Arabic compounds, "Abdel+Aziz") stands for
a space, a hyphen or nothing: written here with a space.
"""
import csv
import sys

min_class = int(sys.argv[2]) if len(sys.argv) > 2 else -2
reader = csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter=";")
areas = next(reader)[2:]
rows = set()
for r in reader:
    name = r[0].replace("+", " ").strip()
    for area, v in zip(areas, r[2:]):
        if v.strip() and int(v) >= min_class:
            rows.add((area, int(v), name))
print(f"# Given names of frequency class {min_class} or more in some area (carried by at least 2^{min_class - 2} % of its people): kind, area, frequency class, name.")
print("# Class v: between 2^(v-2) % and 2^(v-1) % of the area's people. From Jörg Michael's first-name")
print("# dictionary (MatthiasWinkelmann/firstname-database at bb040db; GNU FDL 1.2, see LICENSE-GFDL-1.2 and PROVENANCE.md).")
for area, v, name in sorted(rows, key=lambda x: (x[0], -x[1], x[2])):
    print(f"given\t{area}\t{v}\t{name}")
