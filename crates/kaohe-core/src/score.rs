//! Scoring one indicator the way budget-performance self-evaluations do
//! (财预〔2020〕10号 as 项目支出绩效自评 systems apply it), and checking a
//! single target/actual pair.
//!
//! * A met quantitative indicator earns its full points and no more.
//! * A missed at-least indicator earns points in proportion: actual ÷ target.
//! * An at-most indicator (costs, days, error rates) earns full points up to
//!   the target, falling linearly to 0 at twice the target.
//! * A qualitative indicator falls in one of three bands: 达成 (80–100% of the
//!   points, suggested 100%), 部分达成 (60–80%, suggested 70%) and 未达成
//!   (0–60%, suggested 30%).
//! * Deadlines and zero-event targets earn all or nothing.
//! * An actual at 120% of the target or more is flagged for the reviewer
//!   (the target was perhaps set too low), never deducted.
//! * An unverified indicator gets no suggested score: a person must look.

use kaohe_numerals::Decimal;
use serde::Serialize;

use crate::check::{TargetReport, TaskReport};
use crate::family::{Light, PartYear};
use crate::items;
use crate::quantity::{self, Comparator, Period};
use crate::rules::{
    all_rule, coverage_rule, kind_quantified, numbers, over, points_rule, range_rule,
    rate_from_counts, rate_rule, signed_rule, stated_rate, sum_rule, Base, Override, ALL_DONE,
    UNDER_WAY,
};
use crate::table::{Cell, Piece};
use crate::target::{self, TargetKind};
use crate::verify::{self, round4, Evaluation, Flag, Outcome, Verdict};

/// The grade of a total score (out of 100).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优: 90 and above.
    Excellent,
    /// 良: 80 to 90.
    Good,
    /// 中: 60 to 80.
    Fair,
    /// 差: below 60.
    Poor,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// 优 / 良 / 中 / 差.
    pub fn chinese(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }
}

/// The grade of a total out of 100: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
pub fn grade(total: f64) -> Grade {
    if total >= 90.0 - 1e-9 {
        Grade::Excellent
    } else if total >= 80.0 - 1e-9 {
        Grade::Good
    } else if total >= 60.0 - 1e-9 {
        Grade::Fair
    } else {
        Grade::Poor
    }
}

/// The band of a qualitative indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Band {
    /// 达成: 80–100% of the points.
    #[serde(rename = "达成")]
    Achieved,
    /// 部分达成: 60–80%.
    #[serde(rename = "部分达成")]
    Partly,
    /// 未达成: 0–60%.
    #[serde(rename = "未达成")]
    NotAchieved,
}

impl Band {
    /// The band's range as fractions of the full score.
    pub fn range(self) -> (f64, f64) {
        match self {
            Band::Achieved => (0.8, 1.0),
            Band::Partly => (0.6, 0.8),
            Band::NotAchieved => (0.0, 0.6),
        }
    }

    /// The suggested fraction of the full score.
    pub fn suggested(self) -> f64 {
        match self {
            Band::Achieved => 1.0,
            Band::Partly => 0.7,
            Band::NotAchieved => 0.3,
        }
    }
}

/// Which band an achievement sentence puts a qualitative indicator in.
pub fn band_of(actual: &str) -> Option<Band> {
    let a: String = actual.chars().filter(|c| !c.is_whitespace()).collect();
    if a.is_empty() || is_missing(&a) {
        return None;
    }
    const NOT: &[&str] = &[
        "未完成",
        "未开展",
        "未实现",
        "未达到",
        "未达成",
        "没有",
        "未落实",
        "未按时",
        "未启动",
        "否",
        "无进展",
    ];
    const PART: &[&str] = &[
        "基本完成",
        "部分完成",
        "基本实现",
        "部分实现",
        "部分达成",
        "基本达到",
        "基本达成",
        "部分",
        "基本",
        "推进中",
        "正在",
    ];
    if NOT.iter().any(|w| a.contains(w)) {
        return Some(Band::NotAchieved);
    }
    if PART.iter().any(|w| a.contains(w)) {
        return Some(Band::Partly);
    }
    Some(Band::Achieved)
}

fn is_missing(a: &str) -> bool {
    let t = a.trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '.'));
    t.is_empty()
        || matches!(
            t,
            "—" | "-" | "——" | "/" | "无" | "暂无" | "N/A" | "n/a" | "null" | "待定" | "不详"
        )
        || t.contains("见附件")
        || t.contains("详见")
}

