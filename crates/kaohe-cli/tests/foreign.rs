//! The foreign-made corpus (issue 12): every file under `tests/foreign/` was
//! written by other software than kaohe (python-docx, openpyxl, LibreOffice,
//! Chromium, pdftotext, a table pasted as TSV; `scripts/foreign-corpus` makes
//! them and `tests/foreign/README.md` lists them). Each is read with
//! `read_document` + `check_imported` and compared with the check of the text
//! it came from: the same title, organization and year, the same number of
//! tasks and, task by task, the same targets (by value and unit, or by text)
//! with the same verdicts.
//!
//! A fixture may be refused only if it is in `REFUSED` and the message names
//! the format. Fixtures that read wrong today are in `KNOWN` with what is
//! wrong: the test passes with them and fails on any new difference; it prints
//! the `KNOWN` and `REFUSED` entries that now read right, so they can be struck.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kaohe_core::check;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The file prefix of each source table and the text it came from.
const SOURCES: &[(&str, &str)] = &[
    ("bj", "examples/beijing-2022.txt"),
    ("nc", "tests/corpus/01_ningchuan_eco_2023.txt"),
    ("hj", "tests/corpus/04_hongjiang_transport_2023.txt"),
    ("al", "tests/corpus/07_anlan_govservice_2021.txt"),
];

