-- tertial snapshot format, version 4.
--
-- This file is the DDL of the format; docs/snapshot-format.md explains every
-- table and column. A producer may use this DDL as it is. `tertial check`
-- validates any file against the rules in the document, whatever DDL made it.
--
-- Conventions (see the document for the full text):
--   * Money columns are INTEGER in whole kronor (SEK), never REAL.
--   * Other numbers (percentages, bed averages, indicator values) are TEXT
--     holding a decimal in canonical form: optional '-', digits, optional
--     '.' and digits, with the decimals the source wrote ('7.0' is not
--     '7'). Example: '-4.7'.
--   * Amounts carry "result sign": revenue positive, cost negative, so a
--     deviation is always outcome - budget and negative means worse.
--   * Unknown is NULL, never 0.
--   * Vocabulary columns hold the English codes listed in each CHECK.
--   * Every fact row has source_id (where it was taken from) and
--     illustrative (1 = not from a source). A row needs one or the other.

PRAGMA user_version = 4;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE source (
    id        TEXT PRIMARY KEY NOT NULL,
    document  TEXT NOT NULL,          -- "HSN delårsrapport per augusti 2025"
    published TEXT,                   -- ISO date, YYYY-MM-DD
    section   TEXT,                   -- "3.2 Analys av större avvikelser"
    page      INTEGER,
    locator   TEXT                    -- file name, diary number or URL
) STRICT;

CREATE TABLE period (
    id       TEXT PRIMARY KEY NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('month', 'tertial', 'interim', 'year_end')),
    end_date TEXT NOT NULL,           -- ISO date; figures are cumulative from 1 January
    label    TEXT NOT NULL,           -- "ack oktober 2025"
    year     INTEGER NOT NULL,
    UNIQUE (kind, end_date)
) STRICT;

CREATE TABLE org_unit (
    id         TEXT PRIMARY KEY NOT NULL,
    parent_id  TEXT REFERENCES org_unit (id),
    kind       TEXT NOT NULL CHECK (kind IN ('region', 'council', 'board', 'committee',
                                             'administration', 'frame', 'area', 'unit')),
    name       TEXT NOT NULL,
    short_name TEXT,
    sort_order INTEGER
) STRICT;
CREATE INDEX org_unit_parent ON org_unit (parent_id);

CREATE TABLE cost_type (
    id         TEXT PRIMARY KEY NOT NULL,
    parent_id  TEXT REFERENCES cost_type (id),
    grp        TEXT NOT NULL CHECK (grp IN ('revenue', 'cost', 'net', 'financing')),
    name       TEXT NOT NULL,
    sort_order INTEGER
) STRICT;

CREATE TABLE economy_fact (
    period_id            TEXT NOT NULL REFERENCES period (id),
    org_unit_id          TEXT NOT NULL REFERENCES org_unit (id),
    cost_type_id         TEXT REFERENCES cost_type (id),   -- NULL = the unit's total
    budget               INTEGER,     -- budget to date, kr
    outcome              INTEGER,     -- outcome to date, kr
    deviation            INTEGER,     -- outcome - budget, kr; negative = worse
    outcome_prev_year    INTEGER,     -- outcome same period last year, kr
    cost_development_pct TEXT,        -- net cost development vs last year, percent
    budget_full_year     INTEGER,     -- kr
    forecast_deviation   INTEGER,     -- full-year forecast of the deviation, kr
    org_breakdown        TEXT CHECK (org_breakdown IN ('complete', 'partial')),
    cost_breakdown       TEXT CHECK (cost_breakdown IN ('complete', 'partial')),
    analysis             TEXT,
    source_id            TEXT REFERENCES source (id),
    illustrative         INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    -- Since version 3: where forecast_deviation stands, when another
    -- heading than source_id's (an outcome in one section, the forecast in
    -- another).
    forecast_source_id   TEXT REFERENCES source (id)
) STRICT;
CREATE UNIQUE INDEX economy_fact_key
    ON economy_fact (period_id, org_unit_id, coalesce(cost_type_id, ''));
CREATE INDEX economy_fact_unit ON economy_fact (org_unit_id, period_id);

CREATE TABLE budget_frame (
    year         INTEGER NOT NULL,
    board_id     TEXT NOT NULL REFERENCES org_unit (id),
    opening      INTEGER,             -- the frame the year's changes start from, kr
    decided      INTEGER,             -- frame decided by the council, kr
    proposed     INTEGER,             -- frame the board proposed, kr
    note         TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    proposed_source_id TEXT REFERENCES source (id),  -- format 2: where `proposed` comes from, if not `source_id`
    PRIMARY KEY (year, board_id)
) STRICT;

