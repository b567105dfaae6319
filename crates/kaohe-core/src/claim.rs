//! What a status cell claims: completed, in progress or not completed.

use serde::Serialize;

use crate::layout::is_nothing;

/// The completion a task's own text claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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

const NOT_DONE: &[&str] = &["未完成", "尚未完成", "未能完成", "没有完成", "未按期完成", "未能按期完成"];
const UNDER_WAY: &[&str] = &[
    "正在推进", "推进中", "正在", "进行中", "部分完成", "基本完成", "尚未", "滞后", "未全部完成",
    "持续推进中", "有序推进中",
];
const DONE: &[&str] = &[
    "已完成", "圆满完成", "全面完成", "顺利完成", "按期完成", "按时完成", "如期完成", "超额完成",
    "全部完成", "已实现", "已全部", "全年未发生", "完成。",
];
const SHORTFALL: &[&str] = &[
    "未完成", "尚未", "滞后", "延期", "推迟", "未达", "差距", "不足", "缓慢", "未能", "未按期",
    "没有完成", "影响", "偏低",
];

/// Reads the claim from the status cell and the problems cell.
pub fn read(status: &str, problems: &str) -> Claimed {
    let s: String = status.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Claimed::Unknown;
    }
    let starts = |words: &[&str]| words.iter().any(|w| s.starts_with(w));
    if starts(NOT_DONE) {
        return Claimed::NotCompleted;
    }
    if starts(UNDER_WAY) {
        return Claimed::InProgress;
    }
    if starts(DONE) || s.starts_with('已') {
        return Claimed::Completed;
    }
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(NOT_DONE) {
        return Claimed::NotCompleted;
    }
    if has(DONE) {
        return Claimed::Completed;
    }
    if ["正在推进", "推进中", "进行中", "部分完成", "尚未完成", "滞后"].iter().any(|w| s.contains(w)) {
        return Claimed::InProgress;
    }
    let p = problems.trim();
    if p.is_empty() || is_nothing(p) {
        return Claimed::Completed;
    }
    if NOT_DONE.iter().any(|w| p.contains(w)) {
        return Claimed::NotCompleted;
    }
    if SHORTFALL.iter().any(|w| p.contains(w)) {
        return Claimed::InProgress;
    }
    Claimed::Completed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims() {
        let cases = [
            ("已完成。", "无", Claimed::Completed),
            ("圆满完成党的二十大通信保障任务", "无", Claimed::Completed),
            ("全年未发生重大及以上安全生产事故。", "无", Claimed::Completed),
            ("局党组坚持以党的政治建设为统领，全年开展学习12次。", "无", Claimed::Completed),
            ("正在推进。已建成12公里。", "征地拆迁滞后", Claimed::InProgress),
            ("未完成。受资金影响，项目推迟。", "资金未到位", Claimed::NotCompleted),
            ("全年建成管网12公里。", "受征地拆迁影响，部分路段未能按期开工。", Claimed::InProgress),
            ("全年开展宣传活动5次。", "宣传形式较单一。", Claimed::Completed),
            ("", "", Claimed::Unknown),
            ("项目已进入招标阶段，目前正在推进中。", "无", Claimed::InProgress),
        ];
        for (status, problems, want) in cases {
            assert_eq!(read(status, problems), want, "{status}");
        }
    }
}
