//! The verdict rules that read what a figure alone does not say: percentage
//! points, sums of parts, 均 over several subjects, rates from counts,
//! coverage, figures only signed or forecast, stated completion rates, and
//! progress in words. One rule lives here once; `score::verify_row` applies
//! them to one indicator row, `verify::evaluate` to the sentence of a
//! self-check table's 落实情况 that answers a target.

use kaohe_numerals::Decimal;

use crate::quantity::{self, Comparator};
use crate::target::TargetKind;
use crate::verify::{self, round4, Flag, Verdict};

/// What a rule needs to know of the target and of the verdict so far.
#[derive(Clone, Debug)]
pub(crate) struct Base<'a> {
    pub kind: TargetKind,
    pub comparator: Option<Comparator>,
    pub value: Option<Decimal>,
    pub unit: &'a str,
    pub verdict: Verdict,
    pub ratio: Option<f64>,
    /// A figure answered the target.
    pub answered_by_figure: bool,
    pub reason: &'a str,
}

pub(crate) fn fmt(x: f64) -> String {
    verify::fmt_num(x)
}

/// What a row rule decides.
pub(crate) struct Override {
    pub verdict: Verdict,
    pub ratio: Option<f64>,
    pub reason: String,
    pub flags: Vec<Flag>,
    /// The target is a ceiling (for the score of a miss).
    pub ceiling: bool,
}

pub(crate) fn over(verdict: Verdict, ratio: Option<f64>, reason: String) -> Option<Override> {
    Some(Override {
        verdict,
        ratio: ratio.map(round4),
        reason,
        flags: Vec::new(),
        ceiling: false,
    })
}

