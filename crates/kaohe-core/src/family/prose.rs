//! Target/result pairs in prose: self-evaluation reports and notices that
//! say what was planned and what was done, in one sentence or two.
//!
//! Clause patterns, read left to right (a clause ends at ，；。, a sentence
//! at ；。):
//!
//! * a target, then its result: `开发公益性岗位420个，完成436个，完成率103.8%`,
//!   `全年计划开展培训12000人次，实际完成12580人次`, `增长目标为7%，实际增长6.4%`,
//!   `参保率保持在95%以上，实际达到97.1%`, `满意度不低于90%，第三方测评满意度为92.4%`,
//!   `建成碧道50公里，建成碧道52.6公里` (the work named again);
//! * a result, then the target it is a share of or compared with:
//!   `新引进项目40个，完成市考核目标45个的88.9%`, `实际利用外资1620万美元，超过年度目标1500万美元`,
//!   `新开工招商项目18个，年度目标26个`, `新引进项目21个（全年目标32个）`;
//! * both in one clause: `316个重点项目累计开复工291个`, `3个社区食堂建设已完成2个(67%)`;
//! * a list, paired by place: `计划新建A80个、B271个，实际分别完成95个、310个`;
//! * a target answered in words: `全年任务为282个村，已全部建设完成`,
//!   `计划3月底前开工，已于3月18日开工建设`, `目标为“无食品安全事故”，实际未发生食品安全事故`;
//! * labelled lines: `年度目标：新建中小学校5所。` / `进展情况：已完工3所。`,
//!   `1.参保率稳定在97%以上。` / `完成情况：全年参保率97.6%。`.
//!
//! A target waits for the result that answers it (the same kind of unit, the
//! words they share) for a few sentences. Background figures (总投资, 预算,
//! 现有, 实有 …), subsets (`其中`, `…中`) and rates of nothing are never targets;
//! when a clause could be either, nothing is paired.

use crate::quantity::{self, Kind, Quantity};
use crate::units;

/// One pair found in prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The subject (the clause naming the work, or the target's own words).
    pub name: String,
    /// The target's words.
    pub target: String,
    /// The result's words, with a stated rate that follows them.
    pub actual: String,
    /// A completion rate stated as a share of the target (`88.9%`), when
    /// the result's words do not hold it.
    pub rate: Option<String>,
    /// The clause that states the share, kept for the reader.
    pub note: String,
    /// Original line of the target.
    pub line: u32,
}

/// What a short head before a colon says the rest is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    None,
    /// `年度目标：`, `目标任务：`
    Target,
    /// `进展情况：`, `完成情况：`
    Result,
}

/// A clause of a paragraph with its measures.
#[derive(Debug)]
struct Clause {
    text: String,
    line: u32,
    measures: Vec<Quantity>,
    /// The clause names a date (`3月底前`).
    dated: bool,
    /// Index of the sentence the clause belongs to.
    sentence: usize,
    label: Label,
}

const TARGET_WORDS: &[&str] = &["目标", "任务", "计划", "下达", "预期"];
/// Words before a figure that only a result has.
const STRONG: &[&str] = &["实际", "已", "累计", "截至", "截止", "目前", "尚有"];
/// Verbs a result may start with (after its period: `1-7月完成11座`).
const WEAK: &[&str] = &[
    "完成", "建成", "达到", "实现", "到位", "投用", "完工", "开工", "复工", "发放",
];
/// Words that name the work, planned or done: a result only where no
/// target of the same sentence waits for more of its list.
const WORK_WORDS: &[&str] = &[
    "新增",
    "新开工",
    "开工",
    "发放",
    "培训",
    "服务",
    "受理",
    "办结",
    "引进",
    "改造",
    "签约",
    "建成",
];
const ALL_DONE: &[&str] = &[
    "已全部",
    "全部完成",
    "已全面",
    "全面完成",
    "已完成",
    "圆满完成",
    "提前完成",
    "超额完成",
];
/// Figures that describe, never set, what is to be done.
const BACKGROUND: &[&str] = &[
    "总投资",
    "概算",
    "预算",
    "现有",
    "实有",
    "共有",
    "在校",
    "下设",
    "内设",
    "下属",
    "执行数",
    "执行率",
];
/// Words that state a bound, as targets do.
const BOUNDS: &[&str] = &[
    "以上",
    "以内",
    "以下",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "保持在",
    "稳定在",
    "控制在",
    "提高到",
    "提升到",
    "达到",
    "≥",
    "≤",
];
/// A clause that explains a shortfall of the result before it.
const EXPLAINS: &[&str] = &["因", "原因", "延期", "顺延", "延至", "不属", "结转"];
/// Periods a clause may open with.
const TIMES: &[&str] = &[
    "截至目前",
    "截止目前",
    "目前",
    "全年",
    "年末",
    "年底",
    "年初",
    "当年",
    "本年度",
    "本年",
    "今年",
    "年度",
    "上半年",
    "下半年",
    "前三季度",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
];

fn measures(text: &str) -> Vec<Quantity> {
    quantity::extract(text)
        .into_iter()
        .filter(|q| matches!(q.kind, Kind::Measure | Kind::Percent))
        .collect()
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn starts_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.starts_with(w))
}

/// A paragraph: lines joined where a line was only wrapped (it ends with a
/// comma, or runs long without a stop), with the line each piece began on.
struct Para {
    text: String,
    starts: Vec<(usize, u32)>,
}

impl Para {
    fn line_at(&self, at: usize) -> u32 {
        self.starts
            .iter()
            .take_while(|(s, _)| *s <= at)
            .last()
            .map_or(0, |(_, l)| *l)
    }
}

fn is_heading(t: &str) -> bool {
    let mut cs = t.chars();
    let first = cs.next().unwrap_or(' ');
    let second = cs.next().unwrap_or(' ');
    let third = cs.next().unwrap_or(' ');
    matches!(first, '■' | '●' | '◆' | '★' | '（' | '(' | '第')
        || "一二三四五六七八九十".contains(first) && matches!(second, '、' | '是')
        || first.is_ascii_digit()
            && (matches!(second, '、' | '．')
                || second == '.' && !third.is_ascii_digit()
                || second.is_ascii_digit() && matches!(third, '、' | '．'))
}

