"""Deep and wide trees for measuring the cockpit's open and drill times:
copies of sample.db with N units under HSN, nested (each under the one
before) or flat (all under HSN), each with a total this period; or N cost
types under Personal, nested or flat, each with a line for HSN.

usage: python3 benches/trees.py {deep,wide}-{units,costs} N OUT.db"""
import shutil, sqlite3, sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
shape, what = kind.split("-")
shutil.copy("sample.db", out)
db = sqlite3.connect(out)
db.executescript("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF;")


def fill(sql):
    db.execute("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n "
               "WHERE x < ? - 1) " + sql, (n,))


if what == "units":
    parent = "'hsn'" if shape == "wide" else "CASE x WHEN 0 THEN 'hsn' ELSE 'd' || (x - 1) END"
    fill(f"INSERT INTO org_unit (id, parent_id, kind, name) "
         f"SELECT 'd' || x, {parent}, 'unit', 'Enhet ' || x FROM n")
    fill("INSERT INTO economy_fact (period_id, org_unit_id, budget, outcome, deviation, "
         "illustrative) SELECT '2025-10', 'd' || x, 1000000, 1000000 - x, -x, 1 FROM n")
else:
    parent = "'personal'" if shape == "wide" else "CASE x WHEN 0 THEN 'personal' ELSE 'c' || (x - 1) END"
    fill(f"INSERT INTO cost_type (id, parent_id, grp, name) "
         f"SELECT 'c' || x, {parent}, 'cost', 'Kostnadsslag ' || x FROM n")
    fill("INSERT INTO economy_fact (period_id, org_unit_id, cost_type_id, deviation, "
         "illustrative) SELECT '2025-10', 'hsn', 'c' || x, -1000, 1 FROM n")
db.commit()
db.execute("PRAGMA journal_mode = DELETE")
db.close()
