//! Serialized views of tables, by table revision. A view is a pure function
//! of the stored rows, and every change to them bumps the table's revision
//! (in the same transaction), so a view whose revision matches the one just
//! read from the database is current, whichever process made the change.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

/// At most this many tables are kept; beyond it the oldest revision goes.
const CAPACITY: usize = 256;

/// Table id → (revision, JSON bytes).
#[derive(Default)]
pub struct ViewCache {
    map: Mutex<HashMap<i64, (i64, Bytes)>>,
}

impl ViewCache {
    /// The view of `table` at `revision`, if kept.
    pub fn get(&self, table: i64, revision: i64) -> Option<Bytes> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&table)
            .filter(|(r, _)| *r == revision)
            .map(|(_, b)| b.clone())
    }

    /// Keeps a view, replacing older revisions of the same table.
    pub fn put(&self, table: i64, revision: i64, body: Bytes) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= CAPACITY && !map.contains_key(&table) {
            if let Some(victim) = map.iter().min_by_key(|(_, (r, _))| *r).map(|(k, _)| *k) {
                map.remove(&victim);
            }
        }
        match map.get(&table) {
            Some((r, _)) if *r > revision => {}
            _ => {
                map.insert(table, (revision, body));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_revision_is_served() {
        let c = ViewCache::default();
        c.put(1, 3, Bytes::from_static(b"r3"));
        assert_eq!(c.get(1, 3).as_deref(), Some(&b"r3"[..]));
        assert!(c.get(1, 4).is_none());
        c.put(1, 2, Bytes::from_static(b"r2"));
        assert_eq!(
            c.get(1, 3).as_deref(),
            Some(&b"r3"[..]),
            "an older view never replaces a newer"
        );
        for t in 2..(CAPACITY as i64 + 10) {
            c.put(t, 1, Bytes::from_static(b"x"));
        }
        assert!(c.map.lock().unwrap().len() <= CAPACITY);
    }
}
