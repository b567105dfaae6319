//! An exact decimal number: an integer mantissa and a count of decimal places.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// An exact decimal `mantissa × 10^-scale`, always kept normalized (no
/// trailing zero in the mantissa when `scale > 0`), so that equal numbers
/// compare equal field by field.
///
/// Arithmetic saturates instead of overflowing: a 38-digit figure in a
/// self-check table is a typo, and the extractor must not panic on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// The text was not a plain decimal (`123`, `1.5`, `-3`, `0.25`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError;

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a decimal number")
    }
}

impl std::error::Error for ParseDecimalError {}

const MAX_SCALE: u32 = 18;

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// A whole number.
    pub const fn from_int(n: i128) -> Decimal {
        Decimal {
            mantissa: n,
            scale: 0,
        }
    }

    /// `mantissa × 10^-scale`.
    pub fn new(mantissa: i128, scale: u32) -> Decimal {
        Decimal { mantissa, scale }.normalized()
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        if self.mantissa == 0 {
            self.scale = 0;
        }
        self
    }

    /// The number times `10^exp` (`exp` may be negative), exact.
    pub fn scaled_pow10(self, exp: i32) -> Decimal {
        if exp >= 0 {
            let mut m = self.mantissa;
            let mut s = self.scale;
            let mut e = exp as u32;
            while e > 0 && s > 0 {
                s -= 1;
                e -= 1;
            }
            for _ in 0..e {
                m = m.saturating_mul(10);
            }
            Decimal {
                mantissa: m,
                scale: s,
            }
            .normalized()
        } else {
            let scale = (self.scale + exp.unsigned_abs()).min(MAX_SCALE * 2);
            Decimal {
                mantissa: self.mantissa,
                scale,
            }
            .normalized()
        }
    }

    /// Sum of two decimals, exact (saturating on overflow).
    pub fn plus(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.saturating_mul(pow10(scale - self.scale));
        let b = other.mantissa.saturating_mul(pow10(scale - other.scale));
        Decimal {
            mantissa: a.saturating_add(b),
            scale,
        }
        .normalized()
    }

    /// Product with a whole number, exact (saturating on overflow).
    pub fn mul_int(self, n: i128) -> Decimal {
        Decimal {
            mantissa: self.mantissa.saturating_mul(n),
            scale: self.scale,
        }
        .normalized()
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// True when the number has no fractional part.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The number of decimal places.
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// The whole number, when it is one and fits.
    pub fn to_i64(self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// The nearest `f64`, for ratios and JSON output.
    pub fn to_f64(self) -> f64 {
        // Going through the decimal text gives the correctly rounded value.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// The decimal nearest to a float, rounded to `places` decimal places.
    pub fn from_f64_rounded(x: f64, places: u32) -> Decimal {
        if !x.is_finite() {
            return Decimal::ZERO;
        }
        let places = places.min(MAX_SCALE);
        let m = (x * 10f64.powi(places as i32)).round();
        Decimal::new(m as i128, places)
    }
}

fn pow10(n: u32) -> i128 {
    10i128.saturating_pow(n)
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.saturating_mul(pow10(scale - self.scale));
        let b = other.mantissa.saturating_mul(pow10(scale - other.scale));
        a.cmp(&b)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Reads `[-]digits[.digits]`; separators and full-width digits are the
    /// caller's business.
    fn from_str(s: &str) -> Result<Decimal, ParseDecimalError> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(ParseDecimalError);
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(ParseDecimalError);
        }
        let frac = frac.trim_end_matches('0');
        if int.len() + frac.len() > 36 || frac.len() as u32 > MAX_SCALE {
            return Err(ParseDecimalError);
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m * 10 + i128::from(b - b'0');
        }
        let m = if neg { -m } else { m };
        Ok(Decimal::new(m, frac.len() as u32))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let (int, frac) = if digits.len() > scale {
            let (i, fr) = digits.split_at(digits.len() - scale);
            (i.to_string(), fr.to_string())
        } else {
            (
                "0".to_string(),
                format!("{}{}", "0".repeat(scale - digits.len()), digits),
            )
        };
        write!(f, "{}{}.{}", if neg { "-" } else { "" }, int, frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_exactly() {
        let cases = [
            ("0", "0"),
            ("6000", "6000"),
            ("2.3", "2.3"),
            ("2.30", "2.3"),
            ("0.05", "0.05"),
            ("-1.5", "-1.5"),
            ("104.38", "104.38"),
            (".5", "0.5"),
        ];
        for (input, want) in cases {
            assert_eq!(d(input).to_string(), want, "{input}");
        }
        for bad in ["", ".", "1.2.3", "1,000", "abc", "1e5"] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
    }

    #[test]
    fn scales_by_chinese_magnitudes_without_rounding_error() {
        assert_eq!(d("1.98").scaled_pow10(8).to_string(), "198000000");
        assert_eq!(d("2.3").scaled_pow10(4).to_string(), "23000");
        assert_eq!(d("90.8").scaled_pow10(8).to_string(), "9080000000");
        assert_eq!(d("45.2").scaled_pow10(4).to_i64(), Some(452000));
        assert_eq!(d("5").scaled_pow10(-3).to_string(), "0.005");
    }

    #[test]
    fn compares_across_scales() {
        assert!(d("99.5") > d("98"));
        assert!(d("90.8").scaled_pow10(8) > d("90").scaled_pow10(8));
        assert_eq!(d("2.50"), d("2.5"));
        assert_eq!(d("3").plus(d("0.25")).to_string(), "3.25");
        assert_eq!(d("1.5").mul_int(3).to_string(), "4.5");
    }

    #[test]
    fn huge_numbers_saturate_instead_of_panicking() {
        let big = d("999999999999999999999999999999");
        let _ = big.scaled_pow10(30);
        let _ = big.plus(big).mul_int(1_000_000);
        assert!("1234567890123456789012345678901234567890"
            .parse::<Decimal>()
            .is_err());
    }
}
