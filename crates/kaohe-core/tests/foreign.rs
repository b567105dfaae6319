//! Self-check tables as other software gives them as text (made by
//! `tests/data/foreign/make.py` with python-docx, LibreOffice and pdftotext):
//! each reads with the same tasks and target verdicts as its source text,
//! or is refused with a message saying what to do.

use kaohe_core::check;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/foreign");
/// The sources: the reference table and three of tests/corpus.
const NAMES: [&str; 4] = ["beijing", "ningchuan", "yunlan", "qingshi"];
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn source(name: &str) -> String {
    let path = match name {
        "beijing" => format!("{ROOT}/examples/beijing-2022.txt"),
        "ningchuan" => format!("{ROOT}/tests/corpus/01_ningchuan_eco_2023.txt"),
        "yunlan" => format!("{ROOT}/tests/corpus/03_yunlan_health_2024.txt"),
        "qingshi" => format!("{ROOT}/tests/corpus/09_qingshi_civil_2022.txt"),
        _ => unreachable!(),
    };
    std::fs::read_to_string(path).unwrap()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The tasks, their cells and every target's verdict and value.
fn same(name: &str, form: &str) {
    let want = check::check(&source(name));
    let text = std::fs::read_to_string(format!("{DIR}/{name}.{form}.txt")).unwrap();
    let got = check::check_text(&text);
    assert!(got.is_readable(), "{name}.{form}: {:?}", got.warnings);
    assert_eq!(got.organization, want.organization, "{name}.{form}");
    assert_eq!(got.year, want.year, "{name}.{form}");
    assert_eq!(got.tasks.len(), want.tasks.len(), "{name}.{form}: tasks");
    for (g, w) in got.tasks.iter().zip(&want.tasks) {
        let at = format!("{name}.{form} task {}", w.index);
        assert_eq!(g.dimension, w.dimension, "{at}");
        assert_eq!(squash(&g.content), squash(&w.content), "{at}");
        assert_eq!(squash(&g.status), squash(&w.status), "{at}");
        assert_eq!(squash(&g.problems), squash(&w.problems), "{at}");
        assert_eq!(g.claimed, w.claimed, "{at}");
        let t = |r: &check::TaskReport| {
            r.targets
                .iter()
                .map(|t| (t.verdict, t.value, t.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(t(g), t(w), "{at}");
    }
}

#[test]
fn tab_separated_reads_like_its_source() {
    for name in NAMES {
        same(name, "tab");
    }
}

#[test]
fn pdftotext_layout_reads_like_its_source() {
    for name in NAMES {
        same(name, "layout");
    }
}

#[test]
fn pdftotext_default_is_refused_with_what_to_do() {
    for name in NAMES {
        let text = std::fs::read_to_string(format!("{DIR}/{name}.pdftotext.txt")).unwrap();
        let got = check::check_text(&text);
        assert!(!got.is_readable(), "{name}");
        assert!(
            got.warnings
                .iter()
                .any(|w| w.message == kaohe_core::layout::PDFTOTEXT_DEFAULT),
            "{name}: {:?}",
            got.warnings
        );
    }
}

#[test]
#[ignore]
fn dump() {
    let name = std::env::var("FX").unwrap();
    let text = std::fs::read_to_string(format!("{DIR}/{name}.txt")).unwrap();
    let got = check::check_text(&text);
    for t in &got.tasks {
        println!(
            "{} [{}] C:{}\n  S:{}\n  P:{} {:?}",
            t.index,
            t.dimension,
            t.content,
            &t.status.chars().take(60).collect::<String>(),
            t.problems,
            t.source_lines.problems
        );
    }
}

/// Dimension cells merged down: pdftotext -layout closes up the empty
/// column, moving task cells left. Not read yet; refused, never garbage.
#[test]
fn pdftotext_layout_under_merged_dimensions_is_refused() {
    let text = std::fs::read_to_string(format!("{DIR}/ningchuan.merged-layout.txt")).unwrap();
    let got = check::check_text(&text);
    assert!(!got.is_readable());
    assert!(
        got.warnings
            .iter()
            .any(|w| w.message == kaohe_core::layout::LAYOUT_UNSOUND),
        "{:?}",
        got.warnings
    );
}