/// Fixtures that may be refused: (file, why, a word the message must hold).
const REFUSED: &[(&str, &str, &str)] = &[
    ("al.chrome.layout.txt", "pdftotext -layout of a table with merged cells: its columns do not come apart reliably", "pdftotext"),
    ("al.chrome.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("al.lo.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("bj.chrome.layout.txt", "pdftotext -layout of a table with merged cells: its columns do not come apart reliably", "pdftotext"),
    ("bj.chrome.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("bj.lo.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("hj.chrome.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("hj.lo.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("nc.chrome.layout.txt", "pdftotext -layout of a table with merged cells: its columns do not come apart reliably", "pdftotext"),
    ("nc.chrome.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
    ("nc.lo.pdftotext.txt", "pdftotext default output: the columns come one after another and cannot be put back into rows", "pdftotext"),
];

/// Fixtures read wrong today: (file, what is wrong). Filled from the table
/// this test prints; strike an entry when it reads right.
const KNOWN: &[(&str, &str)] = &[
    ("al.lo.layout.txt", "pdftotext -layout (columns side by side) read as garbage (tasks 9/10  targets 0/17  verdicts 0/17)"),
    ("bj.chrome.pdf", "Chromium PDF (Type 3 fonts, one run per glyph): the self-check header is not found, it is read as another family (a report or progress table), 0 tasks, exit 0, no warning (tasks 0/16  targets 0/30  verdicts 0/30)"),
    ("bj.lo.layout.txt", "pdftotext -layout (columns side by side) read as garbage (tasks 4/16  targets 0/30  verdicts 0/30)"),
    ("hj.chrome.layout.txt", "pdftotext -layout (columns side by side) read as garbage (tasks 2/12  targets 0/22  verdicts 0/22)"),
];

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A target's key: its value and unit when it has one, else its text.
fn key(t: &Value) -> String {
    match &t["value"] {
        Value::Null => norm(t["text"].as_str().unwrap_or("")),
        v => format!("{}{}", v, t["unit"].as_str().unwrap_or("")),
    }
}

/// The title, organization and year, white space dropped.
fn meta_of(report: &check::Report) -> String {
    let v = serde_json::to_value(report).unwrap();
    format!(
        "{} / {} / {}",
        norm(v["title"].as_str().unwrap_or("")),
        norm(v["organization"].as_str().unwrap_or("")),
        v["year"]
    )
}

/// Per task, the targets' keys and (key, verdict) pairs, each sorted.
fn tasks_of(report: &check::Report) -> Vec<(Vec<String>, Vec<String>)> {
    let v = serde_json::to_value(report).unwrap();
    v["tasks"]
        .as_array()
        .map(|tasks| {
            tasks
                .iter()
                .map(|t| {
                    let targets = t["targets"].as_array().cloned().unwrap_or_default();
                    let mut keys: Vec<String> = targets.iter().map(key).collect();
                    let mut verdicts: Vec<String> = targets
                        .iter()
                        .map(|x| format!("{} → {}", key(x), x["verdict"].as_str().unwrap_or("")))
                        .collect();
                    keys.sort();
                    verdicts.sort();
                    (keys, verdicts)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How many of `want` are in `got`, as multisets.
fn common(got: &[String], want: &[String]) -> usize {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for g in got {
        *left.entry(g).or_default() += 1;
    }
    want.iter()
        .filter(|w| match left.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

struct Outcome {
    right: bool,
    line: String,
}

fn compare(got: &[(Vec<String>, Vec<String>)], want: &[(Vec<String>, Vec<String>)]) -> Outcome {
    let total: usize = want.iter().map(|w| w.0.len()).sum();
    let mut targets = 0;
    let mut verdicts = 0;
    let mut first_diff = String::new();
    for (i, w) in want.iter().enumerate() {
        let empty = (Vec::new(), Vec::new());
        let g = got.get(i).unwrap_or(&empty);
        targets += common(&g.0, &w.0);
        verdicts += common(&g.1, &w.1);
        if first_diff.is_empty() && g.1 != w.1 {
            let missing: Vec<&String> = w.1.iter().filter(|x| !g.1.contains(x)).take(2).collect();
            let extra: Vec<&String> = g.1.iter().filter(|x| !w.1.contains(x)).take(2).collect();
            first_diff = format!("task {}: wants {:?}, got {:?}", i + 1, missing, extra);
        }
    }
    let extra: usize = got
        .iter()
        .enumerate()
        .map(|(i, g)| {
            g.0.len()
                .saturating_sub(want.get(i).map_or(0, |w| w.0.len()))
        })
        .sum();
    let right = got.len() == want.len() && got == want;
    Outcome {
        right,
        line: format!(
            "tasks {}/{}  targets {}/{}  verdicts {}/{}{}{}",
            got.len(),
            want.len(),
            targets,
            total,
            verdicts,
            total,
            if extra > 0 {
                format!("  (+{extra} extra)")
            } else {
                String::new()
            },
            if right || first_diff.is_empty() {
                String::new()
            } else {
                format!("  {first_diff}")
            }
        ),
    }
}

#[test]
fn foreign_made_documents_read_like_their_source_text() {
    let dir = root().join("tests/foreign");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f != "README.md")
        .collect();
    files.sort();
    assert!(
        files.len() >= 60,
        "the foreign corpus has {} files",
        files.len()
    );
    let mut expected = HashMap::new();
    for (prefix, src) in SOURCES {
        let text = std::fs::read_to_string(root().join(src)).unwrap();
        let report = check::check_text(&text);
        expected.insert(*prefix, (tasks_of(&report), meta_of(&report)));
    }

    let mut fails = Vec::new();
    let mut now_pass = Vec::new();
    let mut right_count = 0;
    println!("{:<26} result", "fixture");
    for f in &files {
        let prefix = f.split('.').next().unwrap();
        let (want, want_meta) = expected
            .get(prefix)
            .unwrap_or_else(|| panic!("{f}: no source for prefix {prefix}"));
        let known = KNOWN.iter().find(|(k, _)| k == f).map(|(_, why)| *why);
        let refused = REFUSED.iter().find(|(k, _, _)| k == f);
        let bytes = std::fs::read(dir.join(f)).unwrap();
        // A refusal by the reader, or by the check (a text that reads as no
        // sound table, such as pdftotext's default output).
        let read = kaohe_import::read_document(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|i| {
                let report = check::check_imported(&i.table, i.warnings, &i.source);
                match report.refusal() {
                    Some(why) if report.tasks.is_empty() => Err(why.to_string()),
                    _ => Ok(report),
                }
            });
        match read {
            Err(msg) => {
                println!(
                    "{f:<26} REFUSED: {}",
                    msg.chars().take(70).collect::<String>()
                );
                match refused {
                    Some((_, _, word)) if msg.contains(word) => {}
                    _ if known.is_some() => {}
                    Some((_, _, word)) => {
                        fails.push(format!("{f}: refused without naming {word}: {msg}"))
                    }
                    None => fails.push(format!("{f}: refused, not in REFUSED: {msg}")),
                }
            }
            Ok(report) => {
                let mut o = compare(&tasks_of(&report), want);
                let meta = meta_of(&report);
                if meta != *want_meta {
                    o.right = false;
                    o.line = format!("{}  title/organization/year: {meta}", o.line);
                }
                let mark = if o.right {
                    "right"
                } else if known.is_some() {
                    "KNOWN"
                } else {
                    "WRONG"
                };
                println!("{f:<26} {mark:<5} {}", o.line);
                if o.right {
                    right_count += 1;
                    if known.is_some() || refused.is_some() {
                        now_pass.push(f.clone());
                    }
                } else if known.is_none() {
                    fails.push(format!("{f}: {}", o.line));
                }
            }
        }
    }
    println!("{right_count}/{} read right", files.len());
    if !now_pass.is_empty() {
        println!("KNOWN or REFUSED entries that now read right (strike them): {now_pass:?}");
    }
    for (k, _) in KNOWN {
        assert!(
            files.iter().any(|f| f == k),
            "KNOWN names a missing fixture {k}"
        );
    }
    assert!(fails.is_empty(), "new differences:\n{}", fails.join("\n"));
}
