#!/bin/sh
# The floor `tertial import` is measured against (BENCHMARKS.md, "Import
# at scale"): SQLite's own shell loading the same economy_fact.csv that
# benches/import_folder.py writes into a typed table with its primary key,
# converting the Swedish minus and the decimal comma in SQL (tkr to whole
# kronor). No validation beyond what the key and the types enforce.
#
#     python3 benches/import_folder.py 1000000 /tmp/imp1m
#     /usr/bin/time -v sh benches/import_floor.sh /tmp/imp1m /tmp/floor.db
#
# Needs the sqlite3 command-line shell (3.32 or newer, for `.import --skip`).
set -eu
dir=${1:?usage: import_floor.sh DIR OUT.db}
out=${2:?usage: import_floor.sh DIR OUT.db}
rm -f "$out"
sqlite3 "$out" <<EOF
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TEMP TABLE raw (period_id, org_unit_id, cost_type_id, deviation, source_id);
.mode csv
.separator ;
.import --skip 1 '$dir/economy_fact.csv' raw
CREATE TABLE economy_fact (
    period_id    TEXT NOT NULL,
    org_unit_id  TEXT NOT NULL,
    cost_type_id TEXT,
    deviation    INTEGER,
    source_id    TEXT,
    PRIMARY KEY (period_id, org_unit_id, cost_type_id)
) STRICT;
INSERT INTO economy_fact
SELECT period_id, org_unit_id, nullif(cost_type_id, ''),
       CAST(round(CAST(replace(replace(replace(deviation, '−', '-'), ',', '.'), ' ', '')
                       AS REAL) * 1000) AS INTEGER),
       nullif(source_id, '')
FROM raw;
EOF