fn wraps(t: &str) -> bool {
    let Some(last) = t.chars().last() else {
        return false;
    };
    if matches!(last, '，' | ',' | '、') {
        return true;
    }
    let stop = matches!(
        last,
        '。' | '；' | ';' | '：' | ':' | '！' | '？' | '）' | ')' | '】' | '|'
    );
    !stop && t.chars().count() >= 25
}

/// The line without the spaces a PDF puts where CJK meets a figure
/// (`新建中小学校 5 所`, `1500 万元`).
fn squeeze_figures(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::with_capacity(t.len());
    for (k, &c) in chars.iter().enumerate() {
        if c == ' ' && k > 0 {
            let before = chars[k - 1];
            let after = chars.get(k + 1).copied().unwrap_or(' ');
            let digit_cjk =
                |a: char, b: char| a.is_ascii_digit() && !b.is_ascii() && b.is_alphabetic();
            if digit_cjk(before, after) || digit_cjk(after, before) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn paragraphs(lines: &[(u32, String)]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut open = false;
    let mut last_line = 0;
    for (line, raw) in lines {
        let t = raw.trim();
        // A blank line between (or a line used by a table) ends a paragraph.
        if t.is_empty() || *line != last_line + 1 {
            open = false;
        }
        last_line = *line;
        if t.is_empty() {
            continue;
        }
        let t = squeeze_figures(t);
        let t = t.as_str();
        match out.last_mut() {
            Some(p) if open && !is_heading(t) => {
                p.starts.push((p.text.len(), *line));
                p.text.push_str(t);
            }
            _ => out.push(Para {
                text: t.to_string(),
                starts: vec![(0, *line)],
            }),
        }
        open = wraps(t) && !t.contains('|');
    }
    out
}

/// `年度目标`, `进展情况`: a head that says what follows its colon.
fn label_of(head: &str) -> Option<Label> {
    let n = head.chars().count();
    if n == 0 || n > 8 {
        return None;
    }
    if has_any(head, &["情况", "进展", "进度", "结果", "实际"]) {
        Some(Label::Result)
    } else if has_any(head, &["目标", "任务"]) {
        Some(Label::Target)
    } else {
        None
    }
}

/// The clause without its list number (`1.`, `（一）`, `二、`).
fn strip_enum(s: &str) -> &str {
    let s = s.trim();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let num = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(&(_, '（' | '(')) = chars.first() {
        if let Some(k) = chars.iter().position(|(_, c)| matches!(c, '）' | ')')) {
            if k > 1 && k <= 4 && chars[1..k].iter().all(|(_, c)| num(*c)) {
                return s[chars[k].0 + chars[k].1.len_utf8()..].trim();
            }
        }
    }
    let digits = chars.iter().take_while(|(_, c)| num(*c)).count();
    if digits > 0 && digits <= 3 {
        if let Some(&(at, c)) = chars.get(digits) {
            let next_digit = chars
                .get(digits + 1)
                .is_some_and(|(_, d)| d.is_ascii_digit());
            if matches!(c, '、' | '．') || c == '.' && !next_digit {
                return s[at + c.len_utf8()..].trim();
            }
        }
    }
    s
}

/// Most targets waiting for their result at once.
const MAX_WAITING: usize = 50;

/// The longest clause read (about 300 characters).
const MAX_CLAUSE_BYTES: usize = 900;

fn clauses(lines: &[(u32, String)]) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut sentence = 0;
    for p in paragraphs(lines) {
        let text = p.text.as_str();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut start = 0;
        let mut depth = 0i32;
        let mut label = Label::None;
        for (k, &(at, c)) in chars.iter().enumerate() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
            let last = k + 1 == chars.len();
            if depth > 0 && !last {
                continue;
            }
            let between_digits = k > 0
                && chars[k - 1].1.is_ascii_digit()
                && chars.get(k + 1).is_some_and(|(_, d)| d.is_ascii_digit());
            let stop = matches!(c, '。' | '；' | ';' | '！' | '？');
            let comma = c == '，' || c == ',' && !between_digits;
            let colon = matches!(c, '：' | ':') && !between_digits;
            if colon {
                if let Some(l) = label_of(strip_enum(&text[start..at])) {
                    label = l;
                    start = at + c.len_utf8();
                    continue;
                }
            }
            if stop || comma || colon || last {
                let end = if stop || comma || colon {
                    at
                } else {
                    text.len()
                };
                let t = strip_enum(&text[start.min(end)..end]);
                // A clause states one target or result: hundreds of
                // characters without a stop are no such clause.
                if !t.is_empty() && t.len() <= MAX_CLAUSE_BYTES {
                    let all = quantity::extract(t);
                    out.push(Clause {
                        text: t.to_string(),
                        line: p.line_at(start),
                        measures: all
                            .iter()
                            .filter(|q| matches!(q.kind, Kind::Measure | Kind::Percent))
                            .cloned()
                            .collect(),
                        dated: all.iter().any(|q| q.kind == Kind::Date),
                        sentence,
                        label,
                    });
                }
                if stop || last {
                    sentence += 1;
                    label = Label::None;
                }
                start = at + c.len_utf8();
            }
        }
    }
    out
}

/// The clause's words before its first figure.
fn lead(c: &Clause) -> &str {
    c.measures
        .first()
        .map_or(c.text.as_str(), |q| &c.text[..q.start])
}

/// Words without the period they open with (`1-7月`, `全年`, `一季度`).
fn strip_time(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        for t in TIMES {
            s = s.strip_prefix(t).unwrap_or(s);
        }
        // `1-7月`, `1至9月份`, `2023年`
        let num: usize = s
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, '-' | '—' | '至' | '~'))
            .map(|(_, c)| c.len_utf8())
            .sum();
        if num > 0 {
            let rest = &s[num..];
            for unit in ["月份", "月底", "月", "年"] {
                if let Some(r) = rest.strip_prefix(unit) {
                    s = r;
                    break;
                }
            }
        }
        s = s.trim_start_matches(['，', ',', ' ']);
        if s == before {
            return s;
        }
    }
}

fn strong(c: &Clause) -> bool {
    c.label == Label::Result || has_any(lead(c), STRONG)
}

fn weak_start(c: &Clause) -> bool {
    let l = strip_time(lead(c));
    WEAK.iter().any(|w| l.starts_with(w))
}

