//! A backup is every row of every lasting table, read in one transaction, as
//! JSON that either backend can load: a SQLite backup restores into
//! PostgreSQL and back. Sessions and login failures are not kept.

use serde::{Deserialize, Serialize};

/// The file's `format` field.
pub const FORMAT: &str = "kaohe-backup";
/// The schema the rows follow.
pub const SCHEMA_VERSION: i64 = 3;

/// The oldest schema a backup may follow and still load: a backup of
/// schema 2 has no table families (its tables are self-check tables).
pub const OLDEST_SCHEMA_VERSION: i64 = 2;

/// How a column is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Int,
    Real,
    Text,
    /// Bytes, written as hex.
    Blob,
}

use Col::{Blob, Int, Real, Text};

/// The lasting tables in an order that satisfies their foreign keys.
pub const TABLES: &[(&str, &[(&str, Col)])] = &[
    (
        "organizations",
        &[
            ("id", Int),
            ("name", Text),
            ("kind", Text),
            ("version", Int),
            ("created_at", Int),
        ],
    ),
    (
        "users",
        &[
            ("id", Int),
            ("username", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("role", Text),
            ("organization_id", Int),
            ("active", Int),
            ("version", Int),
            ("created_at", Int),
        ],
    ),
    (
        "api_tokens",
        &[
            ("id", Int),
            ("user_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("created_at", Int),
            ("last_used_at", Int),
            ("revoked", Int),
        ],
    ),
    (
        "cycles",
        &[
            ("id", Int),
            ("name", Text),
            ("year", Int),
            ("deadline", Text),
            ("version", Int),
            ("created_at", Int),
        ],
    ),
    ("cycle_reviewers", &[("cycle_id", Int), ("user_id", Int)]),
    (
        "tables",
        &[
            ("id", Int),
            ("organization_id", Int),
            ("cycle_id", Int),
            ("title", Text),
            ("status", Text),
            ("source_name", Text),
            ("source_encoding", Text),
            ("source_text", Text),
            ("import_version", Int),
            ("return_reason", Text),
            ("warnings", Text),
            ("version", Int),
            ("revision", Int),
            ("n_tasks", Int),
            ("n_met", Int),
            ("n_not_met", Int),
            ("n_unverified", Int),
            ("n_qualitative", Int),
            ("n_flagged", Int),
            ("self_score_sum", Real),
            ("review_score_sum", Real),
            ("created_by", Int),
            ("created_at", Int),
            ("updated_at", Int),
            // Since schema 3; kept last, so a schema 2 row is a prefix.
            ("family", Text),
            ("family_report", Text),
        ],
    ),
    (
        "tasks",
        &[
            ("id", Int),
            ("table_id", Int),
            ("position", Int),
            ("dimension", Text),
            ("content", Text),
            ("status", Text),
            ("problems", Text),
            ("source_pieces", Text),
            ("claimed", Text),
            ("report", Text),
            ("met", Int),
            ("not_met", Int),
            ("unverified", Int),
            ("qualitative", Int),
            ("flagged", Int),
            ("self_score", Real),
            ("review_score", Real),
            ("review_comment", Text),
            ("version", Int),
            ("updated_at", Int),
        ],
    ),
    (
        "targets",
        &[
            ("id", Int),
            ("task_id", Int),
            ("position", Int),
            ("item", Int),
            ("text", Text),
            ("kind", Text),
            ("comparator", Text),
            ("value", Text),
            ("unit", Text),
            ("period", Text),
            ("corrected", Int),
            ("verdict", Text),
            ("ratio", Real),
            ("actual", Text),
            ("reason", Text),
            ("line", Int),
            ("version", Int),
        ],
    ),
    (
        "reviews",
        &[
            ("id", Int),
            ("table_id", Int),
            ("user_id", Int),
            ("action", Text),
            ("reason", Text),
            ("at", Int),
        ],
    ),
    (
        "evidence",
        &[
            ("id", Int),
            ("table_id", Int),
            ("task_id", Int),
            ("target_id", Int),
            ("filename", Text),
            ("content_type", Text),
            ("size", Int),
            ("sha256", Text),
            ("data", Blob),
            ("uploaded_by", Int),
            ("created_at", Int),
        ],
    ),
    (
        "audit",
        &[
            ("id", Int),
            ("entity", Text),
            ("entity_id", Int),
            ("field", Text),
            ("old_value", Text),
            ("new_value", Text),
            ("user_id", Int),
            ("at", Int),
        ],
    ),
    (
        "history",
        &[
            ("id", Int),
            ("table_id", Int),
            ("entity", Text),
            ("entity_id", Int),
            ("version", Int),
            ("field", Text),
            ("old_value", Text),
            ("new_value", Text),
            ("user_id", Int),
            ("at", Int),
        ],
    ),
];

/// The whole backup.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Dump {
    pub format: String,
    pub schema_version: i64,
    /// When it was taken (RFC 3339).
    pub created_at: String,
    /// Rows per table, values in the column order of [`TABLES`].
    pub tables: std::collections::BTreeMap<String, Vec<Vec<serde_json::Value>>>,
}

impl Dump {
    /// Checks the header before anything is loaded.
    pub fn validate(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err("不是 kaohe 备份文件".into());
        }
        if !(OLDEST_SCHEMA_VERSION..=SCHEMA_VERSION).contains(&self.schema_version) {
            return Err(format!(
                "备份的数据结构版本为 {}，本程序为 {}",
                self.schema_version, SCHEMA_VERSION
            ));
        }
        for (name, rows) in &self.tables {
            let Some((_, cols)) = TABLES.iter().find(|(n, _)| n == name) else {
                return Err(format!("备份中有未知的表 {name}"));
            };
            let cols = columns(name, cols, self.schema_version);
            if let Some(bad) = rows.iter().position(|r| r.len() != cols.len()) {
                return Err(format!("备份中表 {name} 的第 {} 行列数不对", bad + 1));
            }
        }
        Ok(())
    }
}

/// The columns a backup of `schema_version` holds for a table: before
/// schema 3, `tables` has no `family` and `family_report` (the database's
/// defaults fill them on load).
pub fn columns<'a>(
    table: &str,
    cols: &'a [(&'a str, Col)],
    schema_version: i64,
) -> &'a [(&'a str, Col)] {
    if table == "tables" && schema_version < 3 {
        &cols[..cols.len().saturating_sub(2)]
    } else {
        cols
    }
}

/// Bytes as hex.
pub fn to_hex(bytes: &[u8]) -> String {
    crate::auth::hex(bytes)
}

/// Hex back to bytes.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}
