//! What the extractor answers with: a [`Quantity`] for every number found,
//! with its [`Kind`] and what its words say about it ([`Comparator`],
//! [`Approx`], [`Period`], [`Change`]). These are part of the JSON contract,
//! hence the serde names.

use kaohe_numerals::Decimal;
use serde::{Deserialize, Serialize};

/// What a number in the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A counted or measured amount, money and durations included.
    Measure,
    /// A percentage, per-mille or percentage points.
    Percent,
    /// A date or a day's name (`6月27日`, `2022年`, `517电信日`).
    Date,
    /// A telephone number, number block or document number.
    Code,
    /// A number inside a proper name (`5G`, `二十大`, `1+4+N`, `第十三次`).
    Name,
    /// A service schedule (`7×24小时`).
    Schedule,
    /// A technical class (`1000M`).
    Spec,
    /// The denominator of a rate (`百万用户申诉率`).
    RateBase,
    /// A vague amount (`数百`).
    Vague,
    /// List numbering (`1.` at the start of an item).
    Ordinal,
}

/// How a stated amount bounds the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// At least: 不少于, 不低于, 达到, 以上, ≥.
    #[serde(rename = ">=")]
    Ge,
    /// More than: 超过, 超, 逾, 高于.
    #[serde(rename = ">")]
    Gt,
    /// At most: 不超过, 以内, 以下, ≤.
    #[serde(rename = "<=")]
    Le,
    /// Less than: 低于, 不足, 少于.
    #[serde(rename = "<")]
    Lt,
    /// Exactly: ═, ﹦, =.
    #[serde(rename = "=")]
    Eq,
}

impl Comparator {
    /// Every comparator.
    pub const ALL: [Comparator; 5] = [
        Comparator::Ge,
        Comparator::Gt,
        Comparator::Le,
        Comparator::Lt,
        Comparator::Eq,
    ];

    /// Reads [`Comparator::symbol`]'s spelling.
    pub fn parse(s: &str) -> Option<Comparator> {
        Comparator::ALL.into_iter().find(|c| c.symbol() == s)
    }

    /// The sign as the JSON contract writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
            Comparator::Le => "<=",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
        }
    }

    /// The sign as a Chinese report prints it.
    pub fn math(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
        }
    }

    /// True for the at-most comparators.
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Comparator::Le | Comparator::Lt)
    }
}

/// An approximate amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// A little more: 多, 余, 来.
    More,
    /// A little less: 近, 将近, 接近.
    Nearly,
    /// Either way: 约, 左右.
    About,
}

/// The period an amount is counted over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// 每天, 日均.
    Day,
    /// 每周.
    Week,
    /// 每月, 月均.
    Month,
    /// 每季度.
    Quarter,
    /// 每年, 全年, 本年.
    Year,
}

impl Period {
    /// Every period.
    pub const ALL: [Period; 5] = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// Reads [`Period::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// How many of this period make a year.
    pub fn per_year(self) -> f64 {
        match self {
            Period::Day => 365.0,
            Period::Week => 52.0,
            Period::Month => 12.0,
            Period::Quarter => 4.0,
            Period::Year => 1.0,
        }
    }

    /// The period as a Chinese report says it.
    pub fn chinese(self) -> &'static str {
        match self {
            Period::Day => "每日",
            Period::Week => "每周",
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::Year => "全年",
        }
    }
}

/// A change against a base (同比增长, 下降).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// 增长, 提高, 提升, 上升, 增加.
    Increase,
    /// 下降, 降低, 减少.
    Decrease,
}

/// One number found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Byte offset of the span's start in the text.
    pub start: usize,
    /// Byte offset just past the span.
    pub end: usize,
    /// The value in base units (`2.3万` is 23000, `98%` is 98).
    pub value: Decimal,
    /// The upper bound of a range (`3-5个`).
    pub upper: Option<Decimal>,
    /// The unit, canonical, without magnitude (`元`, `%`, `个百分点`).
    pub unit: &'static str,
    /// What the number is.
    pub kind: Kind,
    /// A bound stated with it (超过, 不少于, 以上 …).
    pub comparator: Option<Comparator>,
    /// An approximation stated with it (多, 近, 约 …).
    pub approx: Option<Approx>,
    /// A period stated in its clause (每月, 全年 …).
    pub period: Option<Period>,
    /// A change stated with it (同比下降 …).
    pub change: Option<Change>,
    /// Byte range of the clause that holds it.
    pub clause: (usize, usize),
}

impl Quantity {
    /// True for an amount a target can be checked against.
    pub fn is_measured(&self) -> bool {
        matches!(self.kind, Kind::Measure | Kind::Percent)
    }

    /// The span's text.
    pub fn span<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The clause's text.
    pub fn clause_text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.clause.0..self.clause.1).unwrap_or("")
    }
}
