//! What a status cell claims: completed, in progress or not completed.

use serde::{Deserialize, Serialize};

use crate::layout::is_nothing;

/// The completion a task's own text claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claimed {
    /// 已完成, 圆满完成, 已实现, or a report of work done with no problems named.
    Completed,
    /// 正在推进, 推进中, 部分完成, or a problems cell naming a shortfall.
    InProgress,
    /// 未完成, 尚未完成.
    NotCompleted,
    /// Nothing to go on.
    Unknown,
}

impl Claimed {
    /// Every claim.
    pub const ALL: [Claimed; 4] = [
        Claimed::Completed,
        Claimed::InProgress,
        Claimed::NotCompleted,
        Claimed::Unknown,
    ];

    /// The spelling the JSON contract and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            Claimed::Completed => "completed",
            Claimed::InProgress => "in_progress",
            Claimed::NotCompleted => "not_completed",
            Claimed::Unknown => "unknown",
        }
    }

    /// Reads [`Claimed::as_str`]'s spelling.
    pub fn parse(s: &str) -> Option<Claimed> {
        Claimed::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The claim as a Chinese report writes it.
    pub fn chinese(self) -> &'static str {
        match self {
            Claimed::Completed => "已完成",
            Claimed::InProgress => "推进中",
            Claimed::NotCompleted => "未完成",
            Claimed::Unknown => "未说明",
        }
    }
}

/// Openers that claim completion outright, whatever follows.
const DONE_OPENERS: &[&str] = &[
    "已完成",
    "已全部完成",
    "圆满完成",
    "全面完成",
    "顺利完成",
    "按期完成",
    "按时完成",
    "如期完成",
    "超额完成",
    "全部完成",
    "完成。",
];
/// Words that say the work is still going on.
const UNDER_WAY: &[&str] = &[
    "正在",
    "推进中",
    "进行中",
    "尚未",
    "滞后",
    "部分完成",
    "基本完成",
];
/// Words that admit a shortfall.
const NOT_DONE: &[&str] = &[
    "未完成",
    "未能完成",
    "没有完成",
    "未按期完成",
    "未能按期",
    "未按期",
    "未达到",
    "未达成",
    "未能达到",
    "未能实现",
    "低于年度目标",
    "低于目标",
    "低于预期",
    "超出年度控制数",
    "超出控制数",
    "超过年度控制数",
    "超出预算",
    "差距",
    "高于控制目标",
    "高于目标值",
    "超出目标",
];
/// Words that claim completion somewhere in the text.
const DONE: &[&str] = &[
    "已完成",
    "圆满完成",
    "全面完成",
    "顺利完成",
    "按期完成",
    "按时完成",
    "如期完成",
    "超额完成",
    "全部完成",
    "已实现",
    "全年未发生",
];
/// Events that should not happen, for `发生…事故1起`.
const EVENTS: &[&str] = &["事故", "事件", "疫情", "投诉", "案件", "中毒", "死亡"];

/// Reads the claim from the status cell and the problems cell.
///
/// An explicit completion opener (已完成, 圆满完成 …) is the agency's claim
/// whatever follows. Otherwise words that say the work goes on (正在, 推进中,
/// 尚未, 滞后) make it in progress; words that admit a shortfall (未完成,
/// 未达到, 低于目标) or an event that should not have happened (发生…事故1起)
/// make it not completed; a report of work done with no such words is a
/// claim of completion.
pub fn read(status: &str, problems: &str) -> Claimed {
    let s = status.trim();
    let p = problems.trim();
    if s.is_empty() || (s.starts_with("详见") && s.chars().count() < 20) {
        return Claimed::Unknown;
    }
    if ["未完成", "尚未完成", "没有完成"]
        .iter()
        .any(|w| s.starts_with(w))
    {
        return Claimed::NotCompleted;
    }
    if DONE_OPENERS.iter().any(|w| s.starts_with(w)) {
        return Claimed::Completed;
    }
    if ["正在", "推进中", "进行中", "部分完成", "基本完成"]
        .iter()
        .any(|w| s.starts_with(w))
    {
        return Claimed::InProgress;
    }
    let both = format!("{s}{}", if is_nothing(p) { "" } else { p });
    if UNDER_WAY.iter().any(|w| both.contains(w)) {
        return Claimed::InProgress;
    }
    if NOT_DONE.iter().any(|w| both.contains(w))
        || admits_event(&both)
        || (!is_nothing(p) && SHORTFALL.iter().any(|w| p.contains(w)))
    {
        return Claimed::NotCompleted;
    }
    if DONE.iter().any(|w| s.contains(w)) || s.starts_with('已') {
        return Claimed::Completed;
    }
    Claimed::Completed
}

/// Words in a problems cell that name a shortfall (`疫情原因减少2次集中学习`).
const SHORTFALL: &[&str] = &[
    "减少",
    "少于",
    "不足",
    "未能",
    "延后",
    "推迟",
    "取消",
    "缺口",
    "短缺",
    "少开展",
    "暂停",
];

