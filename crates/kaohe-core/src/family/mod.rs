//! Every family of target document beyond the self-check table: the
//! 绩效自评表 (`performance`), progress tables (`progress`) and prose
//! reports (`report`), in whatever text form they arrive.

mod types;

pub use types::*;

use crate::check::Report;

/// Checks a text as a performance, progress or report document; `None` when
/// it is none of them.
pub fn check(text: &str) -> Option<Report> {
    let _ = text;
    None
}

/// Whether a text that the self-check reader made rows of is better read as
/// another family (its header names a 绩效自评表's or a progress table's
/// columns).
pub fn prefers_family(self_check: &Report, text: &str) -> bool {
    let _ = (self_check, text);
    false
}