/// The target as the pair check read it.
#[derive(Clone, Debug, Serialize)]
pub struct PairTarget {
    /// `count`, `percent`, `change_percent`, `deadline`, `zero_event` or `qualitative`.
    pub kind: TargetKind,
    /// The bound.
    pub comparator: Option<Comparator>,
    /// The value in base units.
    #[serde(serialize_with = "ser_opt")]
    pub value: Option<Decimal>,
    /// The unit.
    pub unit: &'static str,
    /// The period, when not a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

/// The actual as the pair check read it.
#[derive(Clone, Debug, Serialize)]
pub struct PairActual {
    /// The value in base units.
    #[serde(serialize_with = "ser_opt")]
    pub value: Option<Decimal>,
    /// The unit.
    pub unit: &'static str,
    /// The bound it was stated with (`88.32%及以上`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// The period, when not a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

/// The result of checking one target/actual pair.
#[derive(Clone, Debug, Serialize)]
pub struct PairResult {
    /// The verdict.
    pub verdict: Verdict,
    /// Achievement over target.
    pub ratio: Option<f64>,
    /// The suggested score, when a full score was given and the pair could be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The same, under the name the 2026-11-30 contract gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_score: Option<f64>,
    /// For a part-year row: the share of the target due by the period's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_ratio: Option<f64>,
    /// For a part-year row: how far along against what is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light: Option<Light>,
    /// The full score given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_score: Option<f64>,
    /// For qualitative indicators: the band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// The band's range in points, when a full score was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_range: Option<[f64; 2]>,
    /// The target as read.
    pub target: PairTarget,
    /// The actual as read.
    pub actual: Option<PairActual>,
    /// One line in Chinese naming the figures compared.
    pub reason: String,
    /// Notes for the reviewer.
    pub flags: Vec<Flag>,
}

fn ser_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => match d.to_i64() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(d.to_f64()),
        },
        None => s.serialize_none(),
    }
}

fn cell(text: &str) -> Cell {
    Cell {
        text: text.to_string(),
        pieces: vec![Piece { offset: 0, line: 1 }],
    }
}

/// Checks one indicator row (年度指标值 / 实际完成值) or one task sentence
/// against one achievement sentence, and scores it when `full_score` is given.
pub fn verify_pair(target_text: &str, actual_text: &str, full_score: Option<f64>) -> PairResult {
    let mut result = judge_pair(target_text, actual_text, full_score);
    result.suggested_score = result.score;
    result
}

fn judge_pair(target_text: &str, actual_text: &str, full_score: Option<f64>) -> PairResult {
    let target_text = kaohe_numerals::normalize_str(target_text.trim()).into_owned();
    let actual_text = kaohe_numerals::normalize_str(actual_text.trim()).into_owned();
    let tcell = cell(&target_text);
    let acell = cell(&actual_text);
    let titems = items::split(&tcell);
    let aitems = items::split(&acell);
    let tq = quantity::extract(&tcell.text);
    let aq = quantity::extract(&acell.text);
    let mut targets = target::parse(&tcell.text, &titems, &tq);
    // One indicator, one target: keep the first that has a number.
    let pick = targets
        .iter()
        .position(|t| t.kind != TargetKind::Qualitative)
        .unwrap_or(0);
    let target = if targets.is_empty() {
        None
    } else {
        Some(targets.swap_remove(pick))
    };
    let Some(mut target) = target else {
        return qualitative_pair(&target_text, &actual_text, full_score);
    };
    if target.kind == TargetKind::Qualitative {
        return qualitative_pair(&target_text, &actual_text, full_score);
    }
    // 年度指标值 "=100%": budget systems read it as reaching the value.
    if target.comparator == Some(Comparator::Eq) && target.kind != TargetKind::ZeroEvent {
        target.comparator = Some(Comparator::Ge);
    }
    let outcome = Outcome {
        text: &acell.text,
        quantities: &aq,
        items: &aitems,
        problems: "",
        paired: true,
        content: "",
    };
    let missing = is_missing(&actual_text);
    let mut evals = verify::evaluate(vec![target], &outcome, 1);
    let e = evals.pop().expect("one target in, one evaluation out");
    finish_pair(e, missing, full_score)
}

/// One indicator row to check: the target and result cells, and what the
/// row says around them. Only `target` and `actual` are required.
#[derive(Clone, Copy, Debug, Default)]
pub struct RowInput<'a> {
    /// 年度指标值, or the task sentence.
    pub target: &'a str,
    /// 实际完成值, or the achievement sentence.
    pub actual: &'a str,
    /// The indicator's name, which may hold the direction or the unit:
    /// 生产安全事故死亡人数低于(人), 城市低保保障人数(≥**人).
    pub indicator: Option<&'a str>,
    /// The 指标性质 cell: ≥ ≤ ＝ ≧ ═ 定性.
    pub comparator: Option<&'a str>,
    /// The 度量单位 cell, or the unit a column header gives.
    pub unit: Option<&'a str>,
    /// The part of the year the actual covers.
    pub period: Option<PartYear>,
    /// 分值.
    pub full_score: Option<f64>,
    /// The agency's own 得分.
    pub self_score: Option<f64>,
}

/// Checks one indicator row with everything the row says (see
/// [`RowInput`]), scores it, and for a part-year row says how far along it is.
///
/// Beyond the pair check, the row rules: the indicator's name may carry the
/// direction, the unit or the target; a bare actual takes the target's unit;
/// a stated completion rate is evidence (and `rate_disagrees` when the figures
/// do not give it); dates, ranges, percentage points, sums of parts, 均 over
/// several subjects, rates from counts, progress in words, coverage in words,
/// and figures that are only signed or forecast.
pub fn verify_row(input: &RowInput) -> PairResult {
    let target = compose_target(input);
    let target_unit = unit_suffix(&target);
    let actual = with_unit(input.actual, &target_unit);
    let mut result = if garbled(&target) {
        unverified_row(
            &target,
            input.full_score,
            "目标值无法识别（疑为识别错误），需人工核实",
        )
    } else {
        let base = verify_pair(&target, &actual, input.full_score);
        let a = kaohe_numerals::normalize_str(actual.trim()).into_owned();
        let t = kaohe_numerals::normalize_str(target.trim()).into_owned();
        match row_rules(&t, &a, &Base::of_pair(&base)) {
            Some(o) => apply(base, o, input.full_score),
            None => base,
        }
    };
    if let Some(flag) = crate::family::self_score_flag(input.self_score, result.suggested_score) {
        result.flags.push(flag);
    }
    if let Some(period) = input.period.filter(|p| !p.is_whole_year()) {
        let expected = round4(period.expected_share());
        result.expected_ratio = Some(expected);
        result.light = result.ratio.map(|r| Light::of(r, expected));
    }
    result
}

