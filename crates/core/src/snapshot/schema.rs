//! What a snapshot's schema may ask SQLite to do while the file is read.
//!
//! A schema is code: a generated column is an expression SQLite evaluates
//! for every row read, a virtual table runs a module's code, a collation
//! decides how text compares, an index on an expression is evaluated for
//! every row by the integrity check, and planner statistics decide how
//! every query runs. The format defines none of these beyond the indexes of
//! `schema.sql`, so a file that uses them is refused on open, by the
//! cockpit and by `check` alike, with one sentence naming the object.
//!
//! Two things need no refusal. `CHECK` constraints are evaluated only when
//! rows are written and by the integrity check, and the connection is
//! opened with `ignore_check_constraints`, so they never are. A `DEFAULT`
//! is evaluated on read only for a row stored before its column was added,
//! and then only as a constant (SQLite does not call functions there).

use rusqlite::Connection;

/// Why a schema is refused: what it uses, and why that matters, each
/// completing the sentence "{path}: {what}, which the snapshot format does
/// not define; {why}".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub what: String,
    pub why: &'static str,
}

/// Collations every SQLite has; any other one is unknown to tertial.
const BUILT_IN_COLLATIONS: &[&str] = &["binary", "nocase", "rtrim"];

/// Functions an index expression may call: each costs time linear in its
/// arguments and returns no more than it is given.
const CHEAP_FUNCTIONS: &[&str] = &[
    "coalesce", "ifnull", "nullif", "lower", "upper", "length", "abs", "typeof", "likely",
    "unlikely",
];

/// Operators whose cost grows faster than their operands (a pattern match
/// can take minutes on one row).
const COSTLY_OPERATORS: &[&str] = &["like", "glob", "regexp", "match"];

/// The most tokens an index on an expression (or a partial index) may
/// have: with the functions above, checking it costs a bounded multiple of
/// the row's size.
const MAX_INDEX_TOKENS: usize = 100;

/// The most indexes a snapshot may have. The format defines 29; SQLite
/// weighs every index of a table (and a partial index's condition) when
/// it plans each read, so thousands of them slow every screen and `check`
/// by seconds.
pub const MAX_INDEXES: i64 = 200;

/// The most objects (tables, indexes, views, triggers) a schema may have:
/// SQLite parses them all before the first read.
pub const MAX_SCHEMA_OBJECTS: i64 = 500;

/// The planner's statistics tables (`ANALYZE`, `PRAGMA optimize`).
const STAT_TABLES: &[&str] = &[
    "sqlite_stat1",
    "sqlite_stat2",
    "sqlite_stat3",
    "sqlite_stat4",
];

const WHY_STATS: &str = "they steer how SQLite plans every read, so a crafted table can make the \
     cockpit read the whole file for each figure; drop them before publishing (DROP TABLE \
     sqlite_stat1, and sqlite_stat4 if present)";
const WHY_VIRTUAL: &str =
    "reading it runs that module's code; make it an ordinary table or leave it out";
const WHY_GENERATED: &str =
    "SQLite would compute it for every row read; store plain values or leave it out";
const WHY_COLLATION: &str =
    "text cannot be compared with it; use BINARY (the default), NOCASE or RTRIM";
const WHY_INDEX: &str = "the integrity check would evaluate it for every row; index columns, or \
     expressions of coalesce, ifnull, lower, upper and the like";
const WHY_VIEW: &str = "the format's tables must be ordinary tables";
const WHY_MANY: &str = "SQLite parses and weighs every one of them before each read, so a file \
     may have at most 200 indexes and 500 objects in all (the format defines 52); drop the ones \
     the format does not define";