CREATE TABLE frame_change (
    year         INTEGER NOT NULL,
    board_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,    -- order in the bridge
    label        TEXT NOT NULL,
    amount       INTEGER,             -- kr; NULL where the source names no amount
    kind         TEXT NOT NULL CHECK (kind IN ('addition', 'reallocation', 'technical')),
    description  TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    PRIMARY KEY (year, board_id, seq),
    FOREIGN KEY (year, board_id) REFERENCES budget_frame (year, board_id)
) STRICT;

CREATE TABLE goal (
    id          TEXT PRIMARY KEY NOT NULL,
    number      TEXT NOT NULL,        -- "4", "F1"
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('operational', 'financial')),
    description TEXT,
    sort_order  INTEGER
) STRICT;

CREATE TABLE goal_assessment (
    period_id           TEXT NOT NULL REFERENCES period (id),
    goal_id             TEXT NOT NULL REFERENCES goal (id),
    nulage              TEXT CHECK (nulage IN ('full', 'partial', 'not', 'no_data')),
    prognos             TEXT CHECK (prognos IN ('full', 'partial', 'not', 'no_data')),
    subgoals_total      INTEGER,      -- delmål adopted
    subgoals_assessed   INTEGER,      -- delmål assessed this period
    subgoals_full       INTEGER,      -- of those, forecast fully met
    subgoals_partial    INTEGER,
    subgoals_not        INTEGER,
    indicators_total    INTEGER,
    indicators_assessed INTEGER,
    indicators_full     INTEGER,
    indicators_partial  INTEGER,
    indicators_not      INTEGER,
    analysis            TEXT,
    source_id           TEXT REFERENCES source (id),
    illustrative        INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    PRIMARY KEY (period_id, goal_id)
) STRICT;

CREATE TABLE subgoal (
    id         TEXT PRIMARY KEY NOT NULL,
    goal_id    TEXT NOT NULL REFERENCES goal (id),
    owner_id   TEXT NOT NULL REFERENCES org_unit (id),
    year       INTEGER,
    code       TEXT,                  -- as the board numbers it, "4.2"
    text       TEXT NOT NULL,
    sort_order INTEGER
) STRICT;
CREATE INDEX subgoal_goal ON subgoal (goal_id);

CREATE TABLE subgoal_assessment (
    period_id    TEXT NOT NULL REFERENCES period (id),
    subgoal_id   TEXT NOT NULL REFERENCES subgoal (id),
    nulage       TEXT CHECK (nulage IN ('full', 'partial', 'not', 'no_data')),
    prognos      TEXT CHECK (prognos IN ('full', 'partial', 'not', 'no_data')),
    analysis     TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    PRIMARY KEY (period_id, subgoal_id)
) STRICT;

CREATE TABLE indicator (
    id          TEXT PRIMARY KEY NOT NULL,
    goal_id     TEXT REFERENCES goal (id),       -- exactly one of goal_id
    subgoal_id  TEXT REFERENCES subgoal (id),    -- and subgoal_id is set
    name        TEXT NOT NULL,
    unit        TEXT,                 -- "%", "antal", "dagar"
    direction   TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    target      TEXT,                 -- decimal
    target_text TEXT,                 -- the target as the report words it
    sort_order  INTEGER,
    -- Since version 3: the same indicator's id in the previous plan year.
    previous_id TEXT REFERENCES indicator (id)
) STRICT;
CREATE INDEX indicator_subgoal ON indicator (subgoal_id);

CREATE TABLE indicator_value (
    period_id    TEXT NOT NULL REFERENCES period (id),
    indicator_id TEXT NOT NULL REFERENCES indicator (id),
    value        TEXT,                -- decimal; NULL = no value this period
    target       TEXT,                -- decimal; overrides indicator.target
    judgement    TEXT CHECK (judgement IN ('full', 'partial', 'not', 'no_data')),
    analysis     TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    -- Since version 3: the full-year forecast the report gives for the
    -- indicator in this period (decimal), never a value to date.
    forecast     TEXT,
    PRIMARY KEY (period_id, indicator_id)
) STRICT;

