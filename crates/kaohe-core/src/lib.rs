//! The pure text core of kaohe: from the text of a self-check table to
//! checked targets.
//!
//! ```text
//! text ──layout::read──▶ Table (rows of cells, original line numbers)
//!      ──quantity::extract──▶ Quantity (value, unit, kind, comparator …)
//!      ──target::parse──▶ Target (kind, comparator, value, unit, period)
//!      ──verify::evaluate──▶ Evaluation (actual, verdict, ratio, reason)
//!      ──check::check──▶ Report (the JSON contract)
//! ```
//!
//! **Invariant:** nothing here does IO, spawns, or fails on odd text. Every
//! function returns its best result; what it noticed goes into
//! [`Diagnostic`]s tied to original line numbers.
//!
//! ```
//! let report = kaohe_core::check::check(
//!     "某局2023年度自查表\n\n考评维度 自查内容 落实情况 存在问题\n\n业务\n\n新增5G基站6000个。\n\n已完成。本年新建5G基站7200个。\n\n无\n",
//! );
//! assert_eq!(report.tasks.len(), 1);
//! assert_eq!(report.tasks[0].targets[0].verdict, kaohe_core::verify::Verdict::Met);
//! ```

pub mod check;
pub mod claim;
pub mod diagnostic;
pub mod family;
pub mod items;
pub mod layout;
pub mod quantity;
mod rules;
pub mod score;
pub mod table;
pub mod target;
pub mod text;
pub mod units;
pub mod verify;

pub use diagnostic::Diagnostic;
