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
