//! Reading the targets of a task: what each numbered item of the 自查内容
//! cell commits the agency to.
//!
//! Every measured quantity of an item is a target (`新增5G基站6000个` is at
//! least 6000 个 in the year); `不发生…` is a zero-event target; `9月底前完成`
//! is a deadline; an item with none of these is qualitative.

use std::collections::HashMap;

use kaohe_numerals::Decimal;
use serde::{Deserialize, Serialize};

use crate::items::Item;
use crate::quantity::{Approx, Change, Comparator, Kind, Period, Quantity};
use crate::text::is_clause_break;

/// What kind of commitment a target is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An amount (`6000个`, `30万元`, `3天`).
    Count,
    /// A rate (`98%`).
    Percent,
    /// A change (`同比下降20%`, `提高2个百分点`).
    ChangePercent,
    /// Something that must not happen (`不发生重大事故`).
    ZeroEvent,
    /// A date to finish by (`9月底前完成`).
    Deadline,
    /// No number to check.
    Qualitative,
}

impl TargetKind {
    /// Every kind.
    pub const ALL: [TargetKind; 6] = [
        TargetKind::Count,
        TargetKind::Percent,
        TargetKind::ChangePercent,
        TargetKind::ZeroEvent,
        TargetKind::Deadline,
        TargetKind::Qualitative,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Count => "count",
            TargetKind::Percent => "percent",
            TargetKind::ChangePercent => "change_percent",
            TargetKind::ZeroEvent => "zero_event",
            TargetKind::Deadline => "deadline",
            TargetKind::Qualitative => "qualitative",
        }
    }

    /// Reads [`TargetKind::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<TargetKind> {
        TargetKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A month and day, for deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    /// The year, when the date names one (compared first when both do).
    pub year: Option<i32>,
    /// 1–12.
    pub month: u32,
    /// 1–31; 31 stands for the end of the month.
    pub day: u32,
}

/// One target of a task.
#[derive(Clone, Debug)]
pub struct Target {
    /// The item number (or position, for unnumbered cells).
    pub item: u32,
    /// Index of the item in the task's content items.
    pub item_index: usize,
    /// Whether the item carried a written number.
    pub numbered: bool,
    /// The clause that states the target.
    pub text: String,
    /// What is counted (`5G基站`, `备案主体准确率`).
    pub subject: String,
    /// The kind of commitment.
    pub kind: TargetKind,
    /// How the value bounds the achievement.
    pub comparator: Option<Comparator>,
    /// The value in base units.
    pub value: Option<Decimal>,
    /// The unit, canonical.
    pub unit: &'static str,
    /// The period the value is counted over (a year unless the text says).
    pub period: Period,
    /// For changes: up or down.
    pub direction: Option<Change>,
    /// The target is itself a running total (总计, 累计).
    pub is_total: bool,
    /// The deadline, for deadline targets.
    pub deadline: Option<MonthDay>,
    /// Byte range of the target's own words in the cell text.
    pub span: (usize, usize),
    /// Byte range of the clause in the cell text.
    pub clause: (usize, usize),
}

const ZERO_MARKERS: &[&str] = &[
    "不发生",
    "未发生",
    "不出现",
    "杜绝",
    "避免发生",
    "零发生",
    "无发生",
];
const TOTAL_WORDS: &[&str] = &["总计", "累计", "累积", "总量", "总数", "存量"];
const DONE_VERBS: &[&str] = &[
    "完成",
    "建成",
    "出台",
    "印发",
    "上线",
    "启用",
    "投用",
    "投入使用",
    "开通",
    "实现",
    "落地",
    "制定",
    "编制",
    "召开",
    "举办",
    "验收",
    "交付",
    "放号",
    "具备",
    "达到",
    "发布",
    "修订",
    "形成",
    "开工",
    "竣工",
    "通车",
    "投运",
    "运行",
    "挂牌",
    "成立",
    "组建",
    "搬迁",
];