/// `年检率为81.2%`, `实际为23微克/立方米`.
fn states_value(c: &Clause) -> bool {
    let l = lead(c).trim_end();
    l.ends_with('为') || l.ends_with("为：")
}

/// The same work named again: `建成碧道50公里` / `建成碧道52.6公里`,
/// `法定传染病报告及时率100%` / `报告及时率100%`.
fn repeats(a: &Clause, b: &Clause) -> bool {
    let la = strip_time(lead(a));
    let lb = strip_time(lead(b));
    let long = |s: &str| s.chars().count() >= 2;
    long(lb) && long(la) && (la.contains(lb) || lb.contains(la))
}

/// `…16项重点任务中`, `其中…`: a subset, never a target.
fn framing(c: &Clause) -> bool {
    c.text.ends_with('中') || c.text.starts_with("其中") || has_any(&c.text, BACKGROUND)
}

/// Whether the clause states a target.
fn target_mark(c: &Clause) -> bool {
    match c.label {
        Label::Target => return true,
        Label::Result => return false,
        Label::None => {}
    }
    let t = c.text.as_str();
    if t.contains("完成率") && !t.contains("率目标") {
        return false;
    }
    if has_any(t, &["按计划", "计划进度", "序时"]) {
        return false;
    }
    for w in TARGET_WORDS {
        for (at, _) in t.match_indices(w) {
            let before = &t[..at];
            // `已完成年度任务8项`: a result counted in tasks.
            if has_any(before, &["已", "实际", "累计"]) {
                continue;
            }
            let figure_after = c.measures.iter().any(|q| q.start >= at);
            // `达到40%的目标`, `新开工11300套、基本建成8600套的目标任务`
            let of_figures = before.ends_with('的') && !c.measures.is_empty();
            if figure_after || of_figures {
                return true;
            }
            // A target stated in words: a deadline, no accident, 全覆盖.
            let done_before = [
                "完成", "超额", "提前", "实现", "达到", "围绕", "对照", "对标",
            ]
            .iter()
            .any(|d| before.ends_with(d) || before.contains(&format!("{d}全年")))
                || has_any(before, &["完成了", "完成年度", "完成全年"]);
            if c.measures.is_empty() && !done_before && figureless_target(c) {
                return true;
            }
        }
    }
    false
}

/// A target of words: `计划3月底前开工`, `零发生`, `无食品安全事故`,
/// `目标是…全覆盖`.
fn figureless_target(c: &Clause) -> bool {
    deadline(c) || zero_event(&c.text) || has_any(&c.text, &["目标是", "目标为"])
}

fn deadline(c: &Clause) -> bool {
    c.dated && has_any(&c.text, &["底前", "日前", "月前", "年前"])
}

fn zero_event(t: &str) -> bool {
    has_any(t, &["零发生", "零事故", "零死亡", "不发生", "杜绝"])
        || t.contains('无') && has_any(t, &["事故", "事件", "案件"])
}

/// A clause of rates only that belongs to the result before it:
/// `完成率103.8%`, `完成80%`, `超额完成20%`, `开复工率92%`.
fn rate_only(c: &Clause) -> bool {
    !c.measures.is_empty()
        && c.measures.iter().all(|q| q.unit == "%" || q.unit == "倍")
        && !target_mark(c)
        && (c.text.contains('率') || starts_any(strip_time(&c.text), &["完成", "超额", "提前"]))
}

/// `完成市考核目标45个的88.9%`, `为年投资计划的74.1%`, `是其全年任务量的6.4倍`,
/// `超过年度目标1500万美元`: the words naming the target, and the share.
fn share_of(text: &str) -> Option<(String, Option<String>)> {
    let text = strip_time(text);
    for lead in ["超过", "高于", "低于", "未达到"] {
        if let Some(rest) = text.strip_prefix(lead) {
            let qs = measures(rest);
            let ends = qs.last().is_some_and(|q| rest[q.end..].trim().is_empty());
            if qs.len() == 1 && ends && has_any(rest, &["目标", "任务", "计划"]) {
                return Some((rest.trim().to_string(), None));
            }
        }
    }
    let of = text.rfind('的')?;
    let after = &text[of + '的'.len_utf8()..];
    let is_share = after.trim_end().ends_with(['%', '％', '倍']) && after.chars().count() <= 10;
    if !is_share {
        return None;
    }
    let before = &text[..of];
    for lead in ["完成", "为", "是其", "是", "占", "达"] {
        if let Some(i) = before.rfind(lead) {
            let named = before[i + lead.len()..].trim();
            if !named.is_empty() && has_any(named, &["目标", "任务", "计划"]) {
                return Some((named.to_string(), share_rate(text)));
            }
        }
    }
    None
}

/// The share after the last 的: `88.9%`, or `6.4倍` as `640%`.
fn share_rate(clause: &str) -> Option<String> {
    let of = clause.rfind('的')?;
    let share = clause[of + '的'.len_utf8()..].trim();
    if let Some(times) = share.strip_suffix('倍') {
        let x: f64 = kaohe_numerals::normalize_str(times).parse().ok()?;
        return Some(format!("{}%", (x * 1000.0).round() / 10.0));
    }
    Some(share.to_string())
}

/// `新开工招商项目18个，年度目标26个`: a clause that is only a target figure.
fn bare_target(c: &Clause) -> bool {
    if c.measures.len() != 1 || !target_mark(c) {
        return false;
    }
    let q = &c.measures[0];
    let after = c.text[q.end..].trim();
    let mut l = strip_time(lead(c)).to_string();
    for w in TARGET_WORDS
        .iter()
        .chain(&["为", "是", "的", "全年", "年度"])
    {
        l = l.replace(w, "");
    }
    l.trim().is_empty() && (after.is_empty() || after == "以上")
}

/// `新引进亿元以上项目21个（全年目标32个）`: the target in brackets, and
/// the clause without it.
fn bracketed_target(c: &Clause) -> Option<(String, String)> {
    let open = c.text.find(['（', '('])?;
    let close = c.text[open..].find(['）', ')'])? + open;
    let open_len = c.text[open..].chars().next()?.len_utf8();
    let inner = &c.text[open + open_len..close];
    let close_len = c.text[close..].chars().next()?.len_utf8();
    let outer = format!("{}{}", &c.text[..open], &c.text[close + close_len..]);
    let qi = measures(inner);
    let qo: Vec<&Quantity> = c.measures.iter().filter(|q| q.end <= open).collect();
    let fits = qi.len() == 1
        && has_any(inner, &["目标", "任务", "计划"])
        && qo
            .last()
            .is_some_and(|q| units::compatible(q.unit, qi[0].unit));
    fits.then(|| (inner.trim().to_string(), outer.trim().to_string()))
}