fn apply(mut r: PairResult, o: Override, full: Option<f64>) -> PairResult {
    r.verdict = o.verdict;
    r.ratio = o.ratio;
    r.reason = o.reason;
    for f in o.flags {
        if !r.flags.contains(&f) {
            r.flags.push(f);
        }
    }
    if o.verdict != Verdict::Met {
        r.flags.retain(|f| *f != Flag::ExceedsTarget120Pct);
    }
    let score = match (full, o.verdict) {
        (Some(f), Verdict::Met) => Some(f),
        (Some(f), Verdict::NotMet) => Some(match o.ratio {
            Some(x) if o.ceiling => f * (2.0 - x).clamp(0.0, 1.0),
            Some(x) => f * x.clamp(0.0, 1.0),
            None => 0.0,
        }),
        (Some(f), Verdict::Qualitative) => r.band.map(|b| f * b.suggested()),
        _ => None,
    };
    r.score = score.map(round4);
    r.suggested_score = r.score;
    if o.verdict != Verdict::Qualitative {
        r.band = None;
        r.band_range = None;
    }
    r
}

fn unverified_row(target: &str, full: Option<f64>, reason: &str) -> PairResult {
    let mut r = qualitative_pair(target, "", full);
    r.verdict = Verdict::Unverified;
    r.score = None;
    r.suggested_score = None;
    r.band = None;
    r.band_range = None;
    r.reason = reason.to_string();
    r
}

/// `M.8万元`: a letter where a digit should be, as OCR leaves it.
fn garbled(target: &str) -> bool {
    let t: Vec<char> = target.trim().chars().collect();
    t.len() >= 3 && t[0].is_ascii_alphabetic() && t[1] == '.' && t[2].is_ascii_digit()
}

/// The unit written after a target's last number: `≥43.2万元` → `万元`,
/// `80亿元以上` → `亿元`.
fn unit_suffix(target: &str) -> String {
    let t = kaohe_numerals::normalize_str(target.trim()).into_owned();
    let Some(last) = t.rfind(|c: char| c.is_ascii_digit()) else {
        return String::new();
    };
    let mut rest = &t[last + 1..];
    for w in ["及以上", "及以下", "以上", "以下", "以内", "之内", "内"] {
        if let Some(p) = rest.find(w) {
            rest = &rest[..p];
        }
    }
    let rest = rest.trim_end_matches(['。', '；', ';', '，', ',', ')', '）']);
    let unit: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    if unit.chars().count() > 6 || unit.contains('(') || unit.contains('（') {
        return String::new();
    }
    unit
}

/// `85` against `不低于85元` is 85元: an actual that is a bare number takes
/// the target's unit.
fn with_unit(actual: &str, unit: &str) -> String {
    let a = actual.trim();
    let bare = !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && a.chars().next().is_some_and(|c| c.is_ascii_digit());
    if bare && !unit.is_empty() {
        format!("{a}{unit}")
    } else {
        a.to_string()
    }
}

