//! The corpus test: every document under `tests/corpus/` (and the example
//! table) is checked against its hand-made gold, the way
//! `shared/tools/score_seed.py` scores the seed. The seed is also re-encoded
//! as GBK, UTF-16, with CRLF line ends and with full-width digits, and must
//! score the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kaohe_core::check::{check, Report};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-6 * b.abs().max(1.0))
}

/// Every way `report` differs from `gold`.
fn compare(report: &Report, gold: &Value) -> Vec<String> {
    let got = serde_json::to_value(report).unwrap();
    let mut fails = Vec::new();
    let tasks = got["tasks"].as_array().unwrap();
    if tasks.len() as u64 != gold["task_count"].as_u64().unwrap() {
        fails.push(format!(
            "task count {} != {}",
            tasks.len(),
            gold["task_count"]
        ));
    }
    for key in ["title", "organization", "year"] {
        if got[key] != gold[key] {
            fails.push(format!("{key}: {} != {}", got[key], gold[key]));
        }
    }
    if got["dimensions"] != gold["dimensions"] {
        fails.push(format!(
            "dimensions: {} != {}",
            got["dimensions"], gold["dimensions"]
        ));
    }
    let by_index: HashMap<u64, &Value> = tasks
        .iter()
        .map(|t| (t["index"].as_u64().unwrap(), t))
        .collect();
    for g in gold["tasks"].as_array().unwrap() {
        let idx = g["index"].as_u64().unwrap();
        let Some(t) = by_index.get(&idx) else {
            fails.push(format!("task {idx}: missing"));
            continue;
        };
        let mut errs = Vec::new();
        let field = |k: &str| norm(t[k].as_str().unwrap_or(""));
        if !field("content").starts_with(&norm(g["content_starts"].as_str().unwrap())) {
            errs.push(format!(
                "content starts {:?}",
                field("content").chars().take(30).collect::<String>()
            ));
        }
        if !field("status").starts_with(&norm(g["status_starts"].as_str().unwrap())) {
            errs.push(format!(
                "status starts {:?}",
                field("status").chars().take(30).collect::<String>()
            ));
        }
        if field("problems") != norm(g["problems"].as_str().unwrap()) {
            errs.push(format!("problems {:?}", t["problems"]));
        }
        if t["claimed"] != g["claimed"] {
            errs.push(format!("claimed {} != {}", t["claimed"], g["claimed"]));
        }
        // The claim flags, where the gold lists them: claimed in words and
        // implied by a 无 problems cell are told apart.
        if let Some(want) = g.get("flags").and_then(Value::as_array) {
            let mut want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
            let mut have: Vec<&str> = t["flags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|f| {
                    matches!(
                        *f,
                        "claimed_completed_but_not_met" | "implied_completed_but_not_met"
                    )
                })
                .collect();
            want.sort_unstable();
            have.sort_unstable();
            if want != have {
                errs.push(format!("claim flags {have:?} != {want:?}"));
            }
        }
        if !errs.is_empty() {
            fails.push(format!("task {idx}: {}", errs.join("; ")));
        }
    }
    for g in gold["targets"].as_array().unwrap() {
        let task = g["task"].as_u64().unwrap();
        let contains = norm(g["contains"].as_str().unwrap());
        let empty = Vec::new();
        let targets = by_index
            .get(&task)
            .and_then(|t| t["targets"].as_array())
            .unwrap_or(&empty);
        let mut cands: Vec<&Value> = targets
            .iter()
            .filter(|x| {
                let text = norm(x["text"].as_str().unwrap_or(""));
                text.contains(&contains) || (!text.is_empty() && contains.contains(&text))
            })
            .collect();
        if let Some(item) = g.get("item") {
            let f: Vec<&Value> = cands
                .iter()
                .copied()
                .filter(|x| x["item"] == *item)
                .collect();
            if !f.is_empty() {
                cands = f;
            }
        }
        if let Some(v) = g.get("value").and_then(Value::as_f64) {
            let f: Vec<&Value> = cands
                .iter()
                .copied()
                .filter(|x| close(x["value"].as_f64(), v))
                .collect();
            if !f.is_empty() {
                cands = f;
            }
        }
        let Some(x) = cands.first() else {
            fails.push(format!("target task {task} {contains:?}: not found"));
            continue;
        };
        let mut errs = Vec::new();
        if x["verdict"] != g["verdict"] {
            errs.push(format!(
                "verdict {} != {} ({})",
                x["verdict"], g["verdict"], x["reason"]
            ));
        }
        if let Some(c) = g.get("comparator") {
            if x["comparator"] != *c {
                errs.push(format!("comparator {} != {c}", x["comparator"]));
            }
        }
        if let Some(v) = g.get("value").and_then(Value::as_f64) {
            if !close(x["value"].as_f64(), v) {
                errs.push(format!("value {} != {v}", x["value"]));
            }
        }
        for f in g
            .get("flags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !x["flags"].as_array().is_some_and(|h| h.contains(f)) {
                errs.push(format!("flag {f} missing"));
            }
        }
        if let Some(a) = g.get("actual").and_then(Value::as_f64) {
            if g["kind"] != "deadline" && !close(x["actual"]["value"].as_f64(), a) {
                errs.push(format!("actual {} != {a}", x["actual"]["value"]));
            }
        }
        if !errs.is_empty() {
            let line = format!("target task {task} {contains:?}: {}", errs.join("; "));
            // A documented limitation is reported, not failed.
            match g.get("known_limitation") {
                Some(why) => eprintln!("known limitation: {line} ({why})"),
                None => fails.push(line),
            }
        }
    }
    fails
}

