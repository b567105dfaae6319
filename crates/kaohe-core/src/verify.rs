//! Aligning each target with the statement in 落实情况 that answers it, and
//! giving the verdict.
//!
//! Alignment scores every (target, outcome quantity) pair on what a reviewer
//! looks at: the same item number, the same words around the number, a
//! compatible unit, a plausible size, and the role of the figure (the year's
//! own achievement beats a restated plan and a running total, unless the
//! target is itself a total). Pairs are then taken greedily, best first.

use kaohe_numerals::Decimal;
use serde::{Deserialize, Serialize};

use crate::items::Item;
use crate::quantity::{Approx, Change, Comparator, Kind, Period, Quantity};
use crate::target::{month_day, MonthDay, Target, TargetKind};
use crate::text::is_clause_break;
use crate::units::{self, UnitClass};

/// The outcome of checking one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The achievement meets the target.
    Met,
    /// The achievement falls short.
    NotMet,
    /// No statement in 落实情况 answers the target.
    Unverified,
    /// The target has no number to check.
    Qualitative,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 4] = [
        Verdict::Met,
        Verdict::NotMet,
        Verdict::Unverified,
        Verdict::Qualitative,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::Unverified => "unverified",
            Verdict::Qualitative => "qualitative",
        }
    }

    /// Reads [`Verdict::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The mark a Chinese report prints.
    pub fn chinese(self) -> &'static str {
        match self {
            Verdict::Met => "达标",
            Verdict::NotMet => "未达标",
            Verdict::Unverified => "待核实",
            Verdict::Qualitative => "定性",
        }
    }
}

/// A note for the reviewer about one target or one task. Serialized as the
/// snake_case name the JSON contract lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The task claims completion while a target is not met.
    ClaimedCompletedButNotMet,
    /// The achievement was counted from a list of names.
    ActualCountedFromNames,
    /// The achievement was read as zero (无, 未发生).
    ActualReadAsZero,
    /// Target and achievement were over different periods and converted.
    PeriodConverted,
    /// The achievement is a running total.
    ActualIsCumulative,
    /// The achievement restates the plan.
    ActualRestatesPlan,
    /// The achievement is 120% of the target or more.
    #[serde(rename = "exceeds_target_120pct")]
    ExceedsTarget120Pct,
    /// A deadline with no date of completion stated.
    NoCompletionDate,
    /// A person corrected how the target was read.
    TargetCorrected,
    /// The agency's own 得分 is above what the scoring rule gives.
    SelfScoreAboveRule,
    /// A stated 完成率 that the figures do not give.
    RateDisagrees,
    /// No problem reported (存在问题 is 无) while a target is not met: the
    /// completion is implied, not claimed in words.
    ImpliedCompletedButNotMet,
}

impl Flag {
    /// Every flag.
    pub const ALL: [Flag; 12] = [
        Flag::ClaimedCompletedButNotMet,
        Flag::ActualCountedFromNames,
        Flag::ActualReadAsZero,
        Flag::PeriodConverted,
        Flag::ActualIsCumulative,
        Flag::ActualRestatesPlan,
        Flag::ExceedsTarget120Pct,
        Flag::NoCompletionDate,
        Flag::TargetCorrected,
        Flag::SelfScoreAboveRule,
        Flag::RateDisagrees,
        Flag::ImpliedCompletedButNotMet,
    ];

    /// The name the JSON contract writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::ClaimedCompletedButNotMet => "claimed_completed_but_not_met",
            Flag::ActualCountedFromNames => "actual_counted_from_names",
            Flag::ActualReadAsZero => "actual_read_as_zero",
            Flag::PeriodConverted => "period_converted",
            Flag::ActualIsCumulative => "actual_is_cumulative",
            Flag::ActualRestatesPlan => "actual_restates_plan",
            Flag::ExceedsTarget120Pct => "exceeds_target_120pct",
            Flag::NoCompletionDate => "no_completion_date",
            Flag::TargetCorrected => "target_corrected",
            Flag::SelfScoreAboveRule => "self_score_above_rule",
            Flag::RateDisagrees => "rate_disagrees",
            Flag::ImpliedCompletedButNotMet => "implied_completed_but_not_met",
        }
    }

    /// The note as a Chinese report prints it.
    pub fn chinese(self) -> &'static str {
        match self {
            Flag::ClaimedCompletedButNotMet => "自称已完成，但有目标未达标",
            Flag::ActualCountedFromNames => "完成数按列举的名称计数",
            Flag::ActualReadAsZero => "完成数读作零",
            Flag::PeriodConverted => "目标与完成数的计算周期不同，已折算",
            Flag::ActualIsCumulative => "完成数为累计数",
            Flag::ActualRestatesPlan => "完成数只是复述计划",
            Flag::ExceedsTarget120Pct => "完成数达到目标的 120% 以上，目标或定得偏低",
            Flag::NoCompletionDate => "未写明完成日期",
            Flag::TargetCorrected => "目标经人工更正",
            Flag::SelfScoreAboveRule => "自评得分高于评分规则所得",
            Flag::RateDisagrees => "所写完成率与数字不符",
            Flag::ImpliedCompletedButNotMet => "未报告存在问题，但有目标未达到",
        }
    }
}

/// The achievement that answered a target.
#[derive(Clone, Debug)]
pub struct Actual {
    /// The clause that states it.
    pub text: String,
    /// The quantity, offsets into the status cell text.
    pub quantity: Option<Quantity>,
    /// The value compared, in base units, before period conversion.
    pub value: Option<Decimal>,
    /// Its unit.
    pub unit: &'static str,
    /// Its period.
    pub period: Period,
    /// Byte offset in the status cell where the evidence starts.
    pub offset: usize,
}

/// One checked target.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The target.
    pub target: Target,
    /// What answered it.
    pub actual: Option<Actual>,
    /// The verdict.
    pub verdict: Verdict,
    /// Achievement over target, after period conversion.
    pub ratio: Option<f64>,
    /// One line in Chinese naming the figures compared.
    pub reason: String,
    /// Notes for the reviewer (`actual_is_cumulative`, `period_converted` …).
    pub flags: Vec<Flag>,
}

/// The status cell as the verifier reads it.
pub struct Outcome<'a> {
    /// The cell text.
    pub text: &'a str,
    /// Its quantities.
    pub quantities: &'a [Quantity],
    /// Its items.
    pub items: &'a [Item],
    /// The 存在问题及原因 cell, where failures are often admitted.
    pub problems: &'a str,
    /// The outcome is known to answer the target (one indicator row of a
    /// 绩效自评表), so a figure needs no shared words to count.
    pub paired: bool,
    /// The task cell the targets come from (their `clause` offsets point
    /// into it), for the words around a target; empty for a paired row.
    pub content: &'a str,
}

