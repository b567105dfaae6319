//! Snapshots of the rich outputs: the Chinese text report, the Markdown
//! table and the JSON contract for the example table, and the text report of
//! one invented agency. A change to any of them shows up as a diff to review
//! (`INSTA_UPDATE=always cargo test` rewrites them).

use std::path::PathBuf;
use std::process::Command;

fn run(args: &[&str]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .current_dir(&root)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn example_text_report() {
    insta::assert_snapshot!(run(&["check", "examples/beijing-2022.txt"]));
}

#[test]
fn example_markdown() {
    insta::assert_snapshot!(run(&[
        "check",
        "examples/beijing-2022.txt",
        "--format",
        "markdown"
    ]));
}

#[test]
fn example_json() {
    insta::assert_snapshot!(run(&[
        "check",
        "examples/beijing-2022.txt",
        "--format",
        "json"
    ]));
}

#[test]
fn invented_agency_text_report() {
    insta::assert_snapshot!(run(&["check", "tests/corpus/01_ningchuan_eco_2023.txt"]));
}
