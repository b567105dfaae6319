//! Lines that once took time growing with the square of their length: a
//! line of thousands of figures, a line of thousands of gaps, and their
//! kin. These tests pin what is read from them (not how fast: `kaohe bench
//! --hostile` measures that), so that the linear code keeps its answers.

use kaohe_core::{check, layout, quantity, table};

const HEADER: &str = "考评维度 自查内容（年度任务） 落实情况 存在问题及原因\n";

fn table_of(line: &str) -> String {
    format!("{HEADER}{line}\n")
}

#[test]
fn a_line_of_figures_is_read_figure_by_figure() {
    // (the line, how many figures the extractor reads from it)
    let cases: Vec<(String, usize)> = vec![
        ("12个、".repeat(20_000), 20_000),
        ("新增12个、".repeat(5_000), 5_000),
        ("一二三四五六七八九十".repeat(2_000), 0),
        ("（".repeat(20_000), 0),
        ("|".repeat(50_000), 0),
    ];
    for (line, want) in cases {
        assert_eq!(quantity::extract(&line).len(), want, "{}", &line[..30]);
        let report = check::check(&table_of(&line));
        assert_eq!(report.tasks.len(), 1, "{}", &line[..30]);
    }
}

#[test]
fn past_the_cap_the_rest_of_a_cell_is_left_unread_and_said_so() {
    let line = "1个、".repeat(quantity::MAX_QUANTITIES + 10);
    assert_eq!(quantity::extract(&line).len(), quantity::MAX_QUANTITIES);
    let short = "1个、".repeat(100);
    assert_eq!(quantity::extract(&short).len(), 100);
    // Reading a whole text (`kaohe quantities`) leaves nothing out, and its
    // offsets point into the whole text.
    let all = quantity::extract_all(&line);
    assert_eq!(all.len(), quantity::MAX_QUANTITIES + 10);
    let odd: Vec<_> = all
        .iter()
        .filter(|q| &line[q.start..q.end] != "1个")
        .map(|q| &line[q.start..q.end])
        .take(5)
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
}

#[test]
fn a_line_of_gaps_splits_into_a_bounded_number_of_cells() {
    // `> > > …`: a gap after every character.
    let text = table_of(&"> ".repeat(200_000));
    let (table, _) = layout::read(&text);
    assert_eq!(table.tasks.len(), 1);
    let row = &table.tasks[0];
    let kept: usize = [&row.content, &row.status, &row.problems]
        .iter()
        .map(|c| c.text.matches('>').count())
        .sum();
    // Every `>` is still in some cell of the row, or the row's dimension.
    assert!(
        kept + row.dimension.matches('>').count() >= 199_000,
        "{kept}"
    );
}

#[test]
fn many_short_lines_are_one_task() {
    let text = format!("{HEADER}{}", "。\n".repeat(20_000));
    let report = check::check(&text);
    assert!(report.tasks.len() <= 1);
}

fn cell(text: String, line: u32) -> table::Cell {
    table::Cell {
        text,
        pieces: vec![table::Piece { offset: 0, line }],
    }
}

#[test]
fn a_task_of_thousands_of_targets_and_figures_is_checked_in_part() {
    // (targets stated, figures reported, targets checked, a warning)
    let cases = [
        (20, 20, 20, false),
        (5_000, 5_000, check::MAX_TARGETS, true),
    ];
    for (targets, figures, checked, warned) in cases {
        let row = table::Row {
            dimension: "履职".into(),
            content: cell("新增基站12个，".repeat(targets), 2),
            status: cell("已新增基站12个，".repeat(figures), 2),
            problems: cell("无".into(), 2),
        };
        let table = table::Table {
            tasks: vec![row],
            ..table::Table::default()
        };
        let report = check::check_table(&table, Vec::new());
        assert_eq!(report.tasks[0].targets.len(), checked);
        assert_eq!(report.summary.met, checked);
        assert_eq!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("只核对了前")),
            warned
        );
    }
}

/// The family readers on texts made to be slow: a clause without a stop, a
/// prose of a hundred thousand lines, a table of fifty thousand rows, a form
/// run together over a long line. What they read is pinned; the time is
/// measured by `kaohe bench --hostile`.
#[test]
fn the_family_readers_stay_linear() {
    // One clause of 200,000 figures: no clause that long is read.
    let line = "开发公益性岗位420个".repeat(20_000);
    assert!(kaohe_core::family::check(&line).is_none());
    // A report of 100,000 lines: pairs read from the first lines only.
    let prose = "开发公益性岗位420个，完成436个，完成率103.8%。\n".repeat(100_000);
    let report = kaohe_core::family::check(&prose).expect("pairs");
    assert_eq!(report.indicators.len(), kaohe_core::family::MAX_PROSE_LINES);
    assert!(report.warnings.iter().any(|w| w.message.contains("过长")));
    // A progress table of 50,000 rows.
    let mut table = String::from("序号 | 项目 | 单位 | 年度目标任务 | 已完成数 | 完成率 |\n");
    for i in 0..50_000 {
        table.push_str(&format!("{i} | 新增养老床位 | 张 | 1200 | 310 | 25.8% |\n"));
    }
    let report = kaohe_core::family::check(&table).expect("a progress table");
    assert_eq!(report.indicators.len(), 50_000);
    // A form run together, repeated past the size read that way.
    let form = "一级指标二级指标三级指标年度指标值保障人数102370人2370人10".repeat(20_000);
    let _ = kaohe_core::family::check(&form);
}