/// The row rules, in order; `None` keeps the pair check's verdict.
fn row_rules(t: &str, a: &str, base: &Base) -> Option<Override> {
    if a.is_empty() || is_missing(a) {
        return None;
    }
    let kind = base.kind;
    let a_nums = numbers(a);
    let t_nums = numbers(t);

    // Dates: `2024年11月` against `2024年9月`, `10月底前` against `8月`.
    if let Some(o) = date_rule(t, a, base) {
        return Some(o);
    }
    // Ranges: `16—60周岁` against `有3人超过60周岁`; `7日内` against `延后至…15日`.
    if let Some(o) = range_rule(t, a, &t_nums, &a_nums) {
        return Some(o);
    }
    // Percentage points: `提高3个百分点` against `由52.0%提高到54.1%`.
    if t.contains("百分点") {
        if let Some(o) = points_rule(t, a, &t_nums) {
            return Some(o);
        }
    }
    // 均 over several subjects: every value must reach the bound.
    if let Some(o) = all_rule(t, a, base) {
        return Some(o);
    }
    // A rate target answered with counts: 抽查130件 of 受理2400件.
    if let Some(o) = rate_from_counts(t, a, base) {
        return Some(o);
    }
    // Coverage: `每个乡镇` against `12个乡镇中已有11个建成`.
    if let Some(o) = coverage_rule(t, a) {
        return Some(o);
    }
    // Sums of parts: `地方标准3项、团体标准6项` for `8项以上`.
    if let Some(o) = sum_rule(a, base) {
        return Some(o);
    }
    // A figure that is only signed or forecast is no achievement.
    if let Some(o) = signed_rule(t, a, base) {
        return Some(o);
    }
    // A direction without a figure (`较上年减少`), and a target that nothing
    // shall happen written in words (`无食品安全事故`).
    if let Some(o) = crate::rules::direction_rule(t, a).or_else(|| crate::rules::none_rule(t, a)) {
        return Some(o);
    }
    let rate = stated_rate(a);
    let whole_cell_percent =
        kind == TargetKind::Percent && a.trim().ends_with('%') && a_nums.len() == 1;
    if let Some(o) = rate_rule(a, base, whole_cell_percent, false) {
        return Some(o);
    }
    let answered = matches!(base.verdict, Verdict::Met | Verdict::NotMet);
    // Progress in words, with no number that answers.
    if !answered && (kind_quantified(kind) || kind == TargetKind::Deadline || target_has_number(t))
    {
        let clean: String = a.chars().filter(|c| !c.is_whitespace()).collect();
        if ALL_DONE.iter().any(|w| clean.contains(w))
            && !UNDER_WAY.iter().any(|w| clean.contains(w))
        {
            return over(
                Verdict::Met,
                Some(1.0),
                format!("落实情况写明“{clean}”，全部完成即达到目标"),
            );
        }
        let early_only = a_nums.is_empty()
            && crate::rules::EARLY_STEPS.iter().any(|w| clean.contains(w))
            && !ALL_DONE.iter().any(|w| clean.contains(w));
        if UNDER_WAY.iter().any(|w| clean.contains(w))
            || early_only
            || (a_nums.is_empty()
                && ["安装", "施工", "采购", "筹备", "启动"]
                    .iter()
                    .any(|w| clean.contains(w))
                && !clean.contains("完成"))
            || (kind != TargetKind::Percent
                && a.contains('%')
                && a.contains("完成")
                && rate.is_none())
        {
            return over(
                Verdict::NotMet,
                None,
                format!("落实情况写明“{clean}”，工作尚未全部完成，未达到目标"),
            );
        }
    }
    // Coverage in words meets a 100% target.
    if kind == TargetKind::Percent
        && !answered
        && base.value.is_some_and(|v| v.to_f64() >= 100.0)
        && (ALL_DONE.iter().any(|w| a.contains(w)) || a.contains("全部"))
    {
        return over(
            Verdict::Met,
            Some(1.0),
            format!("落实情况写明“{a}”，即全部覆盖，达到目标"),
        );
    }
    // A target that names a plan without its figure cannot be checked on an amount.
    if kind == TargetKind::Qualitative
        && !a_nums.is_empty()
        && t_nums.is_empty()
        && ["计划", "任务", "目标"].iter().any(|w| t.contains(w))
    {
        return over(
            Verdict::Unverified,
            None,
            format!("目标“{t}”没有写明数值，实际“{a}”无从比较，需人工核实"),
        );
    }
    None
}

fn target_has_number(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit())
}

fn fmt(x: f64) -> String {
    verify::fmt_num(x)
}
/// Reads the period a part-year row covers: `1-10月`, `1至8月`, `1～9月`,
/// `3月份`, `一季度`, `前三季度`, `上半年`, `截至10月底`. `None` for text that
/// names no period of months.
pub fn parse_period(s: &str) -> Option<PartYear> {
    let s = kaohe_numerals::normalize_str(s.trim()).into_owned();
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(p) = PartYear::parse(&s) {
        return Some(p);
    }
    let quarter = |q: u8| PartYear { from: 1, to: 3 * q };
    for (words, p) in [
        (&["第一季度", "一季度", "1季度", "前一季度"][..], quarter(1)),
        (&["上半年", "前两季度", "二季度末"][..], quarter(2)),
        (&["前三季度", "三季度末"][..], quarter(3)),
        (&["全年", "四季度末"][..], quarter(4)),
    ] {
        if words.iter().any(|w| s.contains(w)) {
            return Some(p);
        }
    }
    for (words, q) in [
        (&["第二季度", "二季度"][..], 2u8),
        (&["第三季度", "三季度"][..], 3),
        (&["第四季度", "四季度"][..], 4),
    ] {
        if words.iter().any(|w| s.contains(w)) {
            return Some(PartYear {
                from: 3 * q - 2,
                to: 3 * q,
            });
        }
    }
    let body = s
        .trim_start_matches("截至")
        .trim_start_matches("截止")
        .trim_start_matches("截止到")
        .trim_end_matches('份')
        .trim_end_matches("底")
        .trim_end_matches("末");
    let body = body.strip_suffix('月').unwrap_or(body);
    let month = |t: &str| -> Option<u8> {
        let t = t.trim().trim_end_matches('月');
        t.parse::<u8>()
            .ok()
            .or_else(|| {
                kaohe_numerals::chinese::parse(t)?
                    .to_i64()
                    .and_then(|v| u8::try_from(v).ok())
            })
            .filter(|m| (1..=12).contains(m))
    };
    let (from, to) = match body.split_once(['-', '—', '–', '～', '~', '至', '到']) {
        Some((a, b)) => (month(a)?, month(b)?),
        None if s.starts_with("截至") || s.starts_with("截止") => (1, month(body)?),
        None => {
            let m = month(body)?;
            (m, m)
        }
    };
    (from <= to).then_some(PartYear { from, to })
}

/// Reads an agency's 得分 as written: `10`, `9.5`, and OCR's `IO` or `l0`
/// for 10.
pub fn parse_self_score(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            'I' | 'l' | '|' => '1',
            'O' | 'o' => '0',
            c => c,
        })
        .collect();
    let t = kaohe_numerals::normalize_str(&t);
    t.trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f >= 0.0)
}