fn documents() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = root().join("tests/corpus");
    let mut docs = vec![(
        "00_beijing_comms_2022".to_string(),
        root().join("examples/beijing-2022.txt"),
        dir.join("00_beijing_comms_2022.expected.json"),
    )];
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for n in names {
        let stem = n.trim_end_matches(".txt").to_string();
        docs.push((
            stem.clone(),
            dir.join(&n),
            dir.join(format!("{stem}.expected.json")),
        ));
    }
    docs
}

/// The invented self-check corpus (`tests/corpus-selfcheck/`): other
/// agencies' tables in the seed's layout, written to exercise the verdict
/// rules (percentage points, sums of parts, 均, rates from counts, per-month
/// targets, signed and forecast figures, coverage, deadlines, borrowed
/// numbers, stated completion rates, claims).
fn selfcheck_documents() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = root().join("tests/corpus-selfcheck");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let stem = n.trim_end_matches(".txt").to_string();
            let expected = dir.join(format!("{stem}.expected.json"));
            (stem, dir.join(&n), expected)
        })
        .collect()
}

/// Rows of the self-check corpus kaohe does not read right yet, with why.
const SELFCHECK_LIMITS: &[(&str, &str, &str)] = &[(
    "07_qianbei_urban_2023",
    "task 2",
    "每半年开展一次: the quantity model has no half-year period, so the target reads as qualitative",
)];

#[test]
fn every_selfcheck_corpus_document_matches_its_gold() {
    let mut all = Vec::new();
    let (mut targets, mut wrong_met) = (0, 0);
    for (name, txt, expected) in selfcheck_documents() {
        let g = gold(&expected);
        let report = check(&std::fs::read_to_string(&txt).unwrap());
        let got = serde_json::to_value(&report).unwrap();
        for t in g["targets"].as_array().unwrap() {
            targets += 1;
            let task = &got["tasks"][t["task"].as_u64().unwrap() as usize - 1];
            let c = norm(t["contains"].as_str().unwrap());
            let hit = task["targets"].as_array().and_then(|ts| {
                ts.iter()
                    .find(|x| norm(x["text"].as_str().unwrap_or("")).contains(&c))
            });
            if t["verdict"] != "met" && hit.is_some_and(|x| x["verdict"] == "met") {
                wrong_met += 1;
            }
        }
        let mut fails = compare(&report, &g);
        for (_, task, why) in SELFCHECK_LIMITS.iter().filter(|l| l.0 == name) {
            fails.retain(|f| {
                let known =
                    f.starts_with(&format!("{task}:")) || f.starts_with(&format!("target {task} "));
                if known {
                    eprintln!("known limitation: {name} {f} ({why})");
                }
                !known
            });
        }
        eprintln!("{name}: {} differences", fails.len());
        all.extend(fails.into_iter().map(|f| format!("{name}: {f}")));
    }
    eprintln!("self-check corpus: {targets} targets, {wrong_met} wrong met");
    assert_eq!(
        wrong_met, 0,
        "a target the gold does not meet was called met"
    );
    assert!(
        all.is_empty(),
        "{} differences:\n{}",
        all.len(),
        all.join("\n")
    );
}

