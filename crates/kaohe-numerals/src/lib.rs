//! Numbers as Chinese official prose writes them.
//!
//! This crate knows digits and nothing else: no units, no comparators, no
//! context. It offers three things, all pure and allocation-light:
//!
//! * [`Decimal`]: an exact decimal (`2.3万` is `23000` exactly, not
//!   `22999.999…`), because targets are compared and printed, and a
//!   binary float would print `198000000.00000003` for `1.98亿`.
//! * [`chinese`]: reading and writing Chinese numerals (`三万五千`,
//!   `一百零五`, `壹佰贰拾`, `两千`).
//! * [`normalize_char`]: folding full-width digits and Latin letters to
//!   ASCII so that `６０００` and `6000` read the same.
//!
//! ```
//! use kaohe_numerals::{chinese, Decimal};
//! assert_eq!(chinese::parse("三万五千"), Some(Decimal::from_int(35000)));
//! assert_eq!(chinese::format(105), "一百零五");
//! assert_eq!("2.3".parse::<Decimal>().unwrap().scaled_pow10(4).to_string(), "23000");
//! ```

pub mod chinese;
mod decimal;
mod fullwidth;

pub use decimal::{Decimal, ParseDecimalError};
pub use fullwidth::{normalize_char, normalize_str};
