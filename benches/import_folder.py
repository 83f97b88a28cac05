#!/usr/bin/env python3
"""Writes a CSV folder for `tertial import` with a large economy_fact.csv.

    python3 benches/import_folder.py ROWS DIR

ROWS economy facts (default 10 000 000): 1 000 units × 40 cost types × as
many monthly periods as needed, each row one deviation with a source, the
way an export job writes them (`;`, decimal comma, Swedish minus). Used to
measure the import's memory at scale (see BENCHMARKS.md). Standard library
only; deterministic.
"""
import os
import sys

UNITS, COST_TYPES = 1000, 40


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/import-big"
    os.makedirs(out, exist_ok=True)
    per_period = UNITS * COST_TYPES
    periods = -(-rows // per_period)
    months = [(2000 + i // 12, 1 + i % 12) for i in range(periods)]

    def write(name, text):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)

    write("meta.csv", "key;value\ntitle;Import i stor skala\norganisation;Region Test\n"
          "producer;benches/import_folder.py\ncreated_at;2025-12-01\nmoney_unit;tkr\nlanguage;sv\n")
    write("source.csv", "id;document\ns1;Ekonomisystemets export\n")
    write("period.csv", "id;kind;end_date;label;year\n" + "".join(
        f"{y}-{m:02};month;{y}-{m:02}-28;ack {m:02}/{y};{y}\n" for y, m in months))
    write("org_unit.csv", "id;parent_id;kind;name\nregion;;region;Region Test\n" + "".join(
        f"u{u};region;unit;Enhet {u} för vård och omsorg\n" for u in range(UNITS)))
    write("cost_type.csv", "id;parent_id;grp;name\n" + "".join(
        f"c{c};;cost;Kostnadsslag {c}\n" for c in range(COST_TYPES)))
    with open(os.path.join(out, "economy_fact.csv"), "w", encoding="utf-8") as f:
        f.write("period_id;org_unit_id;cost_type_id;deviation;source_id\n")
        n = 0
        for y, m in months:
            period = f"{y}-{m:02}"
            lines = []
            for u in range(UNITS):
                for c in range(COST_TYPES):
                    if n == rows:
                        break
                    value = (n * 7919) % 200_000 - 100_000
                    sign = "\u2212" if value < 0 else ""
                    lines.append(f"{period};u{u};c{c};{sign}{abs(value) // 10},{abs(value) % 10};s1\n")
                    n += 1
            f.write("".join(lines))
    print(f"{out}: {n} economy facts over {periods} periods")


if __name__ == "__main__":
    main()
