#!/usr/bin/env python3
"""Derives data/reference/names/given-name-sexes.tsv from sigpwned/popular-names-by-country-dataset.

Usage: scripts/given-name-sexes.py path/to/common-forenames-by-country.csv > data/reference/names/given-name-sexes.tsv

One row per (sex, country, rank, name), for the localized and the romanized spelling
(each written once where they are the same). The matcher reads a given name's sex from
it only where every row of that name agrees.
"""
import csv
import sys

rows = set()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    for name in {r["Localized Name"].strip(), r["Romanized Name"].strip()}:
        if name and r["Gender"] in ("F", "M"):
            rows.add((r["Gender"], r["Country"], int(r["Index"]), name))
print("# Popular given names by sex and country: sex (F/M), ISO country, rank in that country, name.")
print("# From sigpwned/popular-names-by-country-dataset at eb62e13 (CC0 1.0, see LICENSE and PROVENANCE.md).")
for sex, country, rank, name in sorted(rows):
    print(f"{sex}\t{country}\t{rank}\t{name}")
