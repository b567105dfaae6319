//! The table-driven self-check cases: `tests/data/selfcheck_cases.tsv`, one
//! small self-check table a line (task cell, 落实情况 cell, 存在问题 cell, `\n`
//! for a line break), checked through `check::check` as a whole table. Each is
//! labelled by hand from the rules (docs/check-json.md), never from kaohe's
//! output.
//!
//! Columns: id, content, status, problems, the expected verdict of each
//! target in order (comma-separated), the expected claim flags of the task
//! (`claimed_completed_but_not_met` / `implied_completed_but_not_met`,
//! comma-separated or empty; other flags are listed when the note asks for
//! them), note. A note starting `rate_disagrees` also expects that flag.

use kaohe_core::check::check;
use kaohe_core::verify::Flag;

fn table(content: &str, status: &str, problems: &str) -> String {
    format!(
        "某市某局2024年度日常履职考核事项完成情况自查表\n\n考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n\n全面高效履职\n\n{}\n\n{}\n\n{}\n",
        content.replace("\\n", "\n"),
        status.replace("\\n", "\n\n"),
        problems
    )
}

#[test]
fn self_check_cases() {
    let data = include_str!("data/selfcheck_cases.tsv");
    let mut fails = Vec::new();
    for line in data.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, content, status, problems, verdicts, flags, note) = (
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5],
            f.get(6).copied().unwrap_or(""),
        );
        let report = check(&table(content, status, problems));
        if report.tasks.len() != 1 {
            fails.push(format!("{id}: {} tasks read", report.tasks.len()));
            continue;
        }
        let task = &report.tasks[0];
        let got: Vec<&str> = task
            .targets
            .iter()
            .filter(|t| t.verdict.as_str() != "qualitative")
            .map(|t| t.verdict.as_str())
            .collect();
        let want: Vec<&str> = verdicts.split(',').collect();
        if got != want {
            let reasons: Vec<&str> = task.targets.iter().map(|t| t.reason.as_str()).collect();
            fails.push(format!("{id}: verdicts {got:?} != {want:?} ({reasons:?})"));
        }
        let claim_flags: Vec<&str> = task
            .flags
            .iter()
            .filter(|f| {
                matches!(
                    f,
                    Flag::ClaimedCompletedButNotMet | Flag::ImpliedCompletedButNotMet
                )
            })
            .map(|f| f.as_str())
            .collect();
        let want_flags: Vec<&str> = flags.split(',').filter(|s| !s.is_empty()).collect();
        if claim_flags != want_flags {
            fails.push(format!(
                "{id}: claim flags {claim_flags:?} != {want_flags:?}"
            ));
        }
        if note.starts_with("rate_disagrees") && !task.flags.contains(&Flag::RateDisagrees) {
            fails.push(format!("{id}: rate_disagrees missing"));
        }
    }
    assert!(
        fails.is_empty(),
        "{} cases fail:\n{}",
        fails.len(),
        fails.join("\n")
    );
}