/// `3岁以下婴幼儿`: the number, its unit and 以上/以下 run straight into a noun.
fn qualifies_noun(q: &Quantity, text: &str) -> bool {
    let rest = text.get(q.end..).unwrap_or("");
    for suffix in ["及以上", "及以下", "以上", "以下"] {
        if let Some(after) = rest.strip_prefix(suffix) {
            return after
                .chars()
                .next()
                .is_some_and(|c| crate::text::is_han(c) && c != '的');
        }
    }
    false
}

/// The targets of one task, item by item. `quantities` are those of
/// `cell_text`, with offsets into it.
pub fn parse(cell_text: &str, items: &[Item], quantities: &[Quantity]) -> Vec<Target> {
    let mut targets = Vec::new();
    let rates = bounded_rates(quantities);
    let sorted = quantities.is_sorted_by_key(|q| q.start);
    for (index, item) in items.iter().enumerate() {
        let item_no = item.number.unwrap_or(index as u32 + 1);
        let mut found = 0;
        // The quantities come in text order: those of one item are found by
        // bisection, so that many items with many figures stay linear.
        let from = if sorted {
            quantities.partition_point(|q| q.start < item.start)
        } else {
            0
        };
        for q in quantities[from..]
            .iter()
            .take_while(|q| !sorted || q.start < item.end)
            .filter(|q| q.start >= item.start && q.end <= item.end)
        {
            if is_scope(q, cell_text, &rates) {
                continue;
            }
            if let Some(t) = from_quantity(cell_text, q, index, item_no, item.number.is_some()) {
                targets.push(t);
                found += 1;
            }
        }
        for t in zero_events(cell_text, item, index, item_no) {
            targets.push(t);
            found += 1;
        }
        for t in year_end_deadlines(cell_text, item, index, item_no, quantities) {
            targets.push(t);
            found += 1;
        }
        if found == 0 {
            let text = strip_marker(item.text(cell_text)).to_string();
            if text.is_empty() {
                continue;
            }
            targets.push(Target {
                item: item_no,
                item_index: index,
                numbered: item.number.is_some(),
                subject: String::new(),
                text,
                kind: TargetKind::Qualitative,
                comparator: None,
                value: None,
                unit: "",
                period: Period::Year,
                direction: None,
                is_total: false,
                deadline: None,
                span: (item.start, item.end),
                clause: (item.start, item.end),
            });
        }
    }
    targets
}

/// `全市12个国省控断面水质优良比例不低于91.7%`: a count with no bound of its
/// own, in a clause whose target is a rate, says what the rate is over; and
/// `3岁以下婴幼儿`, `65岁及以上老年人`: a bound that qualifies the noun after it.
fn is_scope(q: &Quantity, text: &str, rates: &HashMap<(usize, usize), usize>) -> bool {
    if qualifies_noun(q, text) {
        return true;
    }
    q.kind == Kind::Measure
        && q.comparator.is_none()
        && rates
            .get(&q.clause)
            .is_some_and(|&last_rate| last_rate > q.start)
}

/// For each clause, where its last rate with a bound starts: a count before
/// it is the rate's scope. One pass, so that a cell of thousands of figures
/// does not compare every figure with every other.
fn bounded_rates(all: &[Quantity]) -> HashMap<(usize, usize), usize> {
    let mut last = HashMap::new();
    for r in all {
        if r.kind == Kind::Percent && r.comparator.is_some() {
            let start = last.entry(r.clause).or_insert(r.start);
            *start = (*start).max(r.start);
        }
    }
    last
}

