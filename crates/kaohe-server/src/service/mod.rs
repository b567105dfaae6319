//! The use cases the API and the pages share: import a table, decide on a
//! table (submit, return, approve), the checklist before submitting, and
//! changes to a task (texts, scores, corrections of a target). Each
//! rule lives here once; `api/` and `pages/` only translate requests into
//! these calls and their results into JSON or HTML.
//!
//! **Invariants**
//! - A service checks the caller's permission itself (through
//!   [`crate::auth::check_table`], the one permission table) before it does
//!   any work for them: a file is not read for someone who may not import.
//! - Services return [`ServiceError`]; `ApiError` and `PageError` are both
//!   built from it, so the two surfaces cannot word a refusal differently.

pub mod accounts;
pub mod checklist;
pub mod decide;
pub mod evidence;
pub mod import;
pub mod readers;
pub mod session;
pub mod tasks;

pub use checklist::{checklist, Check, CheckLevel, Checklist};
pub use decide::{decide, Decision};
pub use import::{may_import, read_bounded, read_bytes, save_new, NewImport};

use kaohe_store::StoreError;

/// Why a use case was refused.
#[derive(Debug)]
pub enum ServiceError {
    /// The caller may not do this (a role or organization rule).
    Forbidden(String),
    /// Not in the table's present state (editing a submitted table).
    WrongState(String),
    /// The request itself is wrong: a missing reason, a bad file.
    Invalid(String),
    /// A file past one of the readers' limits.
    TooLarge(String),
    /// A file that took longer to read than allowed.
    TooSlow(String),
    /// Every worker of this kind is busy: try again after `retry_after` s.
    Busy { message: String, retry_after: u64 },
    /// The checklist blocks submitting, or needs confirming first.
    Checklist {
        message: &'static str,
        checklist: Checklist,
    },
    /// A wrong name or password; the same words for both.
    BadLogin(String),
    /// Too many attempts: wait `retry_after` seconds.
    Throttled { message: String, retry_after: u64 },
    /// The store refused (not found, a stale version, a database fault).
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> ServiceError {
        ServiceError::Store(e)
    }
}

/// The result of a use case.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// Refuses a text longer than `max` characters, naming the field.
pub fn check_len(field: &str, value: &str, max: usize) -> ServiceResult<()> {
    let n = value.chars().count();
    if n > max {
        return Err(ServiceError::Invalid(format!(
            "“{field}”过长：{n} 个字符，最多 {max} 个"
        )));
    }
    Ok(())
}