/// The target text with the row's comparator and unit cells, and what the
/// indicator's name says, put back where the target cell left them out
/// (`=` `100` `%` is `≥100%`; `生产安全事故死亡人数低于(人)` `5` is `低于5人`).
fn compose_target(input: &RowInput) -> String {
    let ind = input
        .indicator
        .map(|s| kaohe_numerals::normalize_str(s.trim()).into_owned())
        .unwrap_or_default();
    let mut bare = input.target.trim().to_string();
    // `城市低保保障人数(≥5000人)` with an empty or `**` target cell.
    if bare.is_empty() || bare.chars().all(|c| c == '*') {
        if let Some(inner) = last_paren(&ind).filter(|p| p.chars().any(|c| c.is_ascii_digit())) {
            bare = inner;
        }
    }
    let numeric = !bare.is_empty()
        && bare
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        && bare.starts_with(|c: char| c.is_ascii_digit());
    let mut text = String::new();
    let cell_cmp = input
        .comparator
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "定性");
    if let Some(c) = cell_cmp {
        if !bare.starts_with(|ch: char| "≥≤＝=<>≧≦═".contains(ch)) {
            text.push_str(c);
        }
    } else if numeric {
        text.push_str(indicator_direction(&ind));
    }
    text.push_str(&bare);
    if bare.ends_with(|ch: char| ch.is_ascii_digit()) {
        match input.unit.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => text.push_str(u),
            None if numeric => text.push_str(&indicator_unit(&ind)),
            None => {}
        }
    }
    text
}

/// The text inside the last pair of brackets.
fn last_paren(s: &str) -> Option<String> {
    let open = s.rfind(['(', '（'])?;
    let inner = s[open..].trim_start_matches(['(', '（']);
    let close = inner.find([')', '）']).unwrap_or(inner.len());
    Some(inner[..close].trim().to_string())
}

/// The direction an indicator's name gives a bare target.
fn indicator_direction(ind: &str) -> &'static str {
    const CEIL: &[&str] = &[
        "不超过",
        "不高于",
        "以内",
        "控制在",
        "≤",
        "≦",
        "<=",
        "以下",
        "不多于",
    ];
    const FLOOR: &[&str] = &["不低于", "不少于", "≥", "≧", ">=", "以上", "不小于"];
    if FLOOR.iter().any(|w| ind.contains(w)) {
        "≥"
    } else if ind.contains("低于") || ind.contains("少于") || ind.contains('<') {
        "低于"
    } else if CEIL.iter().any(|w| ind.contains(w)) {
        "≤"
    } else if ind.contains("下降") || ind.contains("降低") {
        "下降"
    } else if ind.contains("减少") {
        "减少"
    } else {
        ""
    }
}

/// The unit an indicator's name gives: `(人)`, `(万元)`, `(≥**人)`, `≤**元`.
fn indicator_unit(ind: &str) -> String {
    if let Some(p) = ind.rfind("**") {
        let rest: String = ind[p + 2..]
            .chars()
            .take_while(|c| !matches!(c, ')' | '）' | '(' | '（') && !c.is_whitespace())
            .collect();
        if !rest.is_empty() && rest.chars().count() <= 4 {
            return rest;
        }
    }
    let mut rest = ind;
    while let Some(open) = rest.find(['(', '（']) {
        let inner = rest[open..].trim_start_matches(['(', '（']);
        let close = inner.find([')', '）']).unwrap_or(inner.len());
        let u = inner[..close].trim();
        let u = u
            .trim_start_matches(|c: char| "≥≤<>=≧≦".contains(c))
            .trim_start_matches('*');
        let plain = u.trim_start_matches(['万', '亿', '千', '百']);
        if u == "%"
            || (!u.is_empty()
                && u.chars().count() <= 4
                && (crate::units::class_of(u) != crate::units::UnitClass::Other
                    || crate::units::class_of(plain) != crate::units::UnitClass::Other))
        {
            return u.to_string();
        }
        rest = &inner[close..];
    }
    String::new()
}

/// A month and day found in a text: `2024年11月`, `10月底`, `7月10日`.
fn find_date(s: &str) -> Option<crate::target::MonthDay> {
    let p = s.find('月')?;
    let head = &s[..p];
    let n_digits = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n_digits == 0 || n_digits > 2 {
        return None;
    }
    let mstart = p - n_digits;
    let mut from = mstart;
    if let Some(y) = head[..mstart].strip_suffix('年') {
        let yd = y.chars().rev().take_while(|c| c.is_ascii_digit()).count();
        if yd == 4 {
            from = y.len() - 4;
        }
    }
    let after = &s[p + '月'.len_utf8()..];
    let dd = after.chars().take_while(|c| c.is_ascii_digit()).count();
    let end = if dd > 0 && (after[dd..].starts_with('日') || after[dd..].starts_with('号')) {
        p + '月'.len_utf8() + dd + '日'.len_utf8()
    } else {
        p + '月'.len_utf8()
    };
    crate::target::month_day(&s[from..end])
}

/// `2.10月底前完成`: the item number before a date.
fn strip_item_number(t: &str) -> &str {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let rest = &t[digits..];
        for m in ['.', '、', '．'] {
            if let Some(r) = rest.strip_prefix(m) {
                if r.starts_with(|c: char| c.is_ascii_digit()) {
                    return r;
                }
            }
        }
    }
    t
}