/// The first thing in the schema that SQLite would evaluate while reading
/// and the format does not define, if any. Reads only `sqlite_schema` and
/// the pragmas that describe tables and indexes: nothing it looks at is
/// evaluated.
pub fn vet(conn: &Connection) -> rusqlite::Result<Option<Refusal>> {
    // Counted before anything else is read, so that a schema of thousands
    // of objects costs one scan of the schema table, not a tokenizer each.
    let (indexes, objects): (i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE type = 'index'), count(*) FROM sqlite_schema",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if indexes > MAX_INDEXES || objects > MAX_SCHEMA_OBJECTS {
        return Ok(Some(Refusal {
            what: format!(
                "the schema has {} indexes and {} objects in all",
                crate::domain::number::grouped(indexes.unsigned_abs()),
                crate::domain::number::grouped(objects.unsigned_abs())
            ),
            why: WHY_MANY,
        }));
    }
    let objects: Vec<(String, String, String, Option<String>)> = {
        let mut stmt =
            conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0).unwrap_or_default(),
                r.get::<_, String>(1).unwrap_or_default(),
                r.get::<_, String>(2).unwrap_or_default(),
                r.get::<_, Option<String>>(3).unwrap_or_default(),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (kind, name, _, _) in &objects {
        let lower = name.to_ascii_lowercase();
        if kind == "table" && STAT_TABLES.contains(&lower.as_str()) {
            let sql = format!("SELECT 1 FROM \"{lower}\" LIMIT 1");
            let has_rows = conn.prepare(&sql)?.exists([])?;
            if has_rows {
                return Ok(Some(Refusal {
                    what: format!("the file holds planner statistics ({lower})"),
                    why: WHY_STATS,
                }));
            }
        }
    }
    for (kind, name, table, sql) in &objects {
        let tokens = sql.as_deref().map(tokenize).unwrap_or_default();
        if let Some(collation) = unknown_collation(&tokens) {
            return Ok(Some(Refusal {
                what: format!(
                    "the {kind} '{}' uses the collation '{}'",
                    shown(name),
                    shown(&collation)
                ),
                why: WHY_COLLATION,
            }));
        }
        match kind.as_str() {
            "table" if is_virtual(&tokens) => {
                let module = module_of(&tokens).unwrap_or_default();
                return Ok(Some(Refusal {
                    what: format!(
                        "the table '{}' is a virtual table (module {})",
                        shown(name),
                        shown(&module)
                    ),
                    why: WHY_VIRTUAL,
                }));
            }
            "table" => {
                let mut stmt =
                    conn.prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden IN (2, 3)")?;
                let generated: Option<String> = stmt
                    .query_map([name], |r| r.get::<_, String>(0))?
                    .next()
                    .transpose()?;
                if let Some(column) = generated {
                    return Ok(Some(Refusal {
                        what: format!(
                            "the column '{}' of the table '{}' is a generated column",
                            shown(&column),
                            shown(name)
                        ),
                        why: WHY_GENERATED,
                    }));
                }
            }
            "index" if sql.is_some() && !cheap_index(&tokens) => {
                return Ok(Some(Refusal {
                    what: format!(
                        "the index '{}' on '{}' is built on an expression",
                        shown(name),
                        shown(table)
                    ),
                    why: WHY_INDEX,
                }));
            }
            "view" if crate::snapshot::spec::table(name).is_some() => {
                return Ok(Some(Refusal {
                    what: format!("'{}' is a view", shown(name)),
                    why: WHY_VIEW,
                }));
            }
            _ => {}
        }
    }
    Ok(None)
}

fn shown(text: &str) -> String {
    let clean = crate::domain::text::sanitize(text, false);
    crate::domain::text::cut_graphemes(&clean, 60, "…").unwrap_or_else(|| clean.into_owned())
}

/// A token of SQL, as far as these checks need to tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A bare word: a keyword or an unquoted name, lower-cased.
    Word(String),
    /// A quoted name (`"x"`, `[x]`, `` `x` ``) or a string literal.
    Quoted(String),
    /// Anything else, one character at a time (numbers are words).
    Punct(char),
}

/// Splits SQL into tokens; comments and whitespace are dropped. Lenient:
/// the text was accepted by SQLite, so only its shape matters.
fn tokenize(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if matches!(c, '\'' | '"' | '`' | '[') {
            let close = if c == '[' { ']' } else { c };
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == close {
                    // A doubled quote stands for itself (not inside [...]).
                    if close != ']' && chars.get(i + 1) == Some(&close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            tokens.push(Token::Quoted(text));
        } else if c.is_alphanumeric() || c == '_' || c == '$' || !c.is_ascii() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '_'
                    || chars[i] == '$'
                    || !chars[i].is_ascii())
                && !chars[i].is_whitespace()
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(Token::Word(word.to_lowercase()));
        } else {
            tokens.push(Token::Punct(c));
            i += 1;
        }
    }
    tokens
}

fn is_word(token: Option<&Token>, word: &str) -> bool {
    matches!(token, Some(Token::Word(w)) if w == word)
}

fn name_of(token: Option<&Token>) -> Option<String> {
    match token? {
        Token::Word(w) | Token::Quoted(w) => Some(w.clone()),
        Token::Punct(_) => None,
    }
}

fn unknown_collation(tokens: &[Token]) -> Option<String> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| is_word(Some(t), "collate"))
        .filter_map(|(i, _)| name_of(tokens.get(i + 1)))
        .find(|name| !BUILT_IN_COLLATIONS.contains(&name.to_lowercase().as_str()))
}

fn is_virtual(tokens: &[Token]) -> bool {
    is_word(tokens.first(), "create") && is_word(tokens.get(1), "virtual")
}

/// The module after `USING`.
fn module_of(tokens: &[Token]) -> Option<String> {
    let at = tokens.iter().position(|t| is_word(Some(t), "using"))?;
    name_of(tokens.get(at + 1))
}

