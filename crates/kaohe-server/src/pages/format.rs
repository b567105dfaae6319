//! How the pages word stored values: verdicts, states, field names, scores.

use kaohe_store::TableStatus;

pub(super) fn status_cn(s: TableStatus) -> &'static str {
    s.chinese()
}

pub(super) fn field_cn(f: &str) -> &str {
    match f {
        "dimension" => "考评维度",
        "content" => "自查内容",
        "status" => "落实情况",
        "problems" => "存在问题及原因",
        "self_score" => "自评分",
        "review_score" => "审核分",
        "review_comment" => "审核意见",
        "reading" => "目标读取",
        "verdict" => "核对结论",
        "text" => "目标文字",
        "title" => "标题",
        "import" => "导入",
        "source_text" => "原文",
        "reason" => "原因",
        "evidence" => "佐证材料",
        other => other,
    }
}

pub(super) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).chain("…".chars()).collect()
    }
}

pub(super) fn fmt_score(s: Option<f64>) -> String {
    s.map(kaohe_core::verify::fmt_num)
        .unwrap_or_else(|| "—".into())
}

/// The family's name beside a table in a list: 绩效自评表, 进展情况表,
/// 文字报告; nothing for a self-check table, the lists' usual kind.
pub(super) fn family_cn(f: kaohe_core::family::Family) -> &'static str {
    match f {
        kaohe_core::family::Family::SelfCheck => "",
        other => other.chinese(),
    }
}