const PLAN_WORDS: &[&str] = &[
    "计划",
    "目标",
    "预计",
    "力争",
    "拟",
    "下达",
    "任务数",
    "要求",
];
const CUMULATIVE_WORDS: &[&str] = &[
    "累计", "累积", "总计", "总量", "总数", "存量", "历年", "共有",
];
const YEAR_WORDS: &[&str] = &[
    "本年",
    "今年",
    "全年",
    "新增",
    "新建",
    "年内",
    "当年",
    "本年度",
    "年度内",
];
const STOP_BIGRAMS: &[&str] = &[
    "工作", "开展", "全年", "累计", "完成", "实现", "推进", "加强", "积极", "持续", "共计", "本年",
    "今年", "新增", "新建", "达到", "超过", "不少", "少于", "以上", "进一", "一步",
];

/// The longest result read as one table cell (see [`Outcome::paired`]).
const PAIRED_CELL_CHARS: usize = 60;

/// Checks every target of a task against its outcome.
pub fn evaluate(
    targets: Vec<Target>,
    outcome: &Outcome<'_>,
    content_items: usize,
) -> Vec<Evaluation> {
    let numbered_status: Vec<&Item> = outcome
        .items
        .iter()
        .filter(|i| i.number.is_some())
        .collect();
    let content_numbered = targets.iter().any(|t| t.numbered);
    let item_mode = if content_numbered && numbered_status.len() >= 2 {
        if numbered_status.len() == content_items || numbered_status.len() + 1 == content_items {
            ItemMode::Strict
        } else {
            ItemMode::Loose
        }
    } else {
        ItemMode::Off
    };
    let status_item_of = |offset: usize| -> Option<u32> {
        outcome
            .items
            .iter()
            .find(|i| offset >= i.start && offset < i.end)
            .and_then(|i| i.number)
    };
    let measured: Vec<&Quantity> = outcome
        .quantities
        .iter()
        .filter(|q| q.is_measured())
        .collect();
    let n_q = measured.len().max(1) as f32;
    let n_t = targets.len().max(1) as f32;

    // Score every pair, with each side's words read once.
    // Words are read only for targets a figure can answer.
    let target_ctx: Vec<TargetContext> = targets
        .iter()
        .map(|t| match t.kind {
            TargetKind::Count | TargetKind::Percent | TargetKind::ChangePercent => TargetContext {
                words: context_words(&t.text),
                verbs: verb_families(&t.text),
            },
            _ => TargetContext {
                words: Vec::new(),
                verbs: Vec::new(),
            },
        })
        .collect();
    // A figure's words are read only when some target's unit fits it.
    let mut q_ctx: Vec<Option<QuantityContext>> = (0..measured.len()).map(|_| None).collect();
    // A result cell of a table row: a figure in it answers without words of
    // its own. A paragraph given as the result (progress told at length) is
    // read as a self-check table's outcome is: no borrowed figures.
    let cell = outcome.paired && outcome.text.chars().count() <= PAIRED_CELL_CHARS;
    // In a cell, a figure only signed is passed over when another figure of
    // the cell is not; a figure of work begun when another is of work done
    // (`开工18个，完工7个`).
    let clause_has = |q: &Quantity, words: &[&str]| {
        let c = q.clause_text(outcome.text);
        words.iter().any(|w| c.contains(w))
    };
    let done_figures = if cell {
        measured
            .iter()
            .filter(|q| crate::rules::unreal_words(q.clause_text(outcome.text)).is_empty())
            .count()
    } else {
        0
    };
    let finished_figure = measured.iter().any(|q| {
        clause_has(q, crate::rules::DONE_WORDS) && !clause_has(q, crate::rules::BEGUN_WORDS)
    });
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (ti, t) in targets.iter().enumerate() {
        if !matches!(
            t.kind,
            TargetKind::Count | TargetKind::Percent | TargetKind::ChangePercent
        ) {
            continue;
        }
        // Normally every figure is scored against every target; in a cell of
        // thousands of both, a target looks only at the figures around its
        // own place in the order, so that the work stays linear.
        let window = if targets.len().saturating_mul(measured.len()) > MAX_PAIRS {
            let reach = (MAX_PAIRS / targets.len()).max(1);
            let center = ti * measured.len() / targets.len();
            center.saturating_sub(reach / 2)..(center + reach / 2 + 1).min(measured.len())
        } else {
            0..measured.len()
        };
        for (qi, q) in measured
            .iter()
            .enumerate()
            .take(window.end)
            .skip(window.start)
        {
            let same_item = status_item_of(q.start) == Some(t.item);
            let Some(unit_fit) = unit_score(t, q) else {
                continue;
            };
            let ctx = q_ctx[qi].get_or_insert_with(|| {
                let before = outcome.text.get(q.clause.0..q.start).unwrap_or("");
                let prev = previous_clause(outcome.text, q.clause.0);
                let prev_at = offset_in(outcome.text, prev);
                QuantityContext {
                    own: context_words(outcome.text.get(q.clause.0..q.clause.1).unwrap_or("")),
                    previous: context_words(prev),
                    previous_span: (prev_at, prev_at + prev.len()),
                    unreal: crate::rules::unreal_words(q.clause_text(outcome.text)),
                    meetings: MEETINGS
                        .iter()
                        .copied()
                        .filter(|w| before.contains(w))
                        .collect(),
                    verbs: verb_families(before),
                    plan: PLAN_WORDS.iter().any(|w| before.contains(w)),
                    cumulative: is_cumulative(before),
                    year: YEAR_WORDS.iter().any(|w| before.contains(w)),
                }
            });
            // A figure only signed, forecast or planned is no achievement
            // (`签约建设410个`, `与62名人才签订引进协议`, `预计全年可完成160件`).
            if (!cell || done_figures > 0) && ctx.unreal.iter().any(|w| !t.text.contains(w)) {
                continue;
            }
            let begun_only = clause_has(q, crate::rules::BEGUN_WORDS)
                && !crate::rules::BEGUN_WORDS.iter().any(|w| t.text.contains(w))
                && !clause_has(q, crate::rules::DONE_WORDS);
            if begun_only && finished_figure {
                continue;
            }
            // A count of meetings answers only a target about meetings (or
            // about what the meeting is named for: 调度 and 调度会).
            if !cell
                && !t.text.contains('会')
                && ctx
                    .meetings
                    .iter()
                    .any(|w| shared(&target_ctx[ti].words, &context_words(w)) == 0)
            {
                continue;
            }
            let (mut s, own_sim) = pair_score(t, &target_ctx[ti], q, ctx, outcome.text, unit_fit);
            // A figure whose clause shares no word with the target answers it
            // only from the item of the same number, or as the next step of
            // the clause before (`签约建设充电桩410个，建成投用265个`).
            let continues = || {
                q.unit == t.unit
                    && shared(&target_ctx[ti].words, &ctx.previous) >= 2
                    && verb_agreement(&target_ctx[ti].verbs, &ctx.verbs) >= 0.0
                    && crate::rules::unreal(
                        outcome
                            .text
                            .get(ctx.previous_span.0..ctx.previous_span.1)
                            .unwrap_or(""),
                        &t.text,
                    )
            };
            let vouched = cell
                || (same_item && item_mode != ItemMode::Off)
                || q.value.is_zero()
                || (own_sim == 0.0 && continues());
            if own_sim == 0.0 && !vouched {
                continue;
            }
            // A figure in another (compatible) unit, `4次` for `30场`, needs
            // more than one shared word to answer.
            if !cell && q.unit != t.unit && own_sim < 2.0 && !vouched {
                continue;
            }
            match item_mode {
                ItemMode::Strict if same_item => s += 3.5,
                ItemMode::Strict => s -= 3.5,
                ItemMode::Loose if same_item => s += 1.5,
                _ => {}
            }
            let pos_t = ti as f32 / n_t;
            let pos_q = qi as f32 / n_q;
            s += 0.5 * (1.0 - (pos_t - pos_q).abs());
            pairs.push((s, ti, qi));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut chosen: Vec<Option<usize>> = vec![None; targets.len()];
    let mut used = vec![false; measured.len()];
    for &(s, ti, qi) in &pairs {
        if s < THRESHOLD || chosen[ti].is_some() || used[qi] {
            continue;
        }
        chosen[ti] = Some(qi);
        used[qi] = true;
    }
    // A figure may answer two targets when nothing else does.
    for &(s, ti, qi) in &pairs {
        if chosen[ti].is_none() && s >= THRESHOLD + 2.0 {
            chosen[ti] = Some(qi);
        }
    }

    let mut evaluations: Vec<Evaluation> = targets
        .into_iter()
        .zip(chosen)
        .map(|(t, c)| match t.kind {
            TargetKind::Qualitative => qualitative(t),
            TargetKind::ZeroEvent => zero_event(t, outcome.text, outcome.problems, outcome.paired),
            TargetKind::Deadline => deadline(t, outcome),
            _ => match c {
                // A figure that does not name what is counted loses to a list that does.
                Some(qi)
                    if counted_noun(&t)
                        .is_some_and(|n| !measured[qi].clause_text(outcome.text).contains(n)) =>
                {
                    match named_count(&t, outcome.text) {
                        Some(e) => e,
                        None => judge(t, measured[qi], outcome.text),
                    }
                }
                Some(qi) => judge(t, measured[qi], outcome.text),
                None => match none_happened(&t, outcome.text) {
                    Some(e) => e,
                    None => match named_count(&t, outcome.text) {
                        Some(e) => e,
                        None => unanswered(t),
                    },
                },
            },
        })
        .collect();
    // One indicator row gets the row rules in `score::verify_row`; a
    // self-check task gets them on the sentence that answers each target.
    if !outcome.paired {
        // The sentences' words are read once, for the first few hundred
        // sentences of ordinary length: a task's answer is among them.
        let index: Vec<SentenceWords> = sentences(outcome.text)
            .take(MAX_SENTENCES)
            .filter(|x| x.len() <= MAX_SENTENCE_BYTES)
            .map(|x| {
                let at = offset_in(outcome.text, x);
                (at, at + x.len(), context_words(x))
            })
            .collect();
        for e in &mut evaluations {
            sentence_rules(e, outcome, &index, item_mode != ItemMode::Off);
        }
    }
    evaluations
}

/// A sentence of the outcome: its byte range and its words.
type SentenceWords = (usize, usize, Vec<(char, char)>);

/// Sentences of an outcome whose words are read for the shared rules.
const MAX_SENTENCES: usize = 300;
/// Longest sentence (in bytes) read as an answer; past it, a window of half
/// this either side of the figure.
const MAX_SENTENCE_BYTES: usize = 1200;

/// The sentence of the outcome that answers a target, as byte bounds: the
/// one holding its figure (at most [`MAX_SENTENCE_BYTES`] / 2 either side of
/// it), or else the one sharing most words with it (in the item of the same
/// number when the items line up).
fn answer_sentence(
    e: &Evaluation,
    outcome: &Outcome<'_>,
    index: &[SentenceWords],
    by_item: bool,
) -> Option<(usize, usize)> {
    let text = outcome.text;
    if let Some(q) = e.actual.as_ref().and_then(|a| a.quantity.as_ref()) {
        let half = MAX_SENTENCE_BYTES / 2;
        let mut lo = q.start.saturating_sub(half);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (q.end + half).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let start = text[lo..q.start]
            .rfind(['。', '；', ';', '\n'])
            .map_or(lo, |p| {
                lo + p + text[lo + p..].chars().next().map_or(1, char::len_utf8)
            });
        let end = text[q.start..hi]
            .find(['。', '；', ';', '\n'])
            .map_or(hi, |p| q.start + p);
        return Some((start, end));
    }
    let item = by_item
        .then(|| {
            outcome
                .items
                .iter()
                .find(|i| i.number == Some(e.target.item))
        })
        .flatten();
    let words = context_words(&e.target.text);
    // The sentence of the task cell around the target: `参训率100%` is about
    // the teachers the clause before names.
    let around = {
        let c = outcome.content;
        let (s0, s1) = e.target.clause;
        let half = MAX_SENTENCE_BYTES / 2;
        if s1 <= c.len() && s0 <= s1 && c.is_char_boundary(s0) && c.is_char_boundary(s1) {
            // Looked for within a window, so that a long cell costs no more.
            let mut lo = s0.saturating_sub(half);
            while !c.is_char_boundary(lo) {
                lo -= 1;
            }
            let mut hi = (s1 + half).min(c.len());
            while !c.is_char_boundary(hi) {
                hi += 1;
            }
            let start = c[lo..s0]
                .rfind(['。', '；'])
                .map(|p| lo + p + '。'.len_utf8());
            let end = c[s1..hi].find(['。', '；']).map(|p| s1 + p);
            match (
                start.or((lo == 0).then_some(0)),
                end.or((hi == c.len()).then_some(hi)),
            ) {
                (Some(a), Some(b)) if a <= b => context_words(&c[a..b]),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        }
    };
    let mut best: Option<(usize, (usize, usize))> = None;
    for (a, b, sw) in index {
        if item.is_some_and(|i| *a < i.start || *a >= i.end) {
            continue;
        }
        let (own, near) = (shared(&words, sw), shared(&around, sw));
        let n = 2 * own + near;
        if (own >= 1 || near >= 3) && best.is_none_or(|x| n > x.0) {
            let s = &text[*a..*b];
            let trimmed = s.trim_end_matches(['。', '；', ';', '！']);
            best = Some((n, (*a, *a + trimmed.len())));
        }
    }
    best.map(|b| b.1)
}

/// Applies the shared rules (`rules::sentence_rules`) to one target of a
/// self-check task.
fn sentence_rules(
    e: &mut Evaluation,
    outcome: &Outcome<'_>,
    index: &[SentenceWords],
    by_item: bool,
) {
    if !matches!(
        e.target.kind,
        TargetKind::Count | TargetKind::Percent | TargetKind::ChangePercent
    ) {
        return;
    }
    let Some((a, b)) = answer_sentence(e, outcome, index, by_item) else {
        return;
    };
    let seg = &outcome.text[a..b];
    // A rate stated for the figure stands in its clause or opens the next
    // (`开发公益性岗位436个，完成率103.8%`).
    let rate_seg = match e.actual.as_ref().and_then(|x| x.quantity.as_ref()) {
        Some(q) => {
            let text = outcome.text;
            let own_end = q.clause.1.min(text.len());
            let next_start = text[own_end..]
                .char_indices()
                .find(|(_, c)| !is_clause_break(*c))
                .map_or(text.len(), |(i, _)| own_end + i);
            let next_end = text[next_start..]
                .char_indices()
                .take(100)
                .find(|(_, c)| is_clause_break(*c))
                .map_or(next_start, |(i, _)| next_start + i);
            let next = &text[next_start..next_end];
            let to = if crate::rules::RATE_LEADS.iter().any(|l| next.starts_with(l)) {
                next_end
            } else {
                own_end
            };
            text.get(q.clause.0.max(a)..to).unwrap_or("")
        }
        None => seg,
    };
    let base = crate::rules::Base {
        kind: e.target.kind,
        comparator: e.target.comparator,
        value: e.target.value,
        unit: e.target.unit,
        verdict: e.verdict,
        ratio: e.ratio,
        answered_by_figure: e.actual.as_ref().is_some_and(|x| x.quantity.is_some()),
        reason: &e.reason,
    };
    let Some(o) = crate::rules::sentence_rules(&e.target.text, seg, rate_seg, &base) else {
        return;
    };
    e.verdict = o.verdict;
    e.ratio = o.ratio;
    e.reason = o.reason;
    for f in o.flags {
        if !e.flags.contains(&f) {
            e.flags.push(f);
        }
    }
    if e.verdict != Verdict::Met {
        e.flags.retain(|f| *f != Flag::ExceedsTarget120Pct);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemMode {
    Strict,
    Loose,
    Off,
}

const THRESHOLD: f32 = -1.0;

/// Meetings, whose count answers no target but one about meetings.
const MEETINGS: &[&str] = &[
    "会议",
    "座谈会",
    "推进会",
    "联席会",
    "调度会",
    "专题会",
    "研讨会",
    "发布会",
    "培训会",
];

/// Most target–figure pairs scored in one task before each target looks
/// only at the figures near its place (real tasks have a few dozen).
const MAX_PAIRS: usize = 100_000;

/// Word bigrams of a quantity's clause and of the clause before it.
struct QuantityContext {
    own: Vec<(char, char)>,
    previous: Vec<(char, char)>,
    /// Verb families in the clause before the number.
    verbs: Vec<usize>,
    /// The figure restates a plan (计划, 目标 …).
    plan: bool,
    /// The figure is a running total (累计 …).
    cumulative: bool,
    /// The figure is the year's own (本年, 新增 …).
    year: bool,
    /// Byte range of the clause before.
    previous_span: (usize, usize),
    /// Words that make the figure signed, forecast or planned
    /// (`rules::unreal_words`).
    unreal: Vec<&'static str>,
    /// Meetings named before the figure.
    meetings: Vec<&'static str>,
}

/// What alignment reads from a target, once.
struct TargetContext {
    words: Vec<(char, char)>,
    verbs: Vec<usize>,
}

/// How well a figure's kind and unit fit a target; `None` when they cannot.
fn unit_score(t: &Target, q: &Quantity) -> Option<f32> {
    let mut s = 0.0;
    // 败诉率为0: a zero rate answers a rate target in any unit.
    let zero_rate = q.value.is_zero() && q.unit.is_empty() && q.kind == Kind::Percent;
    match t.kind {
        _ if zero_rate => {
            if !(t.kind == TargetKind::Percent || t.unit.starts_with('/') || t.unit == "‰") {
                return None;
            }
        }
        TargetKind::Percent | TargetKind::ChangePercent => {
            if q.kind != Kind::Percent || q.unit != t.unit {
                return None;
            }
            if t.kind == TargetKind::ChangePercent {
                s += match q.change {
                    Some(c) if Some(c) == t.direction => 3.0,
                    Some(_) => -0.5,
                    None => -1.5,
                };
            } else if q.change.is_some() {
                s -= 2.0;
            }
        }
        _ => {
            if q.kind != Kind::Measure {
                return None;
            }
            if q.unit == t.unit {
                s += 2.0;
            } else if units::compatible(q.unit, t.unit) {
                s += 0.5;
            } else {
                let (a, b) = (units::class_of(q.unit), units::class_of(t.unit));
                if a != b || a == UnitClass::Count || a == UnitClass::Other {
                    return None;
                }
            }
        }
    }
    Some(s)
}

/// The score of a (target, figure) pair whose units fit, and the number of
/// words the figure's own clause shares with the target.
fn pair_score(
    t: &Target,
    tc: &TargetContext,
    q: &Quantity,
    q_ctx: &QuantityContext,
    text: &str,
    unit_fit: f32,
) -> (f32, f32) {
    let mut s = unit_fit;
    let before = text.get(q.clause.0..q.start).unwrap_or("");
    let own_sim = shared(&tc.words, &q_ctx.own) as f32;
    let sim = own_sim + 0.5 * shared(&tc.words, &q_ctx.previous) as f32;
    s += (sim * 1.2).min(9.0);
    s += verb_agreement(&tc.verbs, &q_ctx.verbs);
    // 由820元提高到880元: the figure before 提高到 is last year's level.
    let after = text.get(q.end..).unwrap_or("");
    if [
        "提高到",
        "提高至",
        "提升到",
        "提升至",
        "增加到",
        "增加至",
        "增长到",
        "上调到",
        "上调至",
        "降至",
        "降低到",
        "降低至",
        "下降到",
        "下降至",
        "减少到",
        "调整为",
        "调整到",
    ]
    .iter()
    .any(|w| after.starts_with(w))
    {
        s -= 4.0;
    }
    // 其中…: a part of a figure, not the figure, unless the target says so too.
    if before.contains("其中") && !t.text.contains("其中") {
        s -= 2.0;
    }
    if q_ctx.plan {
        s -= 5.0;
    }
    if q_ctx.cumulative {
        s += if t.is_total { 1.0 } else { -3.0 };
    }
    if q_ctx.year {
        s += 1.5;
    }
    if let Some(tv) = t.value {
        let (a, b) = (q.value.to_f64(), tv.to_f64());
        if a > 0.0 && b > 0.0 {
            s -= ((a / b).log10().abs() as f32).min(3.0) * 0.8;
        }
        if q.value == tv {
            s += 0.5;
        }
    }
    (s, own_sim)
}

/// Verbs that tell one count from another in the same sentence (启动34件,
/// 办结26件), in families of words that mean the same.
const ACTION_VERBS: &[&[&str]] = &[
    &[
        "新增",
        "新建",
        "建成",
        "新改建",
        "改扩建",
        "增加",
        "新认定",
        "新培育",
        "新开通",
        "新开工",
        "新引进",
    ],
    &["办结", "结案", "审结", "办理完毕", "处理完毕"],
    &["启动", "受理", "立案", "接收", "收到"],
    &["检查", "抽检", "抽查", "排查", "巡查", "检测"],
    &["查处", "处罚", "罚没"],
    &["处置", "拦截", "封堵", "关停", "关闭", "下架"],
    &["通报", "约谈"],
    &["培训", "轮训", "培养"],
    &["招聘", "引进", "招录"],
    &["整改", "改造", "修复"],
    &["发放", "拨付", "投入", "支出"],
    &["印发", "发布", "出台", "制定", "制发", "修订"],
    &["签约", "签订"],
    &["认定", "评定", "评审", "通过"],
    &["走访", "慰问", "救助", "帮扶"],
];

pub(crate) fn verb_families(text: &str) -> Vec<usize> {
    use std::sync::OnceLock;
    // Every verb with its family, sorted by first character.
    static BY_FIRST: OnceLock<Vec<(char, &'static str, usize)>> = OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| {
        let mut v: Vec<(char, &'static str, usize)> = ACTION_VERBS
            .iter()
            .enumerate()
            .flat_map(|(f, fam)| {
                fam.iter()
                    .map(move |w| (w.chars().next().unwrap_or(' '), *w, f))
            })
            .collect();
        v.sort_unstable();
        v
    });
    let mut found = Vec::new();
    for (i, c) in text.char_indices() {
        let lo = by_first.partition_point(|e| e.0 < c);
        for &(first, word, family) in &by_first[lo..] {
            if first != c {
                break;
            }
            if text[i..].starts_with(word) && !found.contains(&family) {
                found.push(family);
            }
        }
    }
    found
}

fn verb_agreement(t: &[usize], a: &[usize]) -> f32 {
    if t.is_empty() || a.is_empty() {
        return 0.0;
    }
    if a.iter().any(|f| t.contains(f)) {
        2.5
    } else {
        -4.0
    }
}

fn is_cumulative(before: &str) -> bool {
    CUMULATIVE_WORDS.iter().any(|w| before.contains(w))
        && ![
            "全年累计",
            "本年累计",
            "今年累计",
            "年内累计",
            "全年共",
            "当年累计",
        ]
        .iter()
        .any(|w| before.contains(w))
}

fn previous_clause(text: &str, start: usize) -> &str {
    let head = &text[..start];
    let head = head.trim_end_matches(|c: char| is_clause_break(c));
    let mut a = head.len();
    for (i, c) in head.char_indices().rev() {
        if is_clause_break(c) {
            break;
        }
        a = i;
    }
    &head[a..]
}

/// Character bigrams of a text's words, digits and punctuation removed,
/// Latin letters folded to lower case.
pub(crate) fn context_words(s: &str) -> Vec<(char, char)> {
    let stop = stop_bigrams();
    let mut grams: Vec<(char, char)> = Vec::with_capacity(s.len() / 3);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let word_char = crate::text::is_han(c) || c.is_ascii_alphabetic() || matches!(c, 'Ⅰ'..='Ⅻ');
        // Digits and punctuation are skipped, not word breaks, as before.
        if !word_char {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if let Some(p) = prev {
            let g = (p, c);
            if stop.binary_search(&g).is_err() {
                grams.push(g);
            }
        }
        prev = Some(c);
    }
    grams.sort_unstable();
    grams.dedup();
    grams
}

fn stop_bigrams() -> &'static [(char, char)] {
    use std::sync::OnceLock;
    static STOP: OnceLock<Vec<(char, char)>> = OnceLock::new();
    STOP.get_or_init(|| {
        let mut v: Vec<(char, char)> = STOP_BIGRAMS
            .iter()
            .filter_map(|s| {
                let mut it = s.chars();
                Some((it.next()?, it.next()?))
            })
            .collect();
        v.sort_unstable();
        v
    })
}

pub(crate) fn shared(a: &[(char, char)], b: &[(char, char)]) -> usize {
    a.iter().filter(|g| b.binary_search(g).is_ok()).count()
}

/// `纠错率低于5%` answered by `无被纠错案件`: an at-most rate whose events did
/// not happen at all is zero.
/// The noun a count target counts and then acts on: `社区卫生服务中心` in
/// `3家社区卫生服务中心达到推荐标准`.
fn counted_noun(t: &Target) -> Option<&str> {
    const VERBS: &[&str] = &[
        "达到", "完成", "建成", "通过", "实现", "接入", "纳入", "获得", "获评", "评为", "入选",
        "创建",
    ];
    if t.kind != TargetKind::Count || t.unit.is_empty() {
        return None;
    }
    let (_, after) = t.text.split_once(t.unit)?;
    let noun_end = VERBS.iter().filter_map(|v| after.find(v)).min()?;
    let noun = after[..noun_end].trim();
    (noun.chars().count() >= 2 && noun.chars().all(crate::text::is_han)).then_some(noun)
}

/// `3家社区卫生服务中心达到推荐标准` answered by `湖东街道、云澜街道社区卫生服务中心
/// 达到推荐标准`: the achievement names the things instead of counting them.
fn named_count(t: &Target, text: &str) -> Option<Evaluation> {
    if t.kind != TargetKind::Count {
        return None;
    }
    let noun = counted_noun(t)?;
    let (_, after) = t.text.split_once(t.unit)?;
    let predicate = &after[after.find(noun)? + noun.len()..];
    let target_pred = context_words(predicate);
    for sentence in sentences(text) {
        for clause in sentence.split(['，', '；', '。']) {
            let Some(pos) = clause.find(noun) else {
                continue;
            };
            let names = &clause[..pos];
            let rest = &clause[pos + noun.len()..];
            // Only a list of names directly before the noun, and the same act after it.
            if !names.contains('、') || names.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if shared(&target_pred, &context_words(rest)) == 0
                || ["未", "尚未", "正在"].iter().any(|w| rest.contains(w))
            {
                continue;
            }
            let list = names.rsplit(['：', ':']).next().unwrap_or(names);
            let n = list
                .split(['、', '和', '及'])
                .filter(|p| !p.trim().is_empty())
                .count();
            let value = t.value?.to_f64();
            let cmp = compare(
                t.comparator.unwrap_or(Comparator::Ge),
                value,
                n as f64,
                None,
                None,
            );
            let words = clean(clause).to_string();
            let verdict_words = if cmp.verdict == Verdict::Met {
                "达到"
            } else {
                "未达到"
            };
            return Some(Evaluation {
                reason: format!(
                    "{words}（列出{n}{}），{verdict_words}目标{}",
                    t.unit,
                    target_words(t, t.comparator.unwrap_or(Comparator::Ge))
                ),
                actual: Some(Actual {
                    text: words,
                    quantity: None,
                    value: Some(Decimal::from_int(n as i128)),
                    unit: t.unit,
                    period: Period::Year,
                    offset: offset_in(text, clause),
                }),
                target: t.clone(),
                verdict: cmp.verdict,
                ratio: cmp.ratio,
                flags: vec![Flag::ActualCountedFromNames],
            });
        }
    }
    None
}

fn none_happened(t: &Target, text: &str) -> Option<Evaluation> {
    if !t.comparator.is_some_and(|c| c.is_upper_bound()) || !t.text.contains('率') {
        return None;
    }
    let stem: String = {
        let before_rate = t.subject.split('率').next().unwrap_or("");
        let chars: Vec<char> = before_rate.chars().collect();
        chars[chars.len().saturating_sub(2)..].iter().collect()
    };
    if stem.chars().count() < 2 {
        return None;
    }
    for lead in ["无被", "无", "未被", "未发生", "没有"] {
        let needle = format!("{lead}{stem}");
        if let Some(pos) = text.find(&needle) {
            let clause = crate::target::clause_around(text, pos);
            let words = clean(&text[clause.0..clause.1]).to_string();
            return Some(Evaluation {
                reason: format!(
                    "{words}，即为0，达到目标{}",
                    target_words(t, t.comparator.unwrap_or(Comparator::Le))
                ),
                actual: Some(Actual {
                    text: words,
                    quantity: None,
                    value: Some(Decimal::ZERO),
                    unit: t.unit,
                    period: Period::Year,
                    offset: pos,
                }),
                target: t.clone(),
                verdict: Verdict::Met,
                ratio: Some(0.0),
                flags: vec![Flag::ActualReadAsZero],
            });
        }
    }
    None
}

fn qualitative(t: Target) -> Evaluation {
    Evaluation {
        reason: "无量化指标，按定性任务由审核人判断".to_string(),
        target: t,
        actual: None,
        verdict: Verdict::Qualitative,
        ratio: None,
        flags: Vec::new(),
    }
}

fn unanswered(t: Target) -> Evaluation {
    let what = if t.subject.is_empty() {
        t.text.clone()
    } else {
        t.subject.clone()
    };
    Evaluation {
        reason: format!("落实情况中没有找到与“{what}”对应的数字，需人工核实"),
        target: t,
        actual: None,
        verdict: Verdict::Unverified,
        ratio: None,
        flags: Vec::new(),
    }
}

/// A figure compared with a target, both in the target's period.
pub struct Comparison {
    /// The verdict.
    pub verdict: Verdict,
    /// Achievement over target.
    pub ratio: Option<f64>,
    /// The achievement converted to the target's period.
    pub converted: f64,
}

/// Compares an achievement with a target value.
pub fn compare(
    comparator: Comparator,
    target: f64,
    actual: f64,
    actual_cmp: Option<Comparator>,
    approx: Option<Approx>,
) -> Comparison {
    // 近 means a little less than written; 多, 余 and 超 a little more.
    let effective = match approx {
        Some(Approx::Nearly) => actual - actual.abs() * 1e-6 - 1e-9,
        _ => actual,
    };
    let strictly_more = matches!(actual_cmp, Some(Comparator::Gt)) || approx == Some(Approx::More);
    let eps = 1e-9 * target.abs().max(1.0);
    let met = match comparator {
        Comparator::Ge => effective >= target - eps,
        Comparator::Gt => {
            effective > target + eps || (strictly_more && (effective - target).abs() <= eps)
        }
        Comparator::Le => {
            effective <= target + eps && !(strictly_more && (effective - target).abs() <= eps)
        }
        Comparator::Lt => effective < target - eps,
        Comparator::Eq => (effective - target).abs() <= eps,
    };
    let ratio = if target.abs() > 0.0 {
        Some(round4(actual / target))
    } else {
        None
    };
    Comparison {
        verdict: if met { Verdict::Met } else { Verdict::NotMet },
        ratio,
        converted: actual,
    }
}

/// Rounds to four decimal places.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn judge(t: Target, q: &Quantity, text: &str) -> Evaluation {
    // A short clause (`同比下降6.4%`) reads better with the one before it.
    let own = crate::target::clean_clause(q.clause_text(text));
    let clause = if own.chars().count() < 10 {
        let prev = previous_clause(text, q.clause.0);
        if prev.is_empty() || prev.chars().count() > 30 {
            own.to_string()
        } else {
            format!("{}，{own}", crate::target::clean_clause(prev))
        }
    } else {
        own.to_string()
    };
    let before = text.get(q.clause.0..q.start).unwrap_or("");
    let mut flags = Vec::new();
    let actual_period = q.period.unwrap_or(Period::Year);
    let target_value = t.value.map_or(0.0, |v| v.to_f64());
    let mut actual_value = q.value.to_f64();
    let mut period_note = String::new();
    if t.kind == TargetKind::Count && actual_period != t.period {
        actual_value = actual_value * actual_period.per_year() / t.period.per_year();
        flags.push(Flag::PeriodConverted);
        period_note = format!(
            "，折合{}{}{}",
            t.period.chinese(),
            fmt_num(actual_value),
            q.unit
        );
    }
    let comparator = t.comparator.unwrap_or(Comparator::Ge);
    let mut cmp = compare(
        comparator,
        target_value,
        actual_value,
        q.comparator,
        q.approx,
    );
    if t.kind == TargetKind::ChangePercent {
        if let (Some(want), Some(got)) = (t.direction, q.change) {
            if want != got {
                cmp.verdict = Verdict::NotMet;
                cmp.ratio = Some(round4(-actual_value / target_value.max(f64::MIN_POSITIVE)));
            }
        }
    }
    if is_cumulative(before) {
        flags.push(Flag::ActualIsCumulative);
    }
    if PLAN_WORDS.iter().any(|w| before.contains(w)) {
        flags.push(Flag::ActualRestatesPlan);
    }
    if cmp.verdict == Verdict::Met
        && !comparator.is_upper_bound()
        && cmp.ratio.is_some_and(|r| r >= 1.2)
    {
        flags.push(Flag::ExceedsTarget120Pct);
    }
    let target_words = target_words(&t, comparator);
    let rate = cmp
        .ratio
        .filter(|r| *r >= 0.0)
        .map(|r| {
            if comparator.is_upper_bound() {
                format!("（为上限的{}%）", fmt_num(r * 100.0))
            } else {
                format!("（完成目标的{}%）", fmt_num(r * 100.0))
            }
        })
        .unwrap_or_default();
    let reason = match cmp.verdict {
        Verdict::Met => format!("{clause}{period_note}，达到目标{target_words}{rate}"),
        _ => format!("{clause}{period_note}，未达到目标{target_words}{rate}"),
    };
    // A change the other way round is reported with its sign in the target's direction.
    let opposite = t.kind == TargetKind::ChangePercent
        && matches!((t.direction, q.change), (Some(a), Some(b)) if a != b);
    let actual = Actual {
        text: clause,
        value: Some(if opposite {
            q.value.mul_int(-1)
        } else {
            q.value
        }),
        unit: q.unit,
        period: actual_period,
        offset: q.start,
        quantity: Some(q.clone()),
    };
    Evaluation {
        target: t,
        actual: Some(actual),
        verdict: cmp.verdict,
        ratio: cmp.ratio,
        reason,
        flags,
    }
}

/// The target as a reason line writes it: `≥6000个`, `每月≥20款`, `下降≥20%`.
fn target_words(t: &Target, comparator: Comparator) -> String {
    let mut s = String::new();
    if t.period != Period::Year {
        s.push_str(t.period.chinese());
    }
    if t.kind == TargetKind::ChangePercent {
        s.push_str(match t.direction {
            Some(Change::Decrease) => "下降",
            _ => "增长",
        });
    }
    s.push_str(comparator.math());
    s.push_str(&t.value.map(fmt_decimal).unwrap_or_default());
    s.push_str(t.unit);
    s
}

/// A number as a Chinese report writes it: 23000 → 2.3万, 9080000000 → 90.8亿.
pub fn fmt_decimal(v: Decimal) -> String {
    let x = v.to_f64();
    if x.abs() >= 1e8 && v.scaled_pow10(-6).is_integer() {
        format!("{}亿", v.scaled_pow10(-8))
    } else if x.abs() >= 1e4 && v.scaled_pow10(-2).is_integer() {
        format!("{}万", v.scaled_pow10(-4))
    } else {
        v.to_string()
    }
}

/// A float for a reason line: at most one decimal place.
pub fn fmt_num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        format!("{r:.1}")
    }
}

const NEGATIONS: &[&str] = &[
    "未发生",
    "没有发生",
    "无发生",
    "未出现",
    "没有出现",
    "均未发生",
    "未发现",
    "杜绝了",
    "零发生",
    "为零",
    "清零",
    "零事故",
    "零伤亡",
    "零感染",
    "零投诉",
    "零死亡",
    "零事件",
    "实现零",
    "保持零",
];
/// Units that count events.
const EVENT_UNITS: &[&str] = &["起", "例", "宗", "件"];

fn zero_event(t: Target, status: &str, problems: &str, paired: bool) -> Evaluation {
    let subject = context_words(&t.subject);
    // A paired answer (`未发生`, `发生1起`) needs no words of its own.
    let needed = if paired && status.chars().count() <= 12 {
        0
    } else {
        2.max((subject.len() as f32 * 0.3).ceil() as usize)
            .min(subject.len().max(1))
    };
    let mut best: Option<(usize, &str, bool)> = None;
    for (sentence, from_problems) in sentences(status)
        .map(|s| (s, false))
        .chain(sentences(problems).map(|s| (s, true)))
    {
        for part in sentence.split(['；', ';']).filter(|p| !p.trim().is_empty()) {
            // Most sentences share no character with the event's name.
            if needed > 0
                && !subject
                    .iter()
                    .any(|g| part.contains(g.0) && part.contains(g.1))
            {
                continue;
            }
            let overlap = shared(&subject, &context_words(part));
            if overlap < needed {
                continue;
            }
            let negated = NEGATIONS.iter().any(|n| part.contains(n))
                || (part.contains('无') && part.contains("发生"));
            let head: String = {
                let chars: Vec<char> = t.subject.chars().collect();
                chars[chars.len().saturating_sub(2)..].iter().collect()
            };
            let happened = !negated
                && crate::quantity::extract(part).iter().any(|q| {
                    q.is_measured()
                        && !q.value.is_zero()
                        && EVENT_UNITS.contains(&q.unit)
                        && (needed == 0 || q.clause_text(part).contains(head.as_str()))
                });
            // 一般事故 do not break a target about 较大及以上 ones.
            let happened = happened && !below_target_level(&t.subject, part);
            // A failure admitted anywhere outweighs a denial elsewhere.
            let rank = overlap + if happened { 100 } else { 0 };
            if (negated && !from_problems || happened) && best.is_none_or(|b| rank > b.0) {
                best = Some((rank, part, negated));
            }
        }
    }
    let (verdict, reason, actual) = match best {
        Some((_, s, true)) => (Verdict::Met, format!("落实情况写明“{}”", clean(s)), Some(s)),
        Some((_, s, false)) => (
            Verdict::NotMet,
            format!("写明“{}”，目标要求不发生", clean(s)),
            Some(s),
        ),
        None => (
            Verdict::Unverified,
            format!("落实情况没有明确写出未发生{}，需人工核实", t.subject),
            None,
        ),
    };
    let actual = actual.map(|s| Actual {
        text: clean(s).to_string(),
        quantity: None,
        value: None,
        unit: "",
        period: Period::Year,
        offset: offset_in(status, s),
    });
    Evaluation {
        target: t,
        actual,
        verdict,
        ratio: None,
        reason,
        flags: Vec::new(),
    }
}

/// Severity levels of incidents, highest first.
const LEVELS: &[(&str, u8)] = &[("特别重大", 4), ("重大", 3), ("较大", 2), ("一般", 1)];

fn level_in(s: &str) -> Option<u8> {
    LEVELS.iter().find(|(w, _)| s.contains(w)).map(|(_, l)| *l)
}

/// True when the target names a minimum level (较大及以上) and the sentence
/// reports only incidents below it (一般事故).
fn below_target_level(subject: &str, sentence: &str) -> bool {
    let Some(min) = level_in(subject) else {
        return false;
    };
    if !(subject.contains("以上") || min == 4) {
        return false;
    }
    let mut highest: Option<u8> = None;
    let mut rest = sentence;
    while let Some(l) = level_in(rest) {
        highest = Some(highest.map_or(l, |h: u8| h.max(l)));
        let word = LEVELS.iter().find(|(_, x)| *x == l).map_or("", |(w, _)| *w);
        match rest.find(word) {
            Some(p) => rest = &rest[p + word.len()..],
            None => break,
        }
    }
    // `各类生产安全事故9起` says nothing of their level: no breach shown.
    highest.is_none_or(|h| h < min)
}

/// A clause or sentence as a reason line quotes it.
pub(crate) fn clean_text(s: &str) -> &str {
    clean(s)
}

fn clean(s: &str) -> &str {
    crate::target::clean_clause(s).trim_end_matches(['。', '；', ';'])
}

fn deadline(t: Target, outcome: &Outcome<'_>) -> Evaluation {
    let Some(due) = t.deadline else {
        return unanswered(t);
    };
    let target_words = context_words(&t.text);
    // A short target (`年底前完成整改`) has few words to share.
    let needed = if target_words.len() >= 6 { 2 } else { 1 };
    const UNFINISHED: &[&str] = &[
        "尚未",
        "未能",
        "未完成",
        "正在",
        "处于",
        "推进中",
        "延期",
        "推迟",
        "预计",
    ];
    const DONE_VERBS: &[&str] = &[
        "完成", "建成", "出台", "印发", "上线", "启用", "投用", "开通", "实现", "落地", "放号",
        "验收", "召开", "通过",
    ];
    // The outcome says the work about the target is not finished.
    for sentence in sentences(outcome.text) {
        let overlap = shared(&target_words, &context_words(sentence));
        let unfinished = UNFINISHED.iter().any(|w| sentence.contains(w));
        // `排查于6月15日完成，…，剩余5处正在整改`: the clause about the
        // target dates its completion; the unfinished work is another's.
        let dated_done = || {
            sentence
                .split(['，', ','])
                .map(|c| (shared(&target_words, &context_words(c)), c))
                .max_by_key(|x| x.0)
                .is_some_and(|(n, c)| {
                    // `…于7月完成招标`: what was finished is a step, not the target.
                    let finishes_target = DONE_VERBS.iter().any(|v| {
                        c.match_indices(v).any(|(p, _)| {
                            let rest = c[p + v.len()..].trim_end_matches(['。', '；', ';']);
                            rest.is_empty() || shared(&target_words, &context_words(rest)) > 0
                        })
                    });
                    n >= needed
                        && c.contains('月')
                        && c.chars().any(|x| x.is_ascii_digit())
                        && finishes_target
                        && !UNFINISHED.iter().any(|w| c.contains(w))
                })
        };
        if overlap >= needed && unfinished && !dated_done() {
            return Evaluation {
                reason: format!(
                    "落实情况写明“{}”，未在目标期限（{}月{}）前完成",
                    clean(sentence),
                    due.month,
                    day_words(due)
                ),
                actual: Some(Actual {
                    text: clean(sentence).to_string(),
                    quantity: None,
                    value: None,
                    unit: "月",
                    period: Period::Year,
                    offset: offset_in(outcome.text, sentence),
                }),
                target: t,
                verdict: Verdict::NotMet,
                ratio: None,
                flags: Vec::new(),
            };
        }
    }
    // The date in the outcome beside a verb of finishing, in the clause
    // most like the target's.
    let mut found: Option<(MonthDay, &Quantity)> = None;
    let mut best = -1i64;
    for q in outcome.quantities.iter().filter(|q| q.kind == Kind::Date) {
        let clause = q.clause_text(outcome.text);
        let sentence_end = outcome.text[q.start..]
            .find(['。', '；'])
            .map_or(outcome.text.len(), |e| q.start + e);
        let sentence = &outcome.text[q.clause.0..sentence_end];
        let done = DONE_VERBS
            .iter()
            .any(|v| clause.contains(v) || sentence.contains(v));
        let Some(md) = month_day(q.span(outcome.text)) else {
            continue;
        };
        if !done {
            continue;
        }
        let overlap = 4 * shared(&target_words, &context_words(clause)) as i64
            + shared(&target_words, &context_words(sentence)) as i64;
        if overlap > best {
            best = overlap;
            found = Some((md, q));
        }
    }
    let Some((done, q)) = found else {
        // 年底前建成 answered by 已建成 in a year-end table: done within the year.
        let claims_done = outcome.text.trim_start().starts_with("已完成")
            || [
                "已建成",
                "已出台",
                "已印发",
                "已完成",
                "已上线",
                "已投入使用",
                "已制定",
                "已发布",
                "已修订",
            ]
            .iter()
            .any(|w| outcome.text.contains(w));
        if due.month == 12 && due.day >= 31 && claims_done {
            return Evaluation {
                reason: "落实情况称已完成，本年度内完成即在目标期限（12月底）内".to_string(),
                target: t,
                actual: None,
                verdict: Verdict::Met,
                ratio: None,
                flags: vec![Flag::NoCompletionDate],
            };
        }
        return Evaluation {
            reason: format!(
                "落实情况没有写明完成时间，目标要求{}月{}前完成，需人工核实",
                due.month,
                day_words(due)
            ),
            target: t,
            actual: None,
            verdict: Verdict::Unverified,
            ratio: None,
            flags: Vec::new(),
        };
    };
    // Years count only when both dates name one; a table is about one year.
    let met = match (done.year, due.year) {
        (Some(a), Some(b)) if a != b => a < b,
        _ => (done.month, done.day) <= (due.month, due.day),
    };
    let sentence_end = outcome.text[q.start..]
        .find(['。', '；'])
        .map_or(outcome.text.len(), |e| q.start + e);
    let clause = crate::target::clean_clause(&outcome.text[q.clause.0..sentence_end]).to_string();
    let reason = format!(
        "{clause}，{}目标期限（{}{}月{}）",
        if met { "未超过" } else { "晚于" },
        due.year.map(|y| format!("{y}年")).unwrap_or_default(),
        due.month,
        day_words(due)
    );
    Evaluation {
        actual: Some(Actual {
            text: clause,
            quantity: Some(q.clone()),
            value: Some(Decimal::from_int(i128::from(done.month))),
            unit: "月",
            period: Period::Year,
            offset: q.start,
        }),
        target: t,
        verdict: if met { Verdict::Met } else { Verdict::NotMet },
        ratio: None,
        reason,
        flags: Vec::new(),
    }
}

fn day_words(d: MonthDay) -> String {
    if d.day >= 31 {
        "底".to_string()
    } else {
        format!("{}日", d.day)
    }
}

fn sentences(s: &str) -> impl Iterator<Item = &str> {
    s.split_inclusive(['。', '；', '！', ';'])
        .filter(|x| !x.trim().is_empty())
}

fn offset_in(haystack: &str, part: &str) -> usize {
    let base = haystack.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    if p >= base && p <= base + haystack.len() {
        p - base
    } else {
        0
    }
}

#[cfg(test)]
mod named_count_tests {
    #[test]
    fn an_achievement_that_names_what_it_counts() {
        let r = crate::check::check("某局2024年度自查表\n\n考评维度 自查内容 落实情况 存在问题\n\n业务\n\n推进基层卫生服务能力提升，3家社区卫生服务中心达到国家“优质服务基层行”推荐标准。\n\n全区新建社区医院1家，累计建成社区医院4家；湖东街道、云澜街道社区卫生服务中心达到“优质服务基层行”推荐标准，石桥街道社区卫生服务中心已完成自评，正在推进省级评审。\n\n无\n");
        let t = &r.tasks[0].targets[0];
        assert_eq!(t.verdict, super::Verdict::NotMet, "{}", t.reason);
        assert_eq!(
            t.actual
                .as_ref()
                .and_then(|a| a.value)
                .map(|v| v.to_string())
                .as_deref(),
            Some("2")
        );
    }
}