/// The target's words, tight: from after a figure of another kind that
/// comes before the target's figure (`村级集体经营性收入50万元以上的村占比达到60%`
/// → `村占比达到60%`).
fn tight_target(c: &Clause, unit: Option<&str>) -> String {
    let Some(unit) = unit else {
        return c.text.clone();
    };
    let Some(k) = c
        .measures
        .iter()
        .rposition(|q| units::compatible(q.unit, unit))
    else {
        return c.text.clone();
    };
    let Some(prev) = c.measures[..k].last() else {
        return c.text.clone();
    };
    if units::compatible(prev.unit, unit) {
        return c.text.clone();
    }
    let mut rest = &c.text[prev.end..];
    let figure_at = c.measures[k].start - prev.end;
    // `新能源汽车零部件产业园项目年度计划投资8亿元` → `年度计划投资8亿元`.
    let named = TARGET_WORDS
        .iter()
        .filter_map(|w| rest.find(w).filter(|at| *at < figure_at))
        .min()
        .map(|at| {
            ["年度", "全年", "当年", "本年"]
                .iter()
                .find(|y| rest[..at].ends_with(*y))
                .map_or(at, |y| at - y.len())
        });
    if let Some(at) = named {
        rest = &rest[at..];
    } else {
        for cut in ["以上的", "以下的", "以上", "以下", "的"] {
            rest = rest.strip_prefix(cut).unwrap_or(rest);
        }
    }
    if rest.chars().count() < 4 {
        c.text.clone()
    } else {
        rest.to_string()
    }
}

/// The figure of a target clause that a result answers: the last one.
fn main_figure(c: &Clause) -> Option<&Quantity> {
    c.measures.last()
}

/// `316个州重点建设项目累计开复工291个`, `146个续建项目已全面复工`: the
/// clause before the result words, and the result, when one clause holds both.
fn both_in_one(c: &Clause) -> Option<(String, String)> {
    let first = c.measures.first()?;
    let before = &c.text[..first.start];
    if before.chars().filter(|ch| !ch.is_whitespace()).count() > 6
        || has_any(before, STRONG)
        || has_any(before, WEAK)
        || target_mark(c)
    {
        return None;
    }
    let rest = &c.text[first.end..];
    let v = ["已", "累计", "实际", "完成"]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()?;
    let split = first.end + v;
    let target = c.text[..split].trim();
    let answer = &c.text[split..];
    let subject = c.text[first.end..split].trim();
    if target.ends_with('中')
        || subject.chars().count() < 2
        || has_any(subject, &["任务", "目标", "指标"])
    {
        return None;
    }
    let second = c.measures.get(1).filter(|q| q.start >= split);
    let answered =
        second.is_some_and(|q| units::compatible(q.unit, first.unit)) || has_any(answer, ALL_DONE);
    answered.then(|| (target.to_string(), answer.to_string()))
}

/// Splits `下达新开工11300套、基本建成8600套的目标任务` at each `、` that
/// follows a figure.
fn split_list(text: &str, qs: &[Quantity]) -> Vec<String> {
    if qs.len() < 2 {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for q in qs {
        let after = &text[q.end..];
        if after.starts_with('、') || after.starts_with("和") || after.starts_with('及') {
            out.push(text[start..q.end].to_string());
            start = q.end + after.chars().next().map_or(0, char::len_utf8);
        }
    }
    if out.is_empty() {
        return vec![text.to_string()];
    }
    let tail = &text[start..];
    let tail = tail
        .find("的目标")
        .or_else(|| tail.find("的任务"))
        .map_or(tail, |i| &tail[..i]);
    out.push(tail.to_string());
    out
}

/// How many two-character runs two texts share.
fn shared_pairs(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_ascii_digit()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_ascii_digit()).collect();
    a.windows(2)
        .filter(|w| b.windows(2).any(|v| v == *w))
        .count()
}

/// A target waiting for its result.
struct Waiting {
    clause: usize,
    figure: Option<Quantity>,
    /// The target's words.
    text: String,
    /// The work it names.
    name: String,
}

struct Reader<'a> {
    clauses: &'a [Clause],
    out: Vec<Pair>,
    pending: Vec<Waiting>,
    /// Clauses already a target or a result.
    used: Vec<bool>,
    /// The last pair, while its sentence goes on (for its rate).
    open: Option<(usize, usize)>,
    /// The last clause naming the work without a figure.
    topic: String,
}

impl Reader<'_> {
    fn push(&mut self, name: String, target: String, actual: String, line: u32, sentence: usize) {
        self.out.push(Pair {
            name,
            target,
            actual,
            rate: None,
            note: String::new(),
            line,
        });
        self.open = Some((self.out.len() - 1, sentence));
    }

    fn name_for(&self, text: &str) -> String {
        if self.topic.is_empty() || text.chars().count() > 12 {
            text.to_string()
        } else {
            self.topic.clone()
        }
    }

    /// Whether clause `b` answers the target figure `q` of clause `a`, as
    /// the result that follows it.
    fn answers(&self, a: &Clause, q: &Quantity, b: &Clause) -> bool {
        let fits = b.measures.iter().any(|r| r.unit != "%" || q.unit == "%")
            && b.measures.iter().any(|r| units::compatible(r.unit, q.unit));
        fits && !target_mark(b)
            && !framing(b)
            && share_of(&b.text).is_none()
            && !starts_any(&b.text, &["同比", "比上年", "较上年", "增长", "下降"])
            && (strong(b)
                || weak_start(b)
                || repeats(a, b)
                || states_value(b) && (has_any(&a.text, BOUNDS) || target_mark(a)))
    }

    /// The waiting target a result answers: the same kind of unit, most
    /// words shared, else the first.
    fn best_pending(&self, c: &Clause) -> Option<usize> {
        let unit = c.measures.iter().find(|q| q.unit != "%").map(|q| q.unit);
        let percent = c.measures.iter().any(|q| q.unit == "%");
        let mut best: Option<(usize, usize)> = None;
        for (n, w) in self.pending.iter().enumerate() {
            let target = &self.clauses[w.clause];
            let fits = match (&w.figure, unit) {
                (Some(q), Some(u)) => units::compatible(q.unit, u),
                (Some(q), None) => q.unit == "%" && percent || has_any(&c.text, ALL_DONE),
                (None, _) => {
                    let zero = zero_event(&target.text);
                    // No accident in part of the year says nothing of the year.
                    let part = super::part_year(&c.text).is_some_and(|p| !p.is_whole_year());
                    c.sentence <= target.sentence + 1
                        && !(zero && part)
                        && (strong(c) || zero && c.text.contains("发生"))
                }
            };
            if !fits {
                continue;
            }
            let words = shared_pairs(&format!("{}{}", target.text, w.name), &c.text);
            if best.is_none_or(|(_, b)| words > b) {
                best = Some((n, words));
            }
        }
        best.map(|(n, _)| n)
    }
}