fn date_rule(t: &str, a: &str, base: &Base) -> Option<Override> {
    let t = strip_item_number(t);
    let due = find_date(t)?;
    // The date must be the target, not a word in a longer sentence.
    let words = t
        .chars()
        .filter(|c| {
            !c.is_ascii_digit() && !"年月日底末前之以完成号".contains(*c) && !c.is_whitespace()
        })
        .count();
    if words > 8 && base.kind != TargetKind::Deadline {
        return None;
    }
    let clean: String = a.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(rate) = stated_rate(&clean).filter(|r| *r < 100.0) {
        return over(
            Verdict::NotMet,
            None,
            format!(
                "落实情况写明“{clean}”（{}%），未在目标期限前全部完成",
                fmt(rate)
            ),
        );
    }
    if UNDER_WAY.iter().any(|w| clean.contains(w)) {
        return over(
            Verdict::NotMet,
            None,
            format!("落实情况写明“{clean}”，未在目标期限前完成"),
        );
    }
    let done = find_date(&clean)?;
    if matches!(base.verdict, Verdict::Met | Verdict::NotMet) && base.kind == TargetKind::Deadline {
        return None;
    }
    let met = match (done.year, due.year) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => (done.month, done.day) <= (due.month, due.day),
    };
    over(
        if met { Verdict::Met } else { Verdict::NotMet },
        None,
        format!(
            "实际“{clean}”，{}目标期限“{t}”",
            if met { "未超过" } else { "晚于" }
        ),
    )
}

fn finish_pair(e: Evaluation, missing: bool, full_score: Option<f64>) -> PairResult {
    let t = &e.target;
    let mut verdict = e.verdict;
    let mut reason = e.reason.clone();
    if missing {
        verdict = Verdict::Unverified;
        reason = "实际完成值缺失或不是数字，需人工核实".to_string();
    }
    let actual = e
        .actual
        .as_ref()
        .and_then(|a| a.quantity.as_ref())
        .map(|q| PairActual {
            value: Some(q.value),
            unit: q.unit,
            comparator: q.comparator,
            period: q.period.filter(|p| *p != Period::Year),
        });
    let score = match (full_score, verdict) {
        (Some(full), Verdict::Met) => Some(full),
        (Some(full), Verdict::NotMet) => Some(missed_score(&e, full)),
        _ => None,
    };
    PairResult {
        verdict,
        ratio: if missing { None } else { e.ratio },
        score: score.map(|s| round4(s.clamp(0.0, full_score.unwrap_or(s)))),
        suggested_score: None,
        expected_ratio: None,
        light: None,
        full_score,
        band: None,
        band_range: None,
        target: PairTarget {
            kind: t.kind,
            comparator: t.comparator,
            value: t.value,
            unit: t.unit,
            period: (t.period != Period::Year).then_some(t.period),
        },
        actual: if missing { None } else { actual },
        reason,
        flags: e.flags.clone(),
    }
}

fn missed_score(e: &Evaluation, full: f64) -> f64 {
    let t = &e.target;
    match t.kind {
        TargetKind::Deadline | TargetKind::ZeroEvent => 0.0,
        _ => {
            let Some(ratio) = e.ratio else { return 0.0 };
            if t.comparator.is_some_and(|c| c.is_upper_bound()) {
                full * (2.0 - ratio).max(0.0)
            } else {
                full * ratio.max(0.0)
            }
        }
    }
}

/// The scoring rule's suggestion for a whole task, as a share of its full
/// score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The share of the full score, rounded to 0.001; `None` when a person
    /// must judge.
    pub share: Option<f64>,
    /// For a task with no quantitative target: the band its 落实情况 falls in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// The rule applied, in Chinese.
    pub rule: &'static str,
}

/// The rule for a task whose targets have numbers.
pub const RULE_QUANTITATIVE: &str =
    "达标得满分，未达标按完成比例计分，时限和零发生目标未达到不得分（财预〔2020〕10号）";
/// The rule when a target awaits checking.
pub const RULE_UNVERIFIED: &str = "有待核实的目标，由审核人判断";
/// The rule for a qualitative task whose 落实情况 falls in a band.
pub const RULE_BANDED: &str = "定性任务按落实情况分档：达成 100%、部分达成 70%、未达成 30%";
/// The rule for a qualitative task no band fits.
pub const RULE_QUALITATIVE: &str = "定性任务，由审核人判断";

/// The scoring rule's suggestion for a checked task (财预〔2020〕10号: met
/// in full, missed in proportion, deadlines and zero events all or nothing;
/// a task with only qualitative targets is banded by its 落实情况).
pub fn suggest(task: &TaskReport) -> Suggestion {
    suggest_for(&task.targets, &task.status)
}

