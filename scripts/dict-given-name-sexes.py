#!/usr/bin/env python3
"""Derives data/reference/names/dict-given-name-sexes.tsv from Jörg Michael's first-name
dictionary (the c't "nam_dict", as kept in MatthiasWinkelmann/firstname-database).

Usage: scripts/dict-given-name-sexes.py path/to/firstnames.csv > data/reference/names/dict-given-name-sexes.tsv

The dictionary gives each name a gender code per entry: M or F (a name of that sex), 1M or
1F (of that sex as the first part of a compound), ?M or ?F (mostly of that sex), ? (of
either). A name may have several entries (one per spelling area). The matcher looks names up
without their accents ("Dalė", a Lithuanian woman's name, and "Dale" are one key), so names
are grouped so too. Kept: the names of a group whose every entry is M or 1M, or every entry
F or 1F — a name anyone gives to the other sex, even mostly, is left out, with every name
written like it. A "+" inside a name (Chinese, Korean and Arabic compounds) stands for a
space, a hyphen or nothing: written here with a space. A third column says "AP" where
the name has a frequency in the dictionary's "Arabia/Persia" area: the matcher reads the sex
of a name written in Arabic script (or romanized from it, without its short vowels) from
these.
"""
import csv
import sys
import unicodedata


# Letters no decomposition takes apart, as the matcher's romanization writes them.
PLAIN = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})


def key(name):
    """The name lower-cased, its accents dropped."""
    decomposed = unicodedata.normalize("NFKD", name.translate(PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


reader = csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter=";")
header = next(reader)
arabia = header.index("Arabia/Persia")
codes = {}
names = {}
# Names (as written) with a frequency in the Arabia/Persia area.
arabic_area = set()
for r in reader:
    name = r[0].replace("+", " ").strip()
    if name:
        codes.setdefault(key(name), set()).add(r[1].strip())
        names.setdefault(key(name), set()).add(name)
        if len(r) > arabia and r[arabia].strip():
            arabic_area.add(name)
print("# Given names of one sex in every entry of the dictionary, and of every name written like it")
print("# but for accents: sex (F/M), name, and AP where the name is given in the Arabia/Persia area.")
print("# From Jörg Michael's first-name dictionary")
print("# (MatthiasWinkelmann/firstname-database at bb040db; GNU FDL 1.2, see LICENSE-GFDL-1.2 and PROVENANCE.md).")
rows = []
for k, c in codes.items():
    sex = "M" if c <= {"M", "1M"} else "F" if c <= {"F", "1F"} else None
    if sex:
        rows.extend((name, sex) for name in names[k])
for name, sex in sorted(rows):
    print(f"{sex}\t{name}" + ("\tAP" if name in arabic_area else ""))