/// Reads every pair in a text's paragraphs (lines not used by a table).
pub fn pairs(lines: &[(u32, String)]) -> Vec<Pair> {
    let clauses = clauses(lines);
    let mut r = Reader {
        clauses: &clauses,
        out: Vec::new(),
        pending: Vec::new(),
        used: vec![false; clauses.len()],
        open: None,
        topic: String::new(),
    };
    for (i, c) in clauses.iter().enumerate() {
        if r.used[i] {
            continue;
        }
        let t = c.text.as_str();
        r.pending
            .retain(|w| clauses[w.clause].sentence + 3 >= c.sentence);
        // A sentence of a hundred targets waiting is a list, not prose: the
        // oldest are let go, so each result looks at a bounded few.
        if r.pending.len() > MAX_WAITING {
            let extra = r.pending.len() - MAX_WAITING;
            r.pending.drain(..extra);
        }
        // Work still under way, then a forecast of finishing: the year's
        // task is not done (`正按计划推进户厕改造，预计年底完成计划任务`).
        if c.measures.is_empty() && has_any(t, &["正按计划", "正在", "推进中", "有序推进"])
        {
            if let Some(next) = clauses.get(i + 1) {
                let forecast = next.sentence == c.sentence
                    && next.text.starts_with("预计")
                    && next.text.contains("完成");
                if forecast && !r.used[i + 1] {
                    r.used[i + 1] = true;
                    r.out.push(Pair {
                        name: t.to_string(),
                        target: next.text.clone(),
                        actual: t.to_string(),
                        rate: None,
                        note: String::new(),
                        line: next.line,
                    });
                    continue;
                }
            }
        }
        let same_sentence_open = r.open.filter(|(_, s)| *s == c.sentence).map(|(p, _)| p);
        if r.open.is_some_and(|(_, s)| s != c.sentence) {
            r.open = None;
        }

        // A share of a named target, or a target compared with: pairs with
        // the result before it.
        if let Some((named, rate)) = share_of(t) {
            if t.contains("分别") {
                continue;
            }
            if let Some(p) = same_sentence_open {
                // `累计完成投资21.7亿元，占年度计划投资的25.1%` after its pair.
                if r.out[p].target.contains(named.as_str()) || named.contains(&r.out[p].target) {
                    r.out[p].rate = rate;
                    r.out[p].note = t.to_string();
                    continue;
                }
            }
            let named_unit = measures(&named).first().map(|q| q.unit);
            let result = (i.saturating_sub(3)..i).rev().find(|&k| {
                let rc = &clauses[k];
                !r.used[k]
                    && (rc.sentence == c.sentence || k + 1 == i)
                    && !target_mark(rc)
                    && rc.measures.iter().any(|q| {
                        q.unit != "%" && named_unit.is_none_or(|u| units::compatible(q.unit, u))
                    })
            });
            if let Some(k) = result {
                let target = if named_unit.is_some() {
                    named.clone()
                } else if let Some(w) = r
                    .pending
                    .iter()
                    .position(|w| w.text.contains(named.as_str()))
                {
                    let w = r.pending.remove(w);
                    r.used[w.clause] = true;
                    w.text
                } else {
                    named.clone()
                };
                r.used[k] = true;
                let name = r.name_for(&clauses[k].text);
                r.push(name, target, clauses[k].text.clone(), c.line, c.sentence);
                let p = r.out.len() - 1;
                r.out[p].rate = rate;
                r.out[p].note = t.to_string();
                continue;
            }
        }

        // A rate, or the reason of a shortfall, after a pair's result.
        if let Some(p) = same_sentence_open {
            if rate_only(c) || has_any(t, EXPLAINS) && !target_mark(c) {
                r.out[p].actual = format!("{}，{}", r.out[p].actual, t);
                continue;
            }
        }

        // `新引进亿元以上项目21个（全年目标32个）`
        if let Some((target, actual)) = bracketed_target(c) {
            let name = r.name_for(&actual);
            r.push(name, target, actual, c.line, c.sentence);
            r.used[i] = true;
            continue;
        }

        // `新开工招商项目18个，年度目标26个`: the target after its result.
        if bare_target(c) && i > 0 {
            let k = i - 1;
            let prev = &clauses[k];
            let q = &c.measures[0];
            let fits = !r.used[k]
                && prev.sentence == c.sentence
                && !target_mark(prev)
                && !framing(prev)
                && prev.measures.len() == 1
                && units::compatible(prev.measures[0].unit, q.unit);
            if fits {
                r.used[k] = true;
                r.used[i] = true;
                let name = r.name_for(&prev.text);
                r.push(name, t.to_string(), prev.text.clone(), c.line, c.sentence);
                continue;
            }
        }

        // Both in one clause.
        if let Some((target, answer)) = both_in_one(c) {
            r.used[i] = true;
            r.push(target.clone(), target, answer, c.line, c.sentence);
            continue;
        }

        // A target, or a list of targets joined by 、.
        if target_mark(c) {
            let pieces = split_list(t, &c.measures);
            if pieces.len() > 1 {
                for p in pieces {
                    r.pending.push(Waiting {
                        clause: i,
                        figure: measures(&p).into_iter().last(),
                        text: p.clone(),
                        name: p,
                    });
                }
            } else {
                let figure = main_figure(c).cloned();
                let text = tight_target(c, figure.as_ref().map(|q| q.unit));
                r.pending.push(Waiting {
                    clause: i,
                    figure,
                    name: r.name_for(&text),
                    text,
                });
            }
            r.open = None;
            continue;
        }

        // A target of the same sentence still waits for more of its list.
        let list_open = r
            .pending
            .last()
            .is_some_and(|w| clauses[w.clause].sentence == c.sentence);
        let later_respectively = clauses[i..]
            .iter()
            .take_while(|x| x.sentence == c.sentence)
            .any(|x| x.text.contains("分别"));

        // The result of the clause that follows a share: wait for the share.
        if clauses.get(i + 1).is_some_and(|n| {
            n.sentence == c.sentence && share_of(&n.text).is_some() && !n.text.contains("分别")
        }) && !c.measures.is_empty()
        {
            continue;
        }

        // `计划新建A80个,B271个,…`: a list continuing a target list.
        if list_open
            && !strong(c)
            && !weak_start(c)
            && c.measures.len() == 1
            && c.measures[0].unit != "%"
            && (later_respectively
                || !r
                    .pending
                    .last()
                    .is_some_and(|w| repeats(&clauses[w.clause], c)))
        {
            let w = r.pending.last().expect("list open");
            if w.figure
                .as_ref()
                .is_some_and(|q| units::compatible(q.unit, c.measures[0].unit))
            {
                r.pending.push(Waiting {
                    clause: i,
                    figure: c.measures.first().cloned(),
                    text: t.to_string(),
                    name: t.to_string(),
                });
                continue;
            }
        }

        // `实际分别完成95个、310个、7397个`: one result per waiting target.
        if t.contains("分别") && c.measures.len() > 1 && r.pending.len() >= 2 {
            let results: Vec<&Quantity> = c.measures.iter().filter(|q| q.unit != "%").collect();
            let n = results.len().min(r.pending.len());
            let from = r.pending.len() - n;
            let taken: Vec<Waiting> = r.pending.drain(from..).collect();
            for (w, q) in taken.into_iter().zip(results) {
                r.out.push(Pair {
                    name: w.name,
                    target: w.text,
                    actual: t[q.start..q.end].to_string(),
                    rate: None,
                    note: String::new(),
                    line: clauses[w.clause].line,
                });
            }
            r.open = None;
            continue;
        }

        // `开发公益性岗位420个，完成436个`: a figure, then what was done of it.
        if !c.measures.is_empty() && !strong(c) && !framing(c) {
            if let Some((n, next)) = clauses.get(i + 1).map(|n| (i + 1, n)) {
                let across = next.label == Label::Result && next.sentence == c.sentence + 1;
                let q = c.measures.iter().rev().find(|q| {
                    next.measures
                        .iter()
                        .any(|r| units::compatible(r.unit, q.unit))
                });
                // A figure without a unit is no target; a clause that is
                // only a verb and a figure (`开工18个，完工7个`) is a result.
                let q = q.filter(|q| !q.unit.is_empty());
                let verb_only = weak_start(c) && !repeats(c, next);
                if let Some(q) = q.filter(|_| !verb_only) {
                    if (next.sentence == c.sentence || across) && r.answers(c, q, next) {
                        r.used[i] = true;
                        r.used[n] = true;
                        let target = tight_target(c, Some(q.unit));
                        let name = r.name_for(&target);
                        r.push(name, target, next.text.clone(), c.line, next.sentence);
                        continue;
                    }
                }
            }
        }

        // A result for a waiting target.
        let done = strong(c)
            || weak_start(c)
            || has_any(t, WORK_WORDS) && !list_open
            || !r.pending.is_empty() && {
                let w = &r.pending[r.pending.len() - 1];
                repeats(&clauses[w.clause], c)
                    || states_value(c)
                    || zero_event(&clauses[w.clause].text) && t.contains("发生")
            };
        if done && (!c.measures.is_empty() || has_any(t, ALL_DONE) || strong(c)) {
            if let Some(pos) = r.best_pending(c) {
                let w = r.pending.remove(pos);
                r.used[w.clause] = true;
                r.used[i] = true;
                let line = clauses[w.clause].line;
                r.push(w.name, w.text, t.to_string(), line, c.sentence);
                continue;
            }
        }

        // `口袋公园建设完成6个，完成率150%`: the target only as the rate's base.
        if !strong(c) && c.measures.iter().any(|q| q.unit != "%") && r.pending.is_empty() {
            if let Some(next) = clauses.get(i + 1) {
                let cut = t.find("完成").unwrap_or(0);
                let name = t[..cut].trim().to_string();
                if next.sentence == c.sentence
                    && next.text.starts_with("完成率")
                    && rate_only(next)
                    && cut > 0
                    && !framing(c)
                    && name.chars().count() >= 2
                {
                    r.used[i] = true;
                    r.push(name.clone(), name, t[cut..].to_string(), c.line, c.sentence);
                    continue;
                }
            }
        }

        // Targets and results in words only.
        if c.measures.is_empty() && i > 0 && !r.used[i - 1] {
            let prev = &clauses[i - 1];
            // `6.医保经办服务便利度明显提升。` / `完成情况：便利度明显提升。`
            let labelled = c.label == Label::Result
                && prev.label != Label::Result
                && prev.sentence + 1 == c.sentence
                && shared_pairs(&prev.text, t) >= 2;
            // `公共卫生应急处置能力明显提升，应急处置能力明显提升`
            let repeated = prev.sentence == c.sentence
                && prev.text.ends_with(t)
                && prev.text != t
                && t.chars().count() >= 4;
            if prev.measures.is_empty()
                && (labelled || repeated)
                && !target_mark(c)
                && !target_mark(prev)
            {
                r.used[i - 1] = true;
                r.used[i] = true;
                r.push(
                    prev.text.clone(),
                    prev.text.clone(),
                    t.to_string(),
                    prev.line,
                    c.sentence,
                );
                continue;
            }
        }
        if c.measures.is_empty()
            && !strong(c)
            && !has_any(t, ALL_DONE)
            && t.chars().count() <= 30
            && !t.starts_with("其中")
        {
            r.topic = t.to_string();
        }
    }
    r.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, String)> {
        let lines: Vec<(u32, String)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, l.to_string()))
            .collect();
        pairs(&lines)
            .into_iter()
            .map(|p| (p.target, p.actual))
            .collect()
    }

    /// Runs a table of texts and the pairs each must give.
    fn check(cases: &[(&str, &[(&str, &str)])]) {
        for (text, want) in cases {
            let got = run(text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn target_then_result() {
        check(&[
            (
                "全年计划开展补贴性职业技能培训12000人次，实际完成12580人次；",
                &[(
                    "全年计划开展补贴性职业技能培训12000人次",
                    "实际完成12580人次",
                )],
            ),
            (
                "新增取得证书人员目标5000人，实际3960人，未完成的原因是鉴定考试推迟至次年。",
                &[(
                    "新增取得证书人员目标5000人",
                    "实际3960人，未完成的原因是鉴定考试推迟至次年",
                )],
            ),
            (
                "农村居民人均可支配收入增长目标为7%，实际增长6.4%，低于预期。",
                &[("农村居民人均可支配收入增长目标为7%", "实际增长6.4%")],
            ),
            (
                "新增养老床位计划360张，已建成288张，完成80%；",
                &[("新增养老床位计划360张", "已建成288张，完成80%")],
            ),
            (
                "改造提升城市公厕目标25座，1-7月完成11座，完成44%；",
                &[("改造提升城市公厕目标25座", "1-7月完成11座，完成44%")],
            ),
            (
                "教师培训完成率目标100%，实际完成100%。",
                &[("教师培训完成率目标100%", "实际完成100%")],
            ),
            (
                "特困人员集中供养率达到40%的目标，实际集中供养率为43.6%。",
                &[("特困人员集中供养率达到40%的目标", "实际集中供养率为43.6%")],
            ),
            (
                "公益性公墓建设完成年度任务8处中，完成6处；",
                &[("公益性公墓建设完成年度任务8处中", "完成6处")],
            ),
            (
                "易地扶贫搬迁入住率达到100%的目标尚未实现，入住率96.5%。",
                &[("易地扶贫搬迁入住率达到100%的目标尚未实现", "入住率96.5%")],
            ),
            // The target's words start after a figure of another kind.
            (
                "村级集体经营性收入50万元以上的村占比达到60%，实际达到63.5%。",
                &[("村占比达到60%", "实际达到63.5%")],
            ),
            (
                "其中，新能源汽车零部件产业园项目年度计划投资8亿元，一季度完成投资9.2亿元。",
                &[("年度计划投资8亿元", "一季度完成投资9.2亿元")],
            ),
        ]);
    }

    #[test]
    fn target_without_target_words() {
        check(&[
            (
                "新增公办中小学学位1.2万个，实际新增1.26万个；新建社区卫生服务站8个，已建成投用7个，其余1个因用地调整延期。",
                &[
                    ("新增公办中小学学位1.2万个", "实际新增1.26万个"),
                    ("新建社区卫生服务站8个", "已建成投用7个，其余1个因用地调整延期"),
                ],
            ),
            (
                "改造老旧小区45个，完成45个；完成城市更新改造面积2000亩，完成1835亩，完成率91.8%；",
                &[
                    ("改造老旧小区45个", "完成45个"),
                    ("完成城市更新改造面积2000亩", "完成1835亩，完成率91.8%"),
                ],
            ),
            // The work named again.
            (
                "建成碧道50公里，建成碧道52.6公里；新增长者饭堂30个，全年新增长者饭堂34个；发放扶贫小额信贷1.5亿元，发放1.62亿元。",
                &[
                    ("建成碧道50公里", "建成碧道52.6公里"),
                    ("新增长者饭堂30个", "全年新增长者饭堂34个"),
                    ("发放扶贫小额信贷1.5亿元", "发放1.62亿元"),
                ],
            ),
            (
                "法定传染病报告及时率100%，报告及时率100%。",
                &[("法定传染病报告及时率100%", "报告及时率100%")],
            ),
            // A bound, then the value the result states.
            (
                "群众对民生实事满意度不低于90%，第三方测评满意度为92.4%。",
                &[("群众对民生实事满意度不低于90%", "第三方测评满意度为92.4%")],
            ),
            (
                "城乡居民基本养老保险参保率保持在95%以上，实际达到97.1%；社会保障卡持卡人数达到常住人口的95%，年末持卡率为93.8%。",
                &[
                    ("城乡居民基本养老保险参保率保持在95%以上", "实际达到97.1%"),
                    ("社会保障卡持卡人数达到常住人口的95%", "年末持卡率为93.8%"),
                ],
            ),
            (
                "PM2.5年均浓度控制在25微克/立方米以内，实际为23微克/立方米。",
                &[("PM2.5年均浓度控制在25微克/立方米以内", "实际为23微克/立方米")],
            ),
            (
                "城市低保标准提高到每人每月980元，已于7月1日起执行每人每月980元；",
                &[("城市低保标准提高到每人每月980元", "已于7月1日起执行每人每月980元")],
            ),
            (
                "口袋公园建设完成6个，完成率150%；",
                &[("口袋公园建设", "完成6个，完成率150%")],
            ),
        ]);
    }

    #[test]
    fn result_then_target() {
        check(&[
            (
                "全年城镇新增就业7200人，完成市定目标7000人的102.9%；城镇失业人员再就业1650人，完成目标任务1800人的91.7%。",
                &[
                    ("市定目标7000人", "全年城镇新增就业7200人"),
                    ("目标任务1800人", "城镇失业人员再就业1650人"),
                ],
            ),
            (
                "完成65岁以上老年人健康体检6.5万人，完成年度目标8万人的81.3%。",
                &[("年度目标8万人", "完成65岁以上老年人健康体检6.5万人")],
            ),
            (
                "1-9月，全县新引进亿元以上项目21个（全年目标32个），完成率65.6%；实际利用外资1620万美元，超过年度目标1500万美元；新开工招商项目18个，年度目标26个。",
                &[
                    ("全年目标32个", "全县新引进亿元以上项目21个，完成率65.6%"),
                    ("年度目标1500万美元", "实际利用外资1620万美元"),
                    ("年度目标26个", "新开工招商项目18个"),
                ],
            ),
            // The share names a target stated sentences before.
            (
                "全区共安排重点项目48个，总投资312.6亿元，年度计划投资86.4亿元。\n一季度，全区重点项目新开工11个，完成年度新开工目标26个的42.3%；\n累计完成投资21.7亿元，占年度计划投资的25.1%。",
                &[
                    ("年度新开工目标26个", "全区重点项目新开工11个"),
                    ("年度计划投资86.4亿元", "累计完成投资21.7亿元"),
                ],
            ),
        ]);
    }

    #[test]
    fn lists_and_labels() {
        check(&[
            (
                "全年计划新建省级示范家庭农场80个、市级示范家庭农场271个，实际分别完成95个、310个；",
                &[
                    ("全年计划新建省级示范家庭农场80个", "95个"),
                    ("市级示范家庭农场271个", "310个"),
                ],
            ),
            (
                "2019年省政府下达淮安市棚改新开工11300套、基本建成8600套的目标任务。截止目前,全市棚户区改造新开工12034套,基本建成9720套,分别完成省政府下达年度目标任务的106%、113%。",
                &[
                    ("2019年省政府下达淮安市棚改新开工11300套", "全市棚户区改造新开工12034套"),
                    ("基本建成8600套", "基本建成9720套"),
                ],
            ),
            (
                "年度目标：新建中小学校 5 所。\n进展情况：已完工 3 所，2 所正在施工。",
                &[("新建中小学校5所", "已完工3所")],
            ),
            (
                "1.基本医保参保率稳定在 97%以上。\n完成情况：全年参保率 97.6%。\n2.医保经办服务便利度明显提升。\n完成情况：便利度明显提升。",
                &[
                    ("基本医保参保率稳定在97%以上", "全年参保率97.6%"),
                    ("医保经办服务便利度明显提升", "便利度明显提升"),
                ],
            ),
            // A line wrapped in the middle of a clause.
            (
                "（一）产业项目。年度计划投资52.3亿元，一季度完成投资14.6亿元，完成率\n27.9%。",
                &[("年度计划投资52.3亿元", "一季度完成投资14.6亿元，完成率27.9%")],
            ),
        ]);
    }

    #[test]
    fn targets_in_words() {
        check(&[
            (
                "东三环道路改造工程计划3月底前开工，已于3月18日开工建设。",
                &[("东三环道路改造工程计划3月底前开工", "已于3月18日开工建设")],
            ),
            (
                "校园食品安全管理规范有序，目标为“无食品安全事故”，实际未发生食品安全事故。",
                &[("目标为“无食品安全事故”", "实际未发生食品安全事故")],
            ),
            (
                "年度目标为校园安全责任事故零发生，全年发生1起学生校外溺水事故，不属校园安全责任事故；",
                &[(
                    "年度目标为校园安全责任事故零发生",
                    "全年发生1起学生校外溺水事故，不属校园安全责任事故",
                )],
            ),
            // No accident in half a year says nothing of the year.
            (
                "年度目标：校园安全事故零发生。\n进展情况：上半年未发生校园安全事故。",
                &[],
            ),
        ]);
    }

    /// Prose with figures and no targets gives no pairs.
    #[test]
    fn no_targets() {
        check(&[
            (
                "4月15日上午，第五届高山茶文化旅游节在我县茶博园开幕。来自省内外的客商、游客及茶农代表3000余人参加开幕式。\n据介绍，我县现有茶园面积12.6万亩，茶叶从业人员4.2万人。近年来，茶旅融合发展成效明显，去年共接待游客186万人次。",
                &[],
            ),
            (
                "请参会人员于 3 月 12 日上午 8:40 前签到入场，会议期间将手机调至静音状态。\n请各单位于 3 月 8 日下午下班前将参会人员名单报区应急管理局。",
                &[],
            ),
            (
                "一条条新修的道路通到了家门口，一所所学校和卫生院焕然一新，乡村的面貌发生了可喜的变化。",
                &[],
            ),
            // Background: staff, budget, total investment, a subset.
            (
                "县人力资源和社会保障局内设股室9个，下属事业单位4个，2023年末实有人员126人。",
                &[],
            ),
            (
                "2023年部门预算总额4,318.62万元，全年执行4,207.35万元，预算执行率97.4%。",
                &[],
            ),
            (
                "2025年全区共安排重点项目48个，总投资312.6亿元。",
                &[],
            ),
            (
                "纳入年度考核的16项重点任务中，14项已完成或超额完成全年任务。",
                &[],
            ),
            (
                "1-7月，全区民生实事项目总体推进有序，30个子项中已完成年度任务8项，其余项目按计划推进。",
                &[],
            ),
            (
                "综合自评得分92分，等级为优。各单位要对照年度目标，确保二季度投资完成率达到50%以上。",
                &[],
            ),
            ("开工18个，完工7个", &[]),
        ]);
    }

    #[test]
    fn sentences() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "蓟州区和宁河区正按计划推进户厕改造，预计年底完成计划任务。",
                &[("预计年底完成计划任务", "蓟州区和宁河区正按计划推进户厕改造")],
            ),
            (
                "开发公益性岗位420个，完成436个，完成率103.8%。",
                &[("开发公益性岗位420个", "完成436个，完成率103.8%")],
            ),
            (
                "1-7月份,贵池区新引进省外亿元投资项目40个,完成市考核目标45个的88.9%,其中总投资15亿元以上项目1个。",
                &[("市考核目标45个", "贵池区新引进省外亿元投资项目40个")],
            ),
            (
                "1-9月份,316个州重点建设项目累计开复工291个,开复工率92%。其中,146个续建项目已全面复工;170个新开项目已开工145个。",
                &[
                    ("316个州重点建设项目", "累计开复工291个，开复工率92%"),
                    ("146个续建项目", "已全面复工"),
                    ("170个新开项目", "已开工145个"),
                ],
            ),
            (
                "“六化六有”美丽村庄建设,全年任务为282个村,已全部建设完成;困难群众存量危房改造,全年任务为3800户,实际改造4559户,超额完成20%;",
                &[
                    ("全年任务为282个村", "已全部建设完成"),
                    ("全年任务为3800户", "实际改造4559户，超额完成20%"),
                ],
            ),
        ];
        for (text, want) in cases {
            let got = run(text);
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