/// As [`suggest`], for a task's checked targets and its 落实情况.
pub fn suggest_for(targets: &[TargetReport], status: &str) -> Suggestion {
    let mut shares = Vec::new();
    for t in targets {
        let share = match t.verdict {
            Verdict::Met => 1.0,
            Verdict::NotMet => missed_share(t),
            Verdict::Unverified => {
                return Suggestion {
                    share: None,
                    band: None,
                    rule: RULE_UNVERIFIED,
                }
            }
            Verdict::Qualitative => continue,
        };
        shares.push(share);
    }
    if shares.is_empty() {
        return match band_of(status) {
            Some(b) => Suggestion {
                share: Some(b.suggested()),
                band: Some(b),
                rule: RULE_BANDED,
            },
            None => Suggestion {
                share: None,
                band: None,
                rule: RULE_QUALITATIVE,
            },
        };
    }
    let share = shares.iter().sum::<f64>() / shares.len() as f64;
    Suggestion {
        share: Some((share * 1000.0).round() / 1000.0),
        band: None,
        rule: RULE_QUANTITATIVE,
    }
}

/// The share a missed target earns: in proportion for amounts and rates
/// (falling from the bound for at-most targets), nothing for the rest.
fn missed_share(t: &TargetReport) -> f64 {
    let proportional = matches!(
        t.kind,
        TargetKind::Count | TargetKind::Percent | TargetKind::ChangePercent
    );
    match (proportional, t.comparator, t.ratio) {
        (true, Some(Comparator::Ge | Comparator::Gt) | None, Some(r)) => r.clamp(0.0, 1.0),
        (true, Some(Comparator::Le | Comparator::Lt), Some(r)) => (2.0 - r).clamp(0.0, 1.0),
        _ => 0.0,
    }
}

fn qualitative_pair(target_text: &str, actual_text: &str, full_score: Option<f64>) -> PairResult {
    let band = band_of(actual_text);
    let (verdict, reason) = match band {
        None => (
            Verdict::Unverified,
            "实际完成情况缺失，需人工核实".to_string(),
        ),
        Some(b) => {
            let name = match b {
                Band::Achieved => "达成",
                Band::Partly => "部分达成",
                Band::NotAchieved => "未达成",
            };
            let (lo, hi) = b.range();
            (
                Verdict::Qualitative,
                format!(
                    "定性指标“{target_text}”，实际“{actual_text}”，属{name}档（{}%–{}%）",
                    (lo * 100.0) as i64,
                    (hi * 100.0) as i64
                ),
            )
        }
    };
    PairResult {
        verdict,
        ratio: None,
        score: match (band, full_score) {
            (Some(b), Some(f)) => Some(round4(f * b.suggested())),
            _ => None,
        },
        suggested_score: None,
        expected_ratio: None,
        light: None,
        full_score,
        band,
        band_range: match (band, full_score) {
            (Some(b), Some(f)) => Some([round4(f * b.range().0), round4(f * b.range().1)]),
            _ => None,
        },
        target: PairTarget {
            kind: TargetKind::Qualitative,
            comparator: None,
            value: None,
            unit: "",
            period: None,
        },
        actual: None,
        reason,
        flags: Vec::new(),
    }
}