/// Whether the status says in words that the work is complete (已完成,
/// 圆满完成, 全面完成, 已实现, 全年未发生…). A report of work done with no
/// problems named only implies completion: see [`implies_completion`].
///
/// A completion word that reports an amount (`截至11月底已完成造林1.6万亩`)
/// says what was done, not that the task is: a figure in the rest of its
/// clause makes it no claim.
pub fn states_completion(status: &str) -> bool {
    let s = status.trim();
    let says_done = |w: &str| {
        s.match_indices(w).any(|(p, _)| {
            // The clause after the word, at most 100 characters of it.
            !s[p + w.len()..]
                .chars()
                .take(100)
                .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';' | '\n'))
                .any(|c| c.is_ascii_digit())
        })
    };
    !s.is_empty()
        && (DONE_OPENERS.iter().any(|w| s.starts_with(w)) || DONE.iter().any(|w| says_done(w)))
        && !["未完成", "尚未完成", "没有完成"]
            .iter()
            .any(|w| s.starts_with(w))
}

/// Whether the task implies completion without saying it: it reports work
/// done and its problems cell is 无 (or empty).
pub fn implies_completion(status: &str, problems: &str) -> bool {
    !states_completion(status)
        && is_nothing(problems.trim())
        && read(status, problems) == Claimed::Completed
}

/// `发生…事故1起`, `出现有效投诉2件`: an event that should not have happened,
/// with a count above zero.
fn admits_event(text: &str) -> bool {
    for verb in ["发生", "出现"] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(verb) {
            let at = from + pos;
            from = at + verb.len();
            let before = &text[..at];
            if ["未", "没有", "无", "不", "零", "杜绝", "防止", "避免"]
                .iter()
                .any(|n| before.ends_with(n))
            {
                continue;
            }
            let clause_end = text[at..]
                .find(['，', '。', '；'])
                .map_or(text.len(), |e| at + e);
            let clause = &text[at..clause_end];
            if EVENTS.iter().any(|e| clause.contains(e))
                && crate::quantity::extract(clause)
                    .iter()
                    .any(|q| q.is_measured() && !q.value.is_zero())
            {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims() {
        let cases = [
            ("已完成。", "无", Claimed::Completed),
            ("圆满完成党的二十大通信保障任务", "无", Claimed::Completed),
            (
                "全年未发生重大及以上安全生产事故。",
                "无",
                Claimed::Completed,
            ),
            (
                "局党组坚持以党的政治建设为统领，全年开展学习12次。",
                "无",
                Claimed::Completed,
            ),
            (
                "正在推进。已建成12公里。",
                "征地拆迁滞后",
                Claimed::InProgress,
            ),
            (
                "未完成。受资金影响，项目推迟。",
                "资金未到位",
                Claimed::NotCompleted,
            ),
            (
                "全年开展宣讲活动46场。",
                "宣讲场次未达到年度计划。",
                Claimed::NotCompleted,
            ),
            (
                "全区未发生重大医疗安全事件；11月发生院内感染暴发事件1起。",
                "无",
                Claimed::NotCompleted,
            ),
            ("全年出现有效投诉2件。", "", Claimed::NotCompleted),
            (
                "已建成示范路段8.6公里。",
                "二期工程尚未完工，正在加快推进。",
                Claimed::InProgress,
            ),
            ("已完成。全年办结率97.2%。", "无", Claimed::Completed),
            ("详见附件3。", "", Claimed::Unknown),
            (
                "会议期间全网运行平稳，无重大网络安全事件发生。",
                "无",
                Claimed::Completed,
            ),
            (
                "全年建成管网12公里。",
                "受征地拆迁影响，部分路段未能按期开工。",
                Claimed::NotCompleted,
            ),
            (
                "全年开展宣传活动5次。",
                "宣传形式较单一。",
                Claimed::Completed,
            ),
            ("", "", Claimed::Unknown),
            (
                "全年开展专题学习10次。",
                "疫情原因减少2次集中学习。",
                Claimed::NotCompleted,
            ),
            (
                "项目已进入招标阶段，目前正在推进中。",
                "无",
                Claimed::InProgress,
            ),
        ];
        for (status, problems, want) in cases {
            assert_eq!(read(status, problems), want, "{status}");
        }
    }

    #[test]
    fn stated_and_implied() {
        assert!(states_completion("已完成。全年办结率97.2%。"));
        assert!(states_completion("圆满完成党的二十大通信保障任务"));
        assert!(states_completion("全年未发生重大及以上安全生产事故。"));
        assert!(!states_completion("全年开展专题学习10次。"));
        assert!(!states_completion("未完成。受资金影响，项目推迟。"));
        assert!(implies_completion("全年开展专题学习10次。", "无"));
        assert!(!implies_completion(
            "全年开展专题学习10次。",
            "疫情原因减少2次集中学习"
        ));
        assert!(!implies_completion("已完成。", "无"));
        assert!(!implies_completion("正在推进。", "无"));
    }
}
