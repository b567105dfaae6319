//! The report types of the three families beyond the self-check table: the
//! fields of the JSON contract's sections dated 2026-11-30.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::quantity::Comparator;
use crate::score::Grade;
use crate::target::TargetKind;
use crate::verify::{Flag, Verdict};

/// Which family of document was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// The four-column 自查表 (考评维度 / 自查内容 / 落实情况 / 存在问题及原因).
    #[default]
    SelfCheck,
    /// A 绩效自评表: indicator levels, 年度指标值, 实际完成值, 分值, 得分.
    Performance,
    /// A progress or completion table, often for part of a year.
    Progress,
    /// Prose pairing targets with what was done.
    Report,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 4] = [
        Family::SelfCheck,
        Family::Performance,
        Family::Progress,
        Family::Report,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::SelfCheck => "self_check",
            Family::Performance => "performance",
            Family::Progress => "progress",
            Family::Report => "report",
        }
    }

    /// Reads [`Family::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The family's name in Chinese.
    pub fn chinese(self) -> &'static str {
        match self {
            Family::SelfCheck => "自查表",
            Family::Performance => "绩效自评表",
            Family::Progress => "进展情况表",
            Family::Report => "文字报告",
        }
    }
}

/// The part of a year a document covers: months `from` to `to`, both
/// 1-based and inclusive. Written `1-8月` (or `3月` for one month).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartYear {
    /// First month.
    pub from: u8,
    /// Last month.
    pub to: u8,
}

impl PartYear {
    /// The share of a year's target due by the end of the period, when the
    /// target is spread evenly over the year: months elapsed over twelve.
    pub fn expected_share(self) -> f64 {
        f64::from(self.to.clamp(1, 12)) / 12.0
    }

    /// Whether the period is the whole year.
    pub fn is_whole_year(self) -> bool {
        self.from <= 1 && self.to >= 12
    }

    /// `1-8月`, or `3月` for one month.
    pub fn text(self) -> String {
        if self.from == self.to {
            format!("{}月", self.to)
        } else {
            format!("{}-{}月", self.from, self.to)
        }
    }

    /// Reads what [`PartYear::text`] writes.
    pub fn parse(s: &str) -> Option<PartYear> {
        let body = s.trim().strip_suffix('月')?;
        let (from, to) = match body.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let m = body.trim().parse().ok()?;
                (m, m)
            }
        };
        ((1..=12).contains(&from) && (from..=12).contains(&to)).then_some(PartYear { from, to })
    }
}

impl Serialize for PartYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for PartYear {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PartYear::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a period: {text}")))
    }
}

/// The light of a part-year row: how far it is along against what is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// At least 80% of what is due.
    Green,
    /// 60–80% of what is due.
    Yellow,
    /// Below 60% of what is due.
    Red,
}

impl Light {
    /// The light of an achievement `ratio` (of the whole target) when
    /// `expected` of the target is due: green ≥ 80% of what is due, yellow
    /// 60–80%, red below.
    pub fn of(ratio: f64, expected: f64) -> Light {
        let along = if expected > 0.0 {
            ratio / expected
        } else {
            1.0
        };
        if along >= 0.8 - 1e-9 {
            Light::Green
        } else if along >= 0.6 - 1e-9 {
            Light::Yellow
        } else {
            Light::Red
        }
    }

    /// The spelling the JSON contract uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// 绿灯 / 黄灯 / 红灯.
    pub fn chinese(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }
}

/// The target of an indicator, as read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTarget {
    /// The bound.
    pub comparator: Option<Comparator>,
    /// The value in base units.
    pub value: Option<f64>,
    /// The unit.
    pub unit: String,
    /// Kind of commitment.
    pub kind: Option<TargetKind>,
}

/// The achievement of an indicator, as read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorActual {
    /// The value in base units.
    pub value: Option<f64>,
    /// The unit.
    pub unit: String,
}