fn from_quantity(
    text: &str,
    q: &Quantity,
    item_index: usize,
    item: u32,
    numbered: bool,
) -> Option<Target> {
    let mut clause_text = clean_clause(q.clause_text(text));
    // `1.65岁…`: the list number of a numbered item, before a digit.
    if numbered {
        let prefix = format!("{item}.");
        if let Some(rest) = clause_text.strip_prefix(prefix.as_str()) {
            clause_text = rest;
        }
    }
    let clause_before = text.get(q.clause.0..q.start).unwrap_or("");
    let (kind, deadline) = match q.kind {
        Kind::Percent if q.change.is_some() => (TargetKind::ChangePercent, None),
        Kind::Percent => (TargetKind::Percent, None),
        Kind::Measure => (TargetKind::Count, None),
        Kind::Date => {
            let md = deadline_of(text, q)?;
            (TargetKind::Deadline, Some(md))
        }
        _ => return None,
    };
    // A bare amount is a floor; 超过 is strict; 多/余 read as a floor too.
    let comparator = match (kind, q.comparator) {
        (TargetKind::Deadline, _) => Some(Comparator::Le),
        (_, Some(c)) => Some(c),
        (_, None) if q.approx == Some(Approx::More) => Some(Comparator::Ge),
        _ => Some(Comparator::Ge),
    };
    let value = match deadline {
        Some(md) => Some(Decimal::from_int(i128::from(md.month))),
        None => Some(q.value),
    };
    let unit = if deadline.is_some() { "月" } else { q.unit };
    let mut subject = subject_of(text, q);
    if numbered {
        if let Some(rest) = subject.strip_prefix(format!("{item}.").as_str()) {
            subject = rest.to_string();
        }
    }
    Some(Target {
        item,
        item_index,
        numbered,
        subject,
        text: clause_text.to_string(),
        kind,
        comparator,
        value,
        unit,
        period: q.period.unwrap_or(Period::Year),
        direction: q.change,
        is_total: TOTAL_WORDS.iter().any(|w| clause_before.contains(w)),
        deadline,
        span: (q.start, q.end),
        clause: q.clause,
    })
}

/// `9月底前完成`, `6月30日前出台`: a date followed by 前 and a verb of finishing.
fn deadline_of(text: &str, q: &Quantity) -> Option<MonthDay> {
    let after = text.get(q.end..)?;
    let after = after.trim_start();
    let before_marker = ["前", "之前", "以前"].iter().any(|m| after.starts_with(m));
    if !before_marker {
        return None;
    }
    let clause_rest = text.get(q.end..q.clause.1).unwrap_or("");
    // `12月31日前` alone (an indicator row) is a deadline too.
    let bare = clause_rest
        .trim()
        .trim_end_matches(['。', '；'])
        .chars()
        .count()
        <= 3
        && text
            .get(q.clause.0..q.start)
            .is_some_and(|b| b.trim().is_empty());
    if !bare && !DONE_VERBS.iter().any(|v| clause_rest.contains(v)) {
        return None;
    }
    month_day(q.span(text))
}

/// The month and day of a date span (`9月底` → 9/31, `6月30日` → 6/30,
/// `2023年7月` → 7/31).
pub fn month_day(span: &str) -> Option<MonthDay> {
    let s = kaohe_numerals::normalize_str(span);
    let (year, s) = match s.find('年') {
        Some(p) => (s[..p].trim().parse::<i32>().ok(), &s[p + '年'.len_utf8()..]),
        None => (None, &s[..]),
    };
    let (m, rest) = s.split_once('月')?;
    let month = parse_small(m)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let day = match rest.split_once(['日', '号']) {
        Some((d, _)) if !d.is_empty() => parse_small(d).unwrap_or(31),
        _ if rest.starts_with("上旬") => 10,
        _ if rest.starts_with("中旬") => 20,
        _ => 31,
    };
    Some(MonthDay {
        year,
        month,
        day: day.min(31),
    })
}

fn parse_small(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    kaohe_numerals::chinese::parse(s)?
        .to_i64()
        .and_then(|v| u32::try_from(v).ok())
}

/// `年底前完成…`, `年内建成…`: a deadline at the end of the year.
fn year_end_deadlines(
    text: &str,
    item: &Item,
    item_index: usize,
    item_no: u32,
    quantities: &[Quantity],
) -> Vec<Target> {
    let mut out = Vec::new();
    let body = text.get(item.start..item.end).unwrap_or("");
    for marker in ["年底前", "年末前", "年内", "年底"] {
        let Some(pos) = body.find(marker) else {
            continue;
        };
        let at = item.start + pos;
        let clause = clause_around(text, at);
        let rest = text.get(at + marker.len()..clause.1).unwrap_or("");
        if !DONE_VERBS
            .iter()
            .any(|v| rest.starts_with(v) || rest.get(..9).is_some_and(|r| r.contains(v)))
        {
            continue;
        }
        // A clause with its own figure is a count target, not a deadline.
        if quantities
            .iter()
            .any(|q| q.is_measured() && q.start >= clause.0 && q.end <= clause.1)
        {
            continue;
        }
        out.push(Target {
            item: item_no,
            item_index,
            numbered: item.number.is_some(),
            subject: rest.trim_end_matches(['。', '；']).to_string(),
            text: clean_clause(&text[clause.0..clause.1]).to_string(),
            kind: TargetKind::Deadline,
            comparator: Some(Comparator::Le),
            value: Some(Decimal::from_int(12)),
            unit: "月",
            period: Period::Year,
            direction: None,
            is_total: false,
            deadline: Some(MonthDay {
                year: None,
                month: 12,
                day: 31,
            }),
            span: (at, clause.1),
            clause,
        });
        break;
    }
    out
}