impl<'a> Base<'a> {
    /// The base of a row rule: the pair check's result.
    fn of_pair(r: &'a PairResult) -> Base<'a> {
        Base {
            kind: r.target.kind,
            comparator: r.target.comparator,
            value: r.target.value,
            unit: r.target.unit,
            verdict: r.verdict,
            ratio: r.ratio,
            answered_by_figure: r.actual.is_some(),
            reason: &r.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades() {
        for (total, want) in [
            (100.0, Grade::Excellent),
            (90.0, Grade::Excellent),
            (89.99, Grade::Good),
            (80.0, Grade::Good),
            (79.5, Grade::Fair),
            (60.0, Grade::Fair),
            (59.9, Grade::Poor),
            (0.0, Grade::Poor),
        ] {
            assert_eq!(grade(total), want, "{total}");
        }
    }

    #[test]
    fn pairs() {
        let cases: &[(&str, &str, f64, Verdict, Option<f64>)] = &[
            ("≥95%", "98.2%", 10.0, Verdict::Met, Some(10.0)),
            ("≥95%", "90.25%", 10.0, Verdict::NotMet, Some(9.5)),
            ("≤30万元", "28.6万元", 10.0, Verdict::Met, Some(10.0)),
            ("≤30万元", "36万元", 10.0, Verdict::NotMet, Some(8.0)),
            ("≤3天", "7天", 5.0, Verdict::NotMet, Some(0.0)),
            ("100%", "100%", 10.0, Verdict::Met, Some(10.0)),
            ("按时完成", "已完成", 10.0, Verdict::Qualitative, Some(10.0)),
            (
                "按时完成",
                "基本完成",
                10.0,
                Verdict::Qualitative,
                Some(7.0),
            ),
            ("≥20000亩", "20000亩", 10.0, Verdict::Met, Some(10.0)),
            ("9月底前完成", "7月完成", 10.0, Verdict::Met, Some(10.0)),
            ("6月底前完成", "8月完成", 10.0, Verdict::NotMet, Some(0.0)),
            ("60%及以上", "88.32%及以上", 10.0, Verdict::Met, Some(10.0)),
            ("≧90%", "85.5%", 10.0, Verdict::NotMet, Some(9.5)),
            ("═100%", "100%", 10.0, Verdict::Met, Some(10.0)),
            ("≥100百分比", "100百分比", 10.0, Verdict::Met, Some(10.0)),
            ("5000户", "4000户", 10.0, Verdict::NotMet, Some(8.0)),
            ("≥95%", "—", 10.0, Verdict::Unverified, None),
            (
                "新增5G基站6000个",
                "本年新建5G基站2.3万个",
                10.0,
                Verdict::Met,
                Some(10.0),
            ),
            (
                "每月通报20款",
                "全年通报308个",
                10.0,
                Verdict::Met,
                Some(10.0),
            ),
        ];
        for (t, a, full, verdict, score) in cases {
            let r = verify_pair(t, a, Some(*full));
            assert_eq!(r.verdict, *verdict, "{t} / {a}: {}", r.reason);
            assert_eq!(r.score, *score, "{t} / {a}: {}", r.reason);
        }
    }

    #[test]
    fn flags_far_above_target() {
        let r = verify_pair("≥100户", "130户", Some(10.0));
        assert_eq!(r.score, Some(10.0));
        assert!(r.flags.contains(&Flag::ExceedsTarget120Pct));
    }
    /// A checked target with only what the suggestion reads.
    fn target(
        kind: TargetKind,
        comparator: Option<Comparator>,
        verdict: Verdict,
        ratio: Option<f64>,
    ) -> TargetReport {
        TargetReport {
            item: 1,
            text: String::new(),
            subject: String::new(),
            kind,
            comparator,
            value: None,
            unit: "",
            period: Period::Year,
            direction: None,
            deadline: None,
            line: None,
            actual: None,
            verdict,
            ratio,
            reason: String::new(),
            flags: Vec::new(),
        }
    }

    fn task(status: &str, targets: Vec<TargetReport>) -> TaskReport {
        TaskReport {
            index: 1,
            dimension: String::new(),
            content: String::new(),
            items: Vec::new(),
            status: status.to_string(),
            status_items: Vec::new(),
            problems: String::new(),
            claimed: crate::claim::Claimed::Unknown,
            source_lines: Default::default(),
            quantities: Vec::new(),
            targets,
            flags: Vec::new(),
        }
    }

    /// The cases the server's JSON suggestion handled, with its numbers.
    #[test]
    fn suggestions() {
        use Comparator::{Eq, Ge, Gt, Le, Lt};
        use TargetKind::{ChangePercent, Count, Deadline, Percent, Qualitative, ZeroEvent};
        use Verdict::{Met, NotMet, Unverified};
        type Case = (
            &'static str,
            Vec<TargetReport>,
            Option<f64>,
            Option<Band>,
            &'static str,
        );
        let q = |kind, cmp, verdict, ratio| target(kind, cmp, verdict, ratio);
        let cases: Vec<Case> = vec![
            (
                "",
                vec![q(Count, Some(Ge), Met, Some(1.2))],
                Some(1.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Count, Some(Ge), NotMet, Some(0.8))],
                Some(0.8),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Percent, Some(Gt), NotMet, Some(0.95))],
                Some(0.95),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(ChangePercent, None, NotMet, Some(0.5))],
                Some(0.5),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Count, Some(Ge), NotMet, Some(-0.5))],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Count, Some(Le), NotMet, Some(1.2))],
                Some(0.8),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Percent, Some(Lt), NotMet, Some(2.5))],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Count, Some(Eq), NotMet, Some(0.9))],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Count, Some(Ge), NotMet, None)],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(Deadline, None, NotMet, Some(0.9))],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![q(ZeroEvent, Some(Eq), NotMet, None)],
                Some(0.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![
                    q(Count, Some(Ge), Met, Some(1.0)),
                    q(Count, Some(Ge), NotMet, Some(0.5)),
                    q(Deadline, None, NotMet, None),
                ],
                Some(0.5),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![
                    q(Count, Some(Ge), Met, Some(1.0)),
                    q(Count, Some(Ge), NotMet, Some(0.3333)),
                ],
                Some(0.667),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "已完成",
                vec![
                    q(Count, Some(Ge), Met, Some(1.0)),
                    q(Qualitative, None, Verdict::Qualitative, None),
                ],
                Some(1.0),
                None,
                RULE_QUANTITATIVE,
            ),
            (
                "",
                vec![
                    q(Count, Some(Ge), Met, Some(1.0)),
                    q(Count, Some(Ge), Unverified, None),
                ],
                None,
                None,
                RULE_UNVERIFIED,
            ),
            (
                "已完成",
                vec![],
                Some(1.0),
                Some(Band::Achieved),
                RULE_BANDED,
            ),
            (
                "基本完成",
                vec![q(Qualitative, None, Verdict::Qualitative, None)],
                Some(0.7),
                Some(Band::Partly),
                RULE_BANDED,
            ),
            (
                "未完成",
                vec![],
                Some(0.3),
                Some(Band::NotAchieved),
                RULE_BANDED,
            ),
            (
                "",
                vec![q(Qualitative, None, Verdict::Qualitative, None)],
                None,
                None,
                RULE_QUALITATIVE,
            ),
        ];
        for (status, targets, share, band, rule) in cases {
            let described = format!("{status:?} {targets:?}");
            let s = suggest(&task(status, targets));
            assert_eq!(s, Suggestion { share, band, rule }, "{described}");
        }
    }

    #[test]
    fn suggestion_json_keeps_its_shape() {
        let s = suggest(&task("基本完成", vec![]));
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!({"share": 0.7, "band": "部分达成", "rule": RULE_BANDED})
        );
        let s = suggest(&task("", vec![]));
        assert_eq!(
            serde_json::to_value(s).unwrap(),
            serde_json::json!({"share": null, "rule": RULE_QUALITATIVE})
        );
    }
}
