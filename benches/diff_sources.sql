-- 2 000 000 sources, cited by the economy facts: a region-scale file the
-- size of the one issue 20 measured `tertial diff` on (BENCHMARKS.md, Diff at scale).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 1999999)
INSERT INTO source (id, document, section) SELECT 's' || x, 'HSN delårsrapport per augusti 2025, bilaga ' || x, '3.2 Analys av större avvikelser ' || x FROM n;
UPDATE economy_fact SET source_id = 's' || (rowid % 2000000);