fn zero_events(text: &str, item: &Item, item_index: usize, item_no: u32) -> Vec<Target> {
    let mut out = Vec::new();
    let body = text.get(item.start..item.end).unwrap_or("");
    let mut push = |subject: &str, at: usize, lead: &str, clause: (usize, usize)| {
        let subject = subject.trim().trim_end_matches(['。', '；']);
        if subject.chars().count() < 2 {
            return;
        }
        out.push(Target {
            item: item_no,
            item_index,
            numbered: item.number.is_some(),
            subject: subject.to_string(),
            text: format!("{lead}{subject}"),
            kind: TargetKind::ZeroEvent,
            comparator: Some(Comparator::Eq),
            value: Some(Decimal::ZERO),
            unit: "",
            period: Period::Year,
            direction: None,
            is_total: false,
            deadline: None,
            span: (at, clause.1),
            clause,
        });
    };
    for marker in ZERO_MARKERS {
        let mut from = 0;
        while let Some(pos) = body[from..].find(marker) {
            let at = item.start + from + pos;
            from += pos + marker.len();
            let clause = clause_around(text, at);
            let lead = clean_clause(text.get(clause.0..at + marker.len()).unwrap_or(marker));
            let subject = text.get(at + marker.len()..clause.1).unwrap_or("");
            // 不发生重大医疗安全事件和院内感染暴发事件: two events, two targets.
            for part in split_events(subject) {
                push(part, at, lead, clause);
            }
        }
    }
    // 劣Ⅴ类水体保持动态清零: the subject comes first.
    let mut from = 0;
    while let Some(pos) = body[from..].find("清零") {
        let at = item.start + from + pos;
        from += pos + "清零".len();
        let clause = clause_around(text, at);
        let mut subject = clean_clause(text.get(clause.0..at).unwrap_or(""));
        for tail in ["动态", "保持", "实现", "全部", "基本"] {
            subject = subject.trim_end_matches(tail);
        }
        let whole = clean_clause(&text[clause.0..clause.1])
            .trim_end_matches(['。', '；'])
            .to_string();
        if subject.chars().count() >= 2 {
            out.push(Target {
                item: item_no,
                item_index,
                numbered: item.number.is_some(),
                subject: subject.to_string(),
                text: whole,
                kind: TargetKind::ZeroEvent,
                comparator: Some(Comparator::Eq),
                value: Some(Decimal::ZERO),
                unit: "",
                period: Period::Year,
                direction: None,
                is_total: false,
                deadline: None,
                span: (clause.0, at),
                clause,
            });
        }
    }
    out
}