/// Whether an index (its `CREATE INDEX` statement) asks for no more than
/// columns, or cheap expressions of them. Everything after the table's
/// name is looked at: the column list and a partial index's `WHERE`.
fn cheap_index(tokens: &[Token]) -> bool {
    let Some(on) = tokens.iter().position(|t| is_word(Some(t), "on")) else {
        return false;
    };
    // Skip the table's name (perhaps `schema.table`) up to the column list.
    let Some(open) = tokens[on..]
        .iter()
        .position(|t| *t == Token::Punct('('))
        .map(|p| on + p)
    else {
        return false;
    };
    let body = &tokens[open + 1..];
    let plain = body.iter().enumerate().all(|(i, t)| match t {
        Token::Punct('(') => false,
        Token::Word(w) if w == "where" => false,
        _ => !matches!(body.get(i + 1), Some(Token::Punct('('))),
    });
    if plain {
        return true;
    }
    if body.len() > MAX_INDEX_TOKENS {
        return false;
    }
    body.iter().enumerate().all(|(i, t)| match t {
        Token::Word(w) if COSTLY_OPERATORS.contains(&w.as_str()) => false,
        Token::Word(w) if w == "select" => false,
        Token::Word(w) | Token::Quoted(w) if matches!(body.get(i + 1), Some(Token::Punct('('))) => {
            CHEAP_FUNCTIONS.contains(&w.to_lowercase().as_str()) || w == "cast" || w == "in"
        }
        _ => true,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failure
mod tests {
    use super::*;

    fn index(sql: &str) -> bool {
        cheap_index(&tokenize(sql))
    }

    #[test]
    fn the_formats_own_indexes_are_cheap() {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(crate::snapshot::spec::SCHEMA_SQL).unwrap();
        assert_eq!(vet(&db).unwrap(), None);
        assert!(index(
            "CREATE UNIQUE INDEX economy_fact_key ON economy_fact (period_id, org_unit_id, \
             coalesce(cost_type_id, ''))"
        ));
    }

    #[test]
    fn costly_or_unknown_index_expressions_are_not() {
        assert!(index("CREATE INDEX a ON t (x COLLATE nocase DESC, \"y\")"));
        assert!(index(
            "CREATE INDEX a ON main.t (lower(x)) WHERE x IS NOT NULL"
        ));
        assert!(!index("CREATE INDEX a ON t (x) WHERE x LIKE '%a%a%a%b'"));
        assert!(!index("CREATE INDEX a ON t (replace(x, 'a', x))"));
        assert!(!index(
            "CREATE INDEX a ON t (\"printf\"('%.*c', 1000000, x))"
        ));
        let deep = format!(
            "CREATE INDEX a ON t ({}x{})",
            "lower(".repeat(60),
            ")".repeat(60)
        );
        assert!(!index(&deep));
    }

    /// Thousands of partial indexes (the format allows indexes) cost every
    /// read: more than the bound is refused before anything is read.
    #[test]
    fn a_schema_of_too_many_indexes_or_objects_is_refused() {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(crate::snapshot::spec::SCHEMA_SQL).unwrap();
        let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
        let own = count("SELECT count(*) FROM sqlite_schema WHERE type = 'index'");
        for i in own..MAX_INDEXES {
            db.execute_batch(&format!(
                "CREATE INDEX extra_{i} ON meta (key) WHERE value = '{i}'"
            ))
            .unwrap();
        }
        assert_eq!(vet(&db).unwrap(), None, "{MAX_INDEXES} indexes are allowed");
        db.execute_batch("CREATE INDEX one_more ON meta (key) WHERE value = 'x'")
            .unwrap();
        let refusal = vet(&db).unwrap().unwrap();
        assert_eq!(
            refusal.what,
            "the schema has 201 indexes and 226 objects in all"
        );
        assert_eq!(refusal.why, WHY_MANY);

        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(crate::snapshot::spec::SCHEMA_SQL).unwrap();
        for i in 0..MAX_SCHEMA_OBJECTS {
            db.execute_batch(&format!("CREATE TABLE extra_{i} (x)"))
                .unwrap();
        }
        let refusal = vet(&db).unwrap().unwrap();
        assert!(
            refusal.what.ends_with("556 objects in all"),
            "{}",
            refusal.what
        );
    }

    #[test]
    fn collations_are_found_wherever_they_are_written() {
        let tokens = tokenize(
            "CREATE TABLE t (a TEXT COLLATE NOCASE, b TEXT /* COLLATE x */ COLLATE \"Swedish\", \
             c TEXT DEFAULT 'COLLATE y')",
        );
        assert_eq!(unknown_collation(&tokens).as_deref(), Some("Swedish"));
        let tokens = tokenize("CREATE TABLE t (a TEXT COLLATE rtrim) -- COLLATE z");
        assert_eq!(unknown_collation(&tokens), None);
    }
}