/// One target row of a performance, progress or report document, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorReport {
    /// 1-based, in document order.
    pub index: usize,
    /// The levels above the indicator (一级指标, 二级指标), may be empty.
    pub group: Vec<String>,
    /// The indicator's name, or the task sentence.
    pub indicator: String,
    /// The target cell or phrase as written.
    pub target_text: String,
    /// The result cell or phrase as written.
    pub actual_text: String,
    /// 分值 / 权重.
    pub full_score: Option<f64>,
    /// The agency's own 得分.
    pub self_score: Option<f64>,
    /// 偏差原因 / 备注.
    pub note: String,
    /// The target as read.
    pub target: IndicatorTarget,
    /// The achievement as read.
    pub actual: Option<IndicatorActual>,
    /// Against the whole target.
    pub verdict: Verdict,
    /// Achievement over target.
    pub ratio: Option<f64>,
    /// What the scoring rule gives, where there is a 分值.
    pub suggested_score: Option<f64>,
    /// For a part-year document: the share of the target due by its end.
    pub expected_ratio: Option<f64>,
    /// For a part-year document: how far along against what is due.
    pub light: Option<Light>,
    /// One line in Chinese.
    pub reason: String,
    /// Notes for the reviewer.
    pub flags: Vec<Flag>,
    /// Original line.
    pub line: Option<u32>,
}

/// The budget block of a 绩效自评表.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FundsReport {
    /// 全年预算数 (调整后预算数), in `unit`.
    pub budget: Option<f64>,
    /// 年初预算数, in `unit`.
    #[serde(default)]
    pub initial_budget: Option<f64>,
    /// 全年执行数, in `unit`.
    pub executed: Option<f64>,
    /// The unit the block is written in (万元 as a rule).
    pub unit: String,
    /// 执行率 in percent: as stated, else computed.
    pub rate: Option<f64>,
    /// The block's 分值.
    pub full_score: Option<f64>,
    /// The agency's own 得分.
    pub self_score: Option<f64>,
    /// 执行率 × 分值.
    pub suggested_score: Option<f64>,
    /// Notes for the reviewer.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Original line.
    #[serde(default)]
    pub line: Option<u32>,
}

/// What is wrong with a target by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetProblem {
    /// A value with no number where one is expected: 有所提高, 明显提升.
    NotMeasurable,
    /// The target equals what the same row reports as last year's result.
    NoHigherThanLastYear,
}

impl TargetProblem {
    /// The problem in Chinese.
    pub fn chinese(self) -> &'static str {
        match self {
            TargetProblem::NotMeasurable => "目标没有可核对的数值",
            TargetProblem::NoHigherThanLastYear => "目标不高于上年已实现的数",
        }
    }
}

/// A `target_quality` warning: a target that cannot be verified by design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetQuality {
    /// The indicator's index (or the task's, for a self-check table).
    pub index: usize,
    /// The indicator's name.
    pub indicator: String,
    /// The target as written.
    pub target_text: String,
    /// What is wrong.
    pub problem: TargetProblem,
    /// One line in Chinese.
    pub message: String,
    /// Original line.
    pub line: Option<u32>,
}

/// The grade as the contract writes it: 优 / 良 / 中 / 差.
pub fn ser_grade<S: Serializer>(g: &Option<Grade>, s: S) -> Result<S::Ok, S::Error> {
    match g {
        Some(g) => s.serialize_str(g.chinese()),
        None => s.serialize_none(),
    }
}

/// Reads what [`ser_grade`] writes.
pub fn de_grade<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Grade>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.and_then(|t| Grade::ALL.into_iter().find(|g| g.chinese() == t)))
}

/// The verdict of a self-score against the rule's: the flag when the agency
/// gave itself more than the rule gives (beyond rounding).
pub fn self_score_flag(self_score: Option<f64>, suggested: Option<f64>) -> Option<Flag> {
    match (self_score, suggested) {
        (Some(own), Some(rule)) if own > rule + 0.05 => Some(Flag::SelfScoreAboveRule),
        _ => None,
    }
}