/// The numbers in a text, as (start, end, value); `52.0` and `1,200` too.
pub(crate) fn numbers(s: &str) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let st = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                i += 1;
            }
            let mut en = i;
            while en > st && !b[en - 1].is_ascii_digit() {
                en -= 1;
            }
            let txt: String = s[st..en].chars().filter(|c| *c != ',').collect();
            if let Ok(v) = txt.parse::<f64>() {
                out.push((st, en, v));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A completion rate the actual states: `完成率25.8%`, `占年任务之比91.4%`,
/// `完成年度目标的95.3%`, `为年投资计划的74.1%`, `(67%)`, or the whole cell
/// `100%`.
/// The words that introduce a stated completion rate.
pub(crate) const RATE_LEADS: &[&str] = &[
    "完成率",
    "占年任务之比",
    "占年度任务",
    "占全年任务",
    "完成年度目标的",
    "完成年度任务的",
    "完成全年任务的",
    "完成全年目标的",
    "为年投资计划的",
    "为年度计划的",
    "完成年计划的",
    "占年计划的",
    "占计划的",
    "完成计划的",
    "完成目标的",
    "完成任务的",
    "占年任务的",
];

/// A completion rate stated in words only (`完成率84%`, `完成年度目标的95.3%`),
/// not a bare or bracketed percentage: in a long 落实情况 those are figures.
pub(crate) fn stated_rate_worded(a: &str) -> Option<f64> {
    let nums = numbers(a);
    for lead in RATE_LEADS {
        if let Some(p) = a.find(lead) {
            let from = p + lead.len();
            if let Some(&(_, en, v)) = nums.iter().find(|n| n.0 >= from && n.0 <= from + 6) {
                if a[en..].starts_with('%') {
                    return Some(v);
                }
            }
        }
    }
    None
}

pub(crate) fn stated_rate(a: &str) -> Option<f64> {
    let nums = numbers(a);
    for lead in RATE_LEADS {
        if let Some(p) = a.find(lead) {
            let from = p + lead.len();
            if let Some(&(st, en, v)) = nums.iter().find(|n| n.0 >= from && n.0 <= from + 6) {
                let _ = st;
                if a[en..].starts_with('%') {
                    return Some(v);
                }
            }
        }
    }
    for &(st, en, v) in &nums {
        let before = &a[..st];
        if a[en..].starts_with('%')
            && (before.ends_with('(') || before.ends_with('（'))
            && (a[en + 1..].starts_with(')') || a[en + 1..].starts_with('）'))
        {
            return Some(v);
        }
    }
    let t = a.trim().trim_end_matches('。');
    if let [(0, en, v)] = nums[..] {
        if &t[en..] == "%" {
            return Some(v);
        }
    }
    None
}

/// Words that say the work is still going on.
pub(crate) const UNDER_WAY: &[&str] = &[
    "正在",
    "正按",
    "推进中",
    "进行中",
    "尚未",
    "未完成",
    "未完工",
    "施工中",
    "建设中",
    "招标",
    "前期工作",
    "延后",
    "推迟",
    "延期",
    "预计",
];
/// The first steps of a work: a result that has done only these (`已完成选址`)
/// has not done the work.
pub(crate) const EARLY_STEPS: &[&str] = &[
    "选址",
    "设计",
    "立项",
    "勘察",
    "征地",
    "招标",
    "规划编制",
    "方案编制",
    "前期",
];

/// A target that names only a direction (`较上年减少`, `同比提高`) against a
/// result that states a change (`较上年减少2.1%`): met in the same
/// direction, not met in the other.
pub(crate) fn direction_rule(t: &str, a: &str) -> Option<Override> {
    const DOWN: &[&str] = &["减少", "下降", "降低", "压减", "减小"];
    const UP: &[&str] = &["增长", "提高", "提升", "增加", "上升"];
    const BASIS: &[&str] = &["较上年", "比上年", "同比", "较去年", "比去年", "逐年"];
    if t.chars().any(|c| c.is_ascii_digit()) || !BASIS.iter().any(|w| t.contains(w)) {
        return None;
    }
    let wants_down = DOWN.iter().any(|w| t.contains(w));
    let wants_up = UP.iter().any(|w| t.contains(w));
    if wants_down == wants_up || !a.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let went_down = DOWN.iter().any(|w| a.contains(w));
    let went_up = UP.iter().any(|w| a.contains(w));
    match (wants_down, went_down, went_up) {
        (true, true, false) | (false, false, true) => over(
            Verdict::Met,
            None,
            format!("目标为“{t}”，实际“{a}”，方向一致，达到目标"),
        ),
        (true, false, true) | (false, true, false) => over(
            Verdict::NotMet,
            None,
            format!("目标为“{t}”，实际“{a}”，变化方向相反，未达到目标"),
        ),
        _ => None,
    }
}

/// A target that something shall not happen, in words (`无食品安全事故`,
/// `杜绝重大事故`), against a result that says it did not (`未发生食品安全事故`):
/// met; a result counting such events (`发生1起`) is not met.
pub(crate) fn none_rule(t: &str, a: &str) -> Option<Override> {
    const EVENTS: &[&str] = &["事故", "事件", "案件", "疫情", "火灾", "问题"];
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let none_target = ["无", "零", "不发生", "杜绝", "未发生"]
        .iter()
        .any(|w| t.contains(w))
        && EVENTS.iter().any(|w| t.contains(w))
        && !t.chars().any(|c| c.is_ascii_digit());
    if !none_target {
        return None;
    }
    if ["未发生", "无一起", "零发生", "没有发生"]
        .iter()
        .any(|w| a.contains(w))
        && !a.contains("发生1")
    {
        return over(
            Verdict::Met,
            None,
            format!("目标为“{t}”，实际“{a}”，未发生，达到目标"),
        );
    }
    let counted = a
        .match_indices("发生")
        .any(|(i, w)| a[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()));
    // The event counted is said to be of another kind than the target's
    // (`发生1起校外溺水事故，不属校园安全责任事故`): none of the target's.
    let other_kind = a.find("不属").is_some_and(|at| {
        let named: String = a[at + "不属".len()..]
            .trim_start_matches(['于', '是'])
            .chars()
            .take_while(|c| !matches!(c, '，' | '。' | ',' | '；' | ';'))
            .collect();
        named.chars().count() >= 4 && t.contains(named.as_str())
    });
    if counted && other_kind {
        return over(
            Verdict::Met,
            None,
            format!("目标为“{t}”，实际“{a}”，所发生的不属目标所指，达到目标"),
        );
    }
    if counted && !["不属", "不是", "非"].iter().any(|w| a.contains(w)) {
        return over(
            Verdict::NotMet,
            None,
            format!("目标为“{t}”，实际“{a}”，有发生，未达到目标"),
        );
    }
    None
}

/// Words that say the whole of the work is done.
pub(crate) const ALL_DONE: &[&str] = &[
    "已全部",
    "全部完成",
    "全部建成",
    "全面复工",
    "全面完成",
    "已全面",
    "全部纳入",
    "已覆盖全部",
    "覆盖全部",
    "全覆盖",
    "已全覆盖",
    "全部到位",
    "全部落实",
];

pub(crate) type Num = (usize, usize, f64);

pub(crate) fn range_rule(t: &str, a: &str, t_nums: &[Num], a_nums: &[Num]) -> Option<Override> {
    // `16—60周岁`: an age range broken by people outside it.
    if t_nums.len() == 2 && t.contains('岁') {
        let (lo, hi) = (t_nums[0].2, t_nums[1].2);
        for &(st, _, v) in a_nums {
            let before = &a[..st];
            let above = ["超过", "高于", "大于", "超出"]
                .iter()
                .any(|w| before.ends_with(w))
                && v >= hi;
            let below = ["低于", "不足", "小于", "未满"]
                .iter()
                .any(|w| before.ends_with(w))
                && v <= lo;
            if above || below {
                return over(Verdict::NotMet, None, format!("实际“{a}”，超出目标范围{t}"));
            }
        }
    }
    // `7日内完成` against `延后至结束后15日`.
    if let [(_, en, limit)] = t_nums[..] {
        let rest = &t[en..];
        if ["日内", "天内", "个工作日内", "工作日内"]
            .iter()
            .any(|w| rest.starts_with(w))
            && ["延后", "推迟", "逾期", "超期"]
                .iter()
                .any(|w| a.contains(w))
        {
            if let Some(&(_, _, v)) = a_nums.iter().rev().find(|n| n.2 > limit) {
                return over(
                    Verdict::NotMet,
                    None,
                    format!("实际“{a}”，{}日超过时限{}日", fmt(v), fmt(limit)),
                );
            }
        }
    }
    None
}

pub(crate) fn points_rule(t: &str, a: &str, t_nums: &[Num]) -> Option<Override> {
    let want = t_nums.first()?.2;
    let down = t.contains("下降") || t.contains("降低") || t.contains("减少");
    let pcts: Vec<Num> = numbers(a)
        .into_iter()
        .filter(|n| a[n.1..].starts_with('%'))
        .collect();
    if pcts.len() < 2 {
        return None;
    }
    let (from, to) = (pcts[0], pcts[1]);
    if !a[..from.0].ends_with('由') && !a[..from.0].ends_with('从') {
        return None;
    }
    let diff = if down { from.2 - to.2 } else { to.2 - from.2 };
    let met = diff >= want - 1e-9;
    over(
        if met { Verdict::Met } else { Verdict::NotMet },
        Some(diff / want),
        format!(
            "由{}%到{}%，变化{}个百分点，{}目标{}个百分点",
            fmt(from.2),
            fmt(to.2),
            fmt(diff),
            if met { "达到" } else { "未达到" },
            fmt(want)
        ),
    )
}

pub(crate) fn bounded(
    verdict_met: bool,
    ratio: f64,
    ceiling: bool,
    reason: String,
) -> Option<Override> {
    let mut o = over(
        if verdict_met {
            Verdict::Met
        } else {
            Verdict::NotMet
        },
        Some(ratio),
        reason,
    )?;
    o.ceiling = ceiling;
    Some(o)
}

pub(crate) fn all_rule(t: &str, a: &str, base: &Base) -> Option<Override> {
    if base.kind != TargetKind::Percent
        || !(t.contains('均') || t.contains("各项") || t.contains("分别"))
    {
        return None;
    }
    let want = base.value?.to_f64();
    let vals: Vec<f64> = numbers(a)
        .into_iter()
        .filter(|n| a[n.1..].starts_with('%'))
        .map(|n| n.2)
        .collect();
    if vals.len() < 2 || want <= 0.0 {
        return None;
    }
    let ceiling = base.comparator.is_some_and(|c| c.is_upper_bound());
    let worst = if ceiling {
        vals.iter().copied().fold(f64::MIN, f64::max)
    } else {
        vals.iter().copied().fold(f64::MAX, f64::min)
    };
    let met = if ceiling {
        worst <= want + 1e-9
    } else {
        worst >= want - 1e-9
    };
    let listed: Vec<String> = vals.iter().map(|v| format!("{}%", fmt(*v))).collect();
    bounded(
        met,
        worst / want,
        ceiling,
        format!(
            "各项分别为{}，{}{}%，{}目标",
            listed.join("、"),
            if ceiling { "最高" } else { "最低" },
            fmt(worst),
            if met { "均达到" } else { "未全部达到" }
        ),
    )
}

/// A rate target answered with counts: `抽查比例不低于5%` against `在册2400户，
/// 抽查130户` (5.4%). The base is the largest count in the unit; the part is
/// the other count, or, among several, the one whose words or verb are the
/// target's (`结案率` takes `结案12.1万件`, not `立案12.6万件`).
pub(crate) fn rate_from_counts(t: &str, a: &str, base: &Base) -> Option<Override> {
    let rate_word = ["比例", "比率", "占比"].iter().any(|w| t.contains(w))
        || (t.contains('率')
            && !["增长率", "增速", "增幅", "降幅"]
                .iter()
                .any(|w| t.contains(w)));
    if base.kind != TargetKind::Percent || a.contains('%') || !rate_word {
        return None;
    }
    let want = base.value?.to_f64();
    let qs = quantity::extract(a);
    let measures: Vec<&quantity::Quantity> = qs
        .iter()
        .filter(|q| q.kind == quantity::Kind::Measure)
        .collect();
    if want <= 0.0 {
        return None;
    }
    let tw = verify::context_words(t);
    let tv = verify::verb_families(t);
    // Per unit with two counts or more: the base is the largest; the part
    // is the count whose own words or verb are the target's.
    let mut best: Option<(usize, &quantity::Quantity, &quantity::Quantity)> = None;
    let mut tie = false;
    for (ui, u) in measures.iter().enumerate() {
        if measures[..ui].iter().any(|m| m.unit == u.unit) {
            continue;
        }
        let same: Vec<&&quantity::Quantity> =
            measures.iter().filter(|m| m.unit == u.unit).collect();
        if same.len() < 2 {
            continue;
        }
        let (bi, den_q) = same.iter().enumerate().max_by(|x, y| {
            x.1.value
                .to_f64()
                .total_cmp(&y.1.value.to_f64())
                .then(y.0.cmp(&x.0))
        })?;
        for (i, q) in same.iter().enumerate() {
            if i == bi {
                continue;
            }
            let before = a.get(q.clause.0..q.start).unwrap_or("");
            // `其中当月结案1.02万件` is a part of the part.
            let score = (verify::shared(&tw, &verify::context_words(before))
                + 2 * usize::from(verify::verb_families(before).iter().any(|f| tv.contains(f))))
            .saturating_sub(usize::from(before.contains("其中") && !t.contains("其中")));
            match best {
                Some((b, _, _)) if score == b => tie = true,
                Some((b, _, _)) if score < b => {}
                _ => {
                    best = Some((score, q, den_q));
                    tie = false;
                }
            }
        }
    }
    let (num_q, den_q) = match best {
        Some((s, q, d)) if s > 0 && !tie => (q, d),
        _ => return None,
    };
    let (num, den) = (num_q.value.to_f64(), den_q.value.to_f64());
    if den <= 0.0 {
        return None;
    }
    let rate = num / den * 100.0;
    let ceiling = base.comparator.is_some_and(|c| c.is_upper_bound());
    let met = if ceiling {
        rate <= want + 1e-9
    } else {
        rate >= want - 1e-9
    };
    bounded(
        met,
        rate / want,
        ceiling,
        format!(
            "{}÷{}={}%，{}目标{}%",
            fmt(num),
            fmt(den),
            fmt(rate),
            if met { "达到" } else { "未达到" },
            fmt(want)
        ),
    )
}

pub(crate) fn coverage_rule(t: &str, a: &str) -> Option<Override> {
    // Full coverage answered by what is still missing (`全覆盖` against
    // `尚有6所村小未完成`).
    let whole = [
        "全覆盖",
        "全部",
        "全面覆盖",
        "各学校",
        "各村",
        "每个",
        "每村",
        "每乡",
        "各乡镇",
    ]
    .iter()
    .any(|w| t.contains(w));
    if whole {
        if let Some(at) = a
            .find("尚有")
            .or_else(|| a.find("还有"))
            .or_else(|| a.find("仍有"))
        {
            let rest = &a[at..];
            let missing = rest
                .chars()
                .skip(2)
                .take_while(|c| c.is_ascii_digit())
                .count()
                > 0
                && ["未", "没有", "尚未"].iter().any(|w| rest.contains(w));
            if missing {
                return over(
                    Verdict::NotMet,
                    None,
                    format!("目标为“{t}”，实际“{a}”，尚未全部完成，未达到目标"),
                );
            }
        }
    }
    if !["每个", "每村", "每乡", "各乡镇"]
        .iter()
        .any(|w| t.contains(w))
    {
        return None;
    }
    let nums = numbers(a);
    for w in nums.windows(2) {
        let between = &a[w[0].1..w[1].0];
        if between.contains('中') && between.contains('有') && w[0].2 > 0.0 {
            let (all, done) = (w[0].2, w[1].2);
            let met = done >= all;
            return over(
                if met { Verdict::Met } else { Verdict::NotMet },
                Some(done / all),
                format!(
                    "{}个中{}个，{}",
                    fmt(all),
                    fmt(done),
                    if met {
                        "全部覆盖，达到目标"
                    } else {
                        "未全部覆盖，未达到目标"
                    }
                ),
            );
        }
    }
    None
}

pub(crate) fn sum_rule(a: &str, base: &Base) -> Option<Override> {
    if base.kind != TargetKind::Count || !a.contains('、') || a.contains("分别") {
        return None;
    }
    if ["共", "合计", "总计", "累计", "其中"]
        .iter()
        .any(|w| a.contains(w))
    {
        return None;
    }
    let want = base.value?.to_f64();
    let qs = quantity::extract(a);
    let parts: Vec<&quantity::Quantity> = qs
        .iter()
        .filter(|q| q.kind == quantity::Kind::Measure)
        .collect();
    if parts.len() < 2 || parts.iter().any(|q| q.unit != base.unit) || want <= 0.0 {
        return None;
    }
    // Only parts listed one after the other with 、 or 和.
    for w in parts.windows(2) {
        let between = a.get(w[0].end..w[1].start).unwrap_or("，");
        if !(between.contains('、') || between.contains('和'))
            || between.contains('，')
            || between.contains('；')
        {
            return None;
        }
    }
    let sum: f64 = parts.iter().map(|q| q.value.to_f64()).sum();
    let ceiling = base.comparator.is_some_and(|c| c.is_upper_bound());
    let met = if ceiling {
        sum <= want + 1e-9
    } else {
        sum >= want - 1e-9
    };
    bounded(
        met,
        sum / want,
        ceiling,
        format!(
            "各部分合计{}{}，{}目标{}{}",
            fmt(sum),
            base.unit,
            if met { "达到" } else { "未达到" },
            fmt(want),
            base.unit
        ),
    )
}

pub(crate) fn signed_rule(t: &str, a: &str, base: &Base) -> Option<Override> {
    if !matches!(base.verdict, Verdict::Met | Verdict::NotMet) {
        return None;
    }
    let clauses: Vec<&str> = a
        .split(['，', ',', '；', ';', '。'])
        .filter(|c| c.chars().any(|x| x.is_ascii_digit()))
        .collect();
    if clauses.is_empty() {
        return None;
    }
    let all_unreal = clauses.iter().all(|c| unreal(c, t));
    all_unreal.then(|| Override {
        verdict: Verdict::Unverified,
        ratio: None,
        reason: format!("实际“{a}”只是签约或预计的数字，不是已完成的数，需人工核实"),
        flags: Vec::new(),
        ceiling: false,
    })
}

/// Targets a figure can answer.
pub(crate) fn kind_quantified(k: TargetKind) -> bool {
    matches!(
        k,
        TargetKind::Count | TargetKind::Percent | TargetKind::ChangePercent
    )
}

/// A stated completion rate (`完成率84%`, `完成年度目标的95.3%`): beside a figure
/// that answers, it must agree with it (`rate_disagrees`, and a reviewer
/// decides when they point different ways); with no figure, the rate decides.
/// `whole_cell_percent`: the text is only the actual percentage itself.
pub(crate) fn rate_rule(
    a: &str,
    base: &Base,
    whole_cell_percent: bool,
    worded_only: bool,
) -> Option<Override> {
    let kind = base.kind;
    let ceiling = base.comparator.is_some_and(|c| c.is_upper_bound());
    let rate = if worded_only {
        stated_rate_worded(a)?
    } else {
        stated_rate(a)?
    };
    if let Some(ratio) = base.ratio {
        if kind_quantified(kind) && base.answered_by_figure && !whole_cell_percent {
            let disagrees = (rate - ratio * 100.0).abs() > 1.0;
            if disagrees {
                let mut o = Override {
                    verdict: base.verdict,
                    ratio: base.ratio,
                    reason: format!(
                        "{}；所写完成率{}%与数字（{}%）不符",
                        base.reason,
                        fmt(rate),
                        fmt(ratio * 100.0)
                    ),
                    flags: vec![Flag::RateDisagrees],
                    ceiling,
                };
                let rate_met = rate >= 100.0 - 1e-9;
                if !ceiling && (base.verdict == Verdict::Met) != rate_met {
                    o.verdict = Verdict::Unverified;
                    o.reason.push_str("，需人工核实");
                }
                return Some(o);
            }
        }
    }
    let answered = matches!(base.verdict, Verdict::Met | Verdict::NotMet);
    if !(answered || ceiling && kind_quantified(kind)) && kind != TargetKind::ZeroEvent {
        let met = rate >= 100.0 - 1e-9;
        return over(
            if met { Verdict::Met } else { Verdict::NotMet },
            Some(rate / 100.0),
            format!(
                "写明完成率{}%，{}目标",
                fmt(rate),
                if met { "达到" } else { "未达到" }
            ),
        );
    }
    None
}

/// Words that make a figure something other than an achievement: signed,
/// forecast, planned.
pub(crate) const UNREAL_WORDS: &[&str] = &["签约", "签订", "预计", "力争", "拟", "计划"];

/// Words of work begun, and of work done: where a result gives both
/// (`开工18个，完工7个`), what was done answers a target that is not itself
/// about starting work.
pub(crate) const BEGUN_WORDS: &[&str] = &["开工", "动工", "启动"];
/// See [`BEGUN_WORDS`].
pub(crate) const DONE_WORDS: &[&str] = &[
    "完工", "竣工", "建成", "完成", "投用", "交付", "办结", "结案",
];

/// Whether the words before a figure (in its clause) make it signed, forecast
/// or planned rather than done, while the target itself does not use the
/// word (a target about 签约 is answered by a 签约 figure).
pub(crate) fn unreal(before: &str, target: &str) -> bool {
    unreal_words(before).iter().any(|w| !target.contains(w))
}

/// The words of [`UNREAL_WORDS`] that a clause uses as such (not in a name).
pub(crate) fn unreal_words(clause: &str) -> Vec<&'static str> {
    if !UNREAL_WORDS.iter().any(|w| clause.contains(w)) {
        return Vec::new();
    }
    // Words in quotation marks are names (“特岗计划”).
    let mut plain = String::with_capacity(clause.len());
    let mut depth = 0usize;
    for c in clause.chars() {
        match c {
            '“' | '「' | '《' => depth += 1,
            '”' | '」' | '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    UNREAL_WORDS
        .iter()
        .copied()
        .filter(|w| {
            plain.match_indices(w).any(|(p, _)| {
                let next = plain[p + w.len()..].chars().next();
                match *w {
                    "拟" => !plain[..p].ends_with('模'),
                    // 计划 as a plan (计划改造危桥15座), not a programme's name
                    // (营养改善计划膳食补助资金).
                    "计划" => next.is_none_or(|c| {
                        c.is_ascii_digit()
                            || "建完改新投开培招引发实安于在用筹到造治种转拨修达不".contains(c)
                    }),
                    _ => true,
                }
            })
        })
        .collect()
}

/// The rules applied to the sentence of a self-check table's 落实情况 that
/// answers one target (`seg`), after alignment gave `base`. `rate_seg` is
/// the part of the sentence from the answering figure to the next one, where
/// a completion rate stated for that figure stands.
pub(crate) fn sentence_rules(t: &str, seg: &str, rate_seg: &str, base: &Base) -> Option<Override> {
    if !kind_quantified(base.kind) || seg.trim().is_empty() {
        return None;
    }
    let answered = matches!(base.verdict, Verdict::Met | Verdict::NotMet);
    // Percentage points: `提高3个百分点` against `由52.0%提高到54.1%`.
    if t.contains("百分点") {
        if let Some(o) = points_rule(t, seg, &numbers(t)) {
            return Some(o);
        }
    }
    if let Some(o) = all_rule(t, seg, base) {
        return Some(o);
    }
    if let Some(o) = coverage_rule(t, seg) {
        return Some(o);
    }
    let all_done = ALL_DONE.iter().any(|w| seg.contains(w))
        || ["全部", "均已"].iter().any(|w| seg.contains(w));
    let under_way = UNDER_WAY.iter().any(|w| seg.contains(w));
    // Coverage in words meets a 100% target or one for every place.
    let full = base.kind == TargetKind::Percent
        && base.value.is_some_and(|v| v.to_f64() >= 100.0)
        && !base.comparator.is_some_and(|c| c.is_upper_bound());
    let every = ["每个", "每村", "每乡", "各乡镇"]
        .iter()
        .any(|w| t.contains(w));
    if (full || every) && !answered && all_done && !under_way {
        return over(
            Verdict::Met,
            Some(1.0),
            format!(
                "落实情况写明“{}”，即全部覆盖，达到目标",
                verify::clean_text(seg)
            ),
        );
    }
    if !base.answered_by_figure {
        if let Some(o) = rate_from_counts(t, seg, base) {
            return Some(o);
        }
    }
    if answered {
        if let Some(o) = sum_rule(seg, base) {
            return Some(o);
        }
    }
    // A percentage target's own 完成率 is its figure, not a completion rate.
    if !answered && base.kind == TargetKind::Percent {
        return None;
    }
    rate_rule(rate_seg, base, false, true)
}
