#!/usr/bin/env python3
"""Derives data/reference/names/dict-given-name-sexes.tsv from Jörg Michael's first-name
dictionary (the c't "nam_dict", as kept in MatthiasWinkelmann/firstname-database).

Usage: scripts/dict-given-name-sexes.py path/to/firstnames.csv > data/reference/names/dict-given-name-sexes.tsv

The dictionary gives each name a gender code per entry: M or F (a name of that sex), 1M or
1F (of that sex as the first part of a compound), ?M or ?F (mostly of that sex), ? (of
either). A name may have several entries (one per spelling area). Kept: the names whose
every entry is M or 1M, or every entry F or 1F — a name anyone gives to the other sex, even
mostly, is left out. A "+" inside a name (Chinese, Korean and Arabic compounds) stands for a
space, a hyphen or nothing: written here with a space.
"""
import csv
import sys

reader = csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter=";")
next(reader)
codes = {}
for r in reader:
    name = r[0].replace("+", " ").strip()
    if name:
        codes.setdefault(name, set()).add(r[1].strip())
print("# Given names of one sex in every entry of the dictionary: sex (F/M), name.")
print("# From Jörg Michael's first-name dictionary (MatthiasWinkelmann/firstname-database at bb040db;")
print("# GNU FDL 1.2, see LICENSE-GFDL-1.2 and PROVENANCE.md).")
for name in sorted(codes):
    c = codes[name]
    if c <= {"M", "1M"}:
        print(f"M\t{name}")
    elif c <= {"F", "1F"}:
        print(f"F\t{name}")
