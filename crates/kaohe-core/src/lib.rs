//! The pure text core of kaohe.
pub mod quantity;
pub mod text;
pub mod units;