fn gold(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Checks every corpus document, read through `prepare`, against its gold;
/// differences in the rows listed in `limits` are reported, not failed.
fn check_every_document(label: &str, prepare: fn(&str) -> String, limits: &[(&str, &str, &str)]) {
    let mut all = Vec::new();
    for (name, txt, expected) in documents() {
        let text = prepare(&std::fs::read_to_string(&txt).unwrap());
        let mut fails = compare(&check(&text), &gold(&expected));
        for (_, task, why) in limits.iter().filter(|l| l.0 == name) {
            fails.retain(|f| {
                let known =
                    f.starts_with(&format!("{task}:")) || f.starts_with(&format!("target {task} "));
                if known {
                    eprintln!("known limitation: {name} {f} ({why})");
                }
                !known
            });
        }
        eprintln!("{name}{label}: {} differences", fails.len());
        all.extend(fails.into_iter().map(|f| format!("{name}: {f}")));
    }
    assert!(
        all.is_empty(),
        "{} differences:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn every_corpus_document_matches_its_gold() {
    check_every_document("", |t| t.to_string(), &[]);
}

#[test]
fn the_seed_reads_the_same_in_every_encoding_and_form() {
    let text = std::fs::read_to_string(root().join("examples/beijing-2022.txt")).unwrap();
    let g = gold(&root().join("tests/corpus/00_beijing_comms_2022.expected.json"));
    let fullwidth: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let mut utf16 = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("gbk", gbk.into_owned()),
        ("utf16", utf16),
        ("bom", bom),
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ("fullwidth", fullwidth.into_bytes()),
        (
            "form feeds",
            text.replace("\n\n\n\n", "\n\u{c}\n\n").into_bytes(),
        ),
    ];
    for (name, bytes) in variants {
        let (decoded, _) = kaohe_import::decode(&bytes).unwrap();
        let fails = compare(&check(&decoded), &g);
        assert!(fails.is_empty(), "{name}: {}", fails.join("\n"));
    }
}

/// The same text as extractors that drop empty lines give it.
fn without_blank_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Rows that cannot be told apart once the blank lines are gone, with why.
const NO_BLANK_LIMITS: &[(&str, &str, &str)] = &[(
    "06_jiangling_agri_2024",
    "task 14",
    "a one-line task that fills its column, then a shorter one-line status with no opener: \
     without the blank line nothing says where the task ends",
)];

#[test]
fn every_corpus_document_reads_without_blank_lines() {
    check_every_document(" without blank lines", without_blank_lines, NO_BLANK_LIMITS);
}

#[test]
fn seed_quantities_match_the_hand_made_list() {
    let text = std::fs::read_to_string(root().join("examples/beijing-2022.txt")).unwrap();
    let report = serde_json::to_value(check(&text)).unwrap();
    let tsv =
        std::fs::read_to_string(root().join("tests/corpus/00_beijing_comms_2022.quantities.tsv"))
            .unwrap();
    let mut want: HashMap<(u64, String, String), i64> = HashMap::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if matches!(f[5], "measure" | "percent") {
            let n = if f.get(6).is_some_and(|n| n.contains("occurs twice")) {
                2
            } else {
                1
            };
            let v: f64 = f[3].parse().unwrap();
            *want
                .entry((f[0].parse().unwrap(), f[1].to_string(), format!("{v}")))
                .or_default() += n;
        }
    }
    let mut have: HashMap<(u64, String, String), i64> = HashMap::new();
    for t in report["tasks"].as_array().unwrap() {
        for q in t["quantities"].as_array().unwrap() {
            if matches!(q["kind"].as_str(), Some("measure" | "percent"))
                && q["column"] != "problems"
            {
                let v = q["value"].as_f64().unwrap();
                *have
                    .entry((
                        t["index"].as_u64().unwrap(),
                        q["column"].as_str().unwrap().to_string(),
                        format!("{v}"),
                    ))
                    .or_default() += 1;
            }
        }
    }
    let mut diffs = Vec::new();
    for (k, n) in &want {
        if have.get(k) != Some(n) {
            diffs.push(format!(
                "want {k:?} x{n}, have x{}",
                have.get(k).unwrap_or(&0)
            ));
        }
    }
    for (k, n) in &have {
        if !want.contains_key(k) {
            diffs.push(format!("extra {k:?} x{n}"));
        }
    }
    diffs.sort();
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
