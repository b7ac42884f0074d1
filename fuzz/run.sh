#!/usr/bin/env bash
# Runs every parser fuzz target for SECONDS each (default 60), seeded with the beginnings of
# the real list files. Needs `cargo install cargo-fuzz`; works on the stable toolchain with
# `--sanitizer none` (panics, overflows in debug assertions and timeouts are still caught).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-60}
LISTS=${INTERDICT_SHARED_LISTS:-../../shared/data/lists}
seed() { # target file...
  local dir=corpus/$1; shift; mkdir -p "$dir"
  for f in "$@"; do head -c 6000 "$LISTS/$f" > "$dir/$(basename "$f").seed"; done
}
seed ofac_csv ofac_sdn/sdn.csv ofac_sdn/alt.csv ofac_sdn/add.csv ofac_non_sdn/cons_prim.csv
seed ofac_xml ofac_non_sdn/consolidated.xml
seed ofac_enhanced_xml ofac_non_sdn/CONS_ENHANCED.XML
seed un_xml un/UN_consolidated.xml
seed eu_xml_10 eu_fsf/eu_fsd_1_0_whole_excerpt_2016-02-11.xml
seed eu_xml_11 eu_fsf/eu_fsf_1_1_excerpt_2026-08-05.xml
seed uk_conlist_csv uk/sanctionsconlist_2018-04-13.csv
seed uk_fcdo_xml uk/UK-Sanctions-List_excerpt_2026-08-14.xml
seed csl_csv us_csl/consolidated.csv us_csl/csl_excerpt_2016.csv
seed bis_dpl_txt us_bis/dpl.txt
seed ftm_json opensanctions/yente_zala/entities.ftm.json
seed ftm_delta opensanctions/entities.delta.json
for t in $(cargo fuzz list); do
  echo "== $t (${SECONDS_EACH}s)"
  cargo fuzz run --sanitizer none -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -max_len=8192 2>&1 | tail -n 3
done