/// The events a zero-event clause names, split at 和 / 、 / 或 (but not at
/// the 及 of 及以上).
fn split_events(subject: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in subject.char_indices() {
        let rest = &subject[i..];
        let split = match c {
            '和' | '、' | '或' => true,
            '及' => {
                !rest.starts_with("及以上")
                    && !rest.starts_with("及以下")
                    && !subject[..i].ends_with('以')
            }
            _ => false,
        };
        if split && i > start {
            parts.push(&subject[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&subject[start..]);
    // Keep the split only when every part names an event of its own.
    if parts.len() > 1 && parts.iter().all(|p| p.chars().count() >= 4) {
        parts
    } else {
        vec![subject]
    }
}

/// The clause around byte `at` of `text`.
pub fn clause_around(text: &str, at: usize) -> (usize, usize) {
    let mut a = at;
    for (i, c) in text[..at].char_indices().rev() {
        if is_clause_break(c) {
            break;
        }
        a = i;
    }
    let mut b = text.len();
    for (i, c) in text[at..].char_indices() {
        if is_clause_break(c) {
            b = at + i;
            break;
        }
    }
    (a, b)
}

/// A clause without its item marker and surrounding blanks.
pub fn clean_clause(s: &str) -> &str {
    strip_marker(s.trim())
}

fn strip_marker(s: &str) -> &str {
    let t = s.trim_start();
    // （1） (2) （一）
    if let Some(rest) = t.strip_prefix(['（', '(']) {
        if let Some(close) = rest.find(['）', ')']) {
            let inner = &rest[..close];
            let numeric = !inner.is_empty()
                && inner.chars().count() <= 3
                && inner
                    .chars()
                    .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
            if numeric {
                return rest[close..].trim_start_matches(['）', ')']).trim_start();
            }
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(['.', '、', '．']) {
            if !r.starts_with(|c: char| c.is_ascii_digit()) || crate::text::starts_with_date(r) {
                return r.trim_start();
            }
        }
    }
    t
}

const LEAD_WORDS: &[&str] = &[
    "其中",
    "年底前",
    "年底",
    "确保",
    "力争",
    "全年",
    "本年",
    "今年",
    "每月",
    "每年",
    "每季度",
    "每天",
    "新增",
    "新建",
    "完成",
    "实现",
    "推动",
    "引导",
    "建设",
    "建成",
    "累计",
    "总计",
    "共计",
    "达到",
    "开展",
    "组织",
    "印发",
    "通报",
    "服务",
    "培训",
    "发展",
];
const TRAIL_WORDS: &[&str] = &[
    "同比下降",
    "同比增长",
    "同比提高",
    "同比减少",
    "下降",
    "增长",
    "提高",
    "提升",
    "降低",
    "减少",
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "控制在",
    "超过",
    "达到",
    "总计",
    "累计",
    "共计",
    "超",
    "达",
    "约",
    "近",
    "为",
    "有",
    "≥",
    "≤",
];
const CUT_VERBS: &[&str] = &[
    "接入", "建立", "开展", "实现", "完成", "纳入", "覆盖", "参与", "使用", "加入",
];

/// What a quantity counts: the noun after its unit, or the words before it.
fn subject_of(text: &str, q: &Quantity) -> String {
    let mut after = text.get(q.end..q.clause.1).unwrap_or("");
    for suffix in ["及以上", "及以下", "以上", "以下", "以内", "左右"] {
        if let Some(rest) = after.strip_prefix(suffix) {
            after = rest;
            break;
        }
    }
    let after_noun: String = {
        let mut s = after;
        for v in CUT_VERBS {
            if let Some(p) = s.find(v) {
                s = &s[..p];
            }
        }
        s.chars().take(12).collect()
    };
    if after_noun.chars().count() >= 2 && after_noun.chars().next().is_some_and(crate::text::is_han)
    {
        return after_noun;
    }
    let mut before = strip_marker(text.get(q.clause.0..q.start).unwrap_or("")).trim();
    loop {
        let mut changed = false;
        for w in TRAIL_WORDS {
            if let Some(s) = before.strip_suffix(w) {
                before = s.trim_end();
                changed = true;
            }
        }
        for w in LEAD_WORDS {
            if let Some(s) = before.strip_prefix(w) {
                if !s.is_empty() {
                    before = s.trim_start();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    before
        .chars()
        .rev()
        .take(16)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, Piece};

    fn targets(lines: &[&str]) -> Vec<Target> {
        let mut cell = Cell::default();
        for (i, l) in lines.iter().enumerate() {
            cell.pieces.push(Piece {
                offset: cell.text.len(),
                line: i as u32 + 1,
            });
            cell.text.push_str(l);
        }
        let items = crate::items::split(&cell);
        let qs = crate::quantity::extract(&cell.text);
        parse(&cell.text, &items, &qs)
    }

    fn show(t: &Target) -> String {
        format!(
            "{}|{:?}|{}|{}|{}|{:?}|{}",
            t.item,
            t.kind,
            t.comparator.map_or("", |c| c.symbol()),
            t.value.map(|v| v.to_string()).unwrap_or_default(),
            t.unit,
            t.period,
            t.subject
        )
    }

    #[test]
    fn targets_of_items() {
        let t = targets(&[
            "1.稳步推进5G网络部署，新增5G基站6000个。",
            "2.增强千兆固网接入能力，新增10万千兆用户。",
        ]);
        let got: Vec<String> = t.iter().map(show).collect();
        assert_eq!(
            got,
            [
                "1|Count|>=|6000|个|Year|5G基站",
                "2|Count|>=|100000|户|Year|千兆用户"
            ]
        );
        assert_eq!(t[0].text, "新增5G基站6000个");
    }

    #[test]
    fn several_targets_in_one_unnumbered_item() {
        let t = targets(&["引导总计50个二级节点接入，其中北京地区接入二级节点总计18个，服务6000家企业，累计标识注册量超过90亿个。"]);
        let got: Vec<String> = t.iter().map(show).collect();
        assert_eq!(
            got,
            [
                "1|Count|>=|50|个|Year|二级节点",
                "1|Count|>=|18|个|Year|北京地区接入二级节点",
                "1|Count|>=|6000|家|Year|企业",
                "1|Count|>|9000000000|个|Year|标识注册量",
            ]
        );
        assert!(t[0].is_total && t[1].is_total && !t[2].is_total && t[3].is_total);
    }

    #[test]
    fn kinds() {
        let t = targets(&["1.年底实现用户申诉率同比下降20%。2.每月通报隐私不合规APP 20款。3.确保不发生聚集性疫情。4.9月底前完成平台建设。5.加强宣传。"]);
        let got: Vec<String> = t.iter().map(show).collect();
        assert_eq!(
            got,
            [
                "1|ChangePercent|>=|20|%|Year|用户申诉率",
                "2|Count|>=|20|款|Month|隐私不合规APP",
                "3|ZeroEvent|=|0||Year|聚集性疫情",
                "4|Deadline|<=|9|月|Year|",
                "5|Qualitative||||Year|",
            ]
        );
        assert_eq!(
            t[3].deadline,
            Some(MonthDay {
                year: None,
                month: 9,
                day: 31
            })
        );
        assert_eq!(t[2].text, "确保不发生聚集性疫情");
    }

    #[test]
    fn qualifiers_and_list_numbers_are_not_targets() {
        // Regression: `1.65岁` read as 1.65 years, and `3岁以下` as a target.
        let mut cell = Cell::default();
        for (i, l) in [
            "1.65岁及以上老年人健康管理率达到72%以上。",
            "2.每千人口拥有3岁以下婴幼儿托位数达到4.5个。",
        ]
        .iter()
        .enumerate()
        {
            cell.pieces.push(Piece {
                offset: cell.text.len(),
                line: i as u32 + 1,
            });
            cell.text.push_str(l);
        }
        let items = crate::items::split(&cell);
        let qs =
            crate::quantity::extract_with_items(&cell.text, &crate::items::marker_offsets(&items));
        let got: Vec<String> = parse(&cell.text, &items, &qs).iter().map(show).collect();
        assert_eq!(
            got,
            [
                "1|Percent|>=|72|%|Year|65岁及以上老年人健康管理率",
                "2|Count|>=|4.5|个|Year|每千人口拥有3岁以下婴幼儿托位数"
            ]
        );
    }

    #[test]
    fn month_days() {
        assert_eq!(
            month_day("9月底"),
            Some(MonthDay {
                year: None,
                month: 9,
                day: 31
            })
        );
        assert_eq!(
            month_day("6月30日"),
            Some(MonthDay {
                year: None,
                month: 6,
                day: 30
            })
        );
        assert_eq!(
            month_day("2023年7月"),
            Some(MonthDay {
                year: Some(2023),
                month: 7,
                day: 31
            })
        );
        assert_eq!(
            month_day("十月底"),
            Some(MonthDay {
                year: None,
                month: 10,
                day: 31
            })
        );
        assert_eq!(month_day("清源"), None);
    }
}
