//! A unit of the Vårdplatser table as its reads find it on the key: apart
//! from `beds` so that the memo, which keeps a period's list of them, does
//! not import the module that uses the memo.

/// A unit with a bed series, as the table lists it: its id as read
/// (sanitised), and the key values its rows are stored under (one, unless a
/// hostile file has ids that read alike).
#[derive(Debug, Clone)]
pub struct BedUnit {
    pub id: String,
    pub(crate) keys: Vec<rusqlite::types::Value>,
}