CREATE TABLE directive (
    id           TEXT PRIMARY KEY NOT NULL,
    issuer_id    TEXT REFERENCES org_unit (id),  -- NULL (since 3): no source says
    title        TEXT NOT NULL,
    text         TEXT,
    rhythm       TEXT,                -- "Tertial: aug, dec"
    year         INTEGER,             -- the plan year that gave it
    end_date     TEXT,                -- ISO date
    target_text  TEXT,                -- measurable target as worded
    target_value TEXT,                -- decimal
    target_unit  TEXT,
    sort_order   INTEGER,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    -- Since version 2: the key figure or indicator that measures the target
    -- (at most one of the two).
    kpi_id       TEXT REFERENCES kpi (id),
    indicator_id TEXT REFERENCES indicator (id),
    -- Since version 3: the same directive's id in the previous plan year.
    previous_id  TEXT REFERENCES directive (id)
) STRICT;

CREATE TABLE directive_recipient (
    directive_id TEXT NOT NULL REFERENCES directive (id),
    org_unit_id  TEXT NOT NULL REFERENCES org_unit (id),
    PRIMARY KEY (directive_id, org_unit_id)
) STRICT;
CREATE INDEX directive_recipient_unit ON directive_recipient (org_unit_id);

CREATE TABLE directive_status (
    period_id    TEXT NOT NULL REFERENCES period (id),
    directive_id TEXT NOT NULL REFERENCES directive (id),
    status       TEXT NOT NULL CHECK (status IN ('ongoing', 'done', 'done_with_deviation',
                                                 'not_started', 'yearly', 'not_stated')),
    analysis     TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    -- since 3: the report's own judgement of the directive or its measure
    judgement           TEXT CHECK (judgement IN ('met', 'partly', 'not_met', 'not_judged')),
    judgement_quote     TEXT,
    judgement_source_id TEXT REFERENCES source (id),
    -- since 3: the end date as the report moved it
    moved_end_date      TEXT,
    PRIMARY KEY (period_id, directive_id)
) STRICT;

CREATE TABLE bed_month (
    org_unit_id  TEXT NOT NULL REFERENCES org_unit (id),
    month        TEXT NOT NULL,       -- YYYY-MM
    available    TEXT NOT NULL,       -- decimal: available beds, average per day
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    PRIMARY KEY (org_unit_id, month)
) STRICT;

CREATE TABLE bed_target (
    org_unit_id  TEXT PRIMARY KEY NOT NULL REFERENCES org_unit (id),
    beds         TEXT NOT NULL,       -- decimal: the målbild
    description  TEXT,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1))
) STRICT;

CREATE TABLE bed_event (
    date         TEXT NOT NULL,       -- ISO date, or YYYY-MM where the source gives only the month
    org_unit_id  TEXT NOT NULL REFERENCES org_unit (id),
    label        TEXT NOT NULL,       -- "IMA"
    text         TEXT,
    bed_change   INTEGER,             -- beds opened (+) or closed (-)
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    PRIMARY KEY (date, org_unit_id, label)
) STRICT;

CREATE TABLE kpi (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT,
    direction    TEXT CHECK (direction IN ('higher', 'lower')),
    target       TEXT,                -- decimal
    target_text  TEXT,
    org_unit_id  TEXT REFERENCES org_unit (id),
    description  TEXT,
    sort_order   INTEGER
) STRICT;

CREATE TABLE kpi_value (
    kpi_id       TEXT NOT NULL REFERENCES kpi (id),
    date         TEXT NOT NULL,       -- ISO date: end of the span measured
    label        TEXT NOT NULL,       -- "2025", "ack augusti 2025"
    value        TEXT NOT NULL,       -- decimal, in the kpi's unit
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1)),
    -- Since version 2: the report period that states the value.
    period_id    TEXT REFERENCES period (id),
    PRIMARY KEY (kpi_id, date)
) STRICT;

CREATE TABLE notice (
    period_id    TEXT NOT NULL REFERENCES period (id),
    org_unit_id  TEXT REFERENCES org_unit (id),
    topic        TEXT NOT NULL CHECK (topic IN ('general', 'economy', 'goals',
                                                'directives', 'beds', 'kpi')),
    text         TEXT NOT NULL,
    source_id    TEXT REFERENCES source (id),
    illustrative INTEGER NOT NULL DEFAULT 0 CHECK (illustrative IN (0, 1))
) STRICT;
CREATE INDEX notice_period ON notice (period_id);
