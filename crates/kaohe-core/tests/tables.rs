//! The data-driven tables in `tests/data/`: extractor cases
//! (`quantities.tsv`) and target/actual pairs (`verify.tsv`). See
//! `tests/data/README.md` for the formats.

use kaohe_core::quantity::{extract, Approx, Change, Kind, Period, Quantity};
use kaohe_core::score::verify_pair;
use kaohe_numerals::Decimal;

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Measure => "measure",
        Kind::Percent => "percent",
        Kind::Date => "date",
        Kind::Code => "code",
        Kind::Name => "name",
        Kind::Schedule => "schedule",
        Kind::Spec => "spec",
        Kind::RateBase => "rate_base",
        Kind::Vague => "vague",
        Kind::Ordinal => "ordinal",
    }
}

fn approx_name(a: Option<Approx>) -> &'static str {
    match a {
        Some(Approx::More) => "more",
        Some(Approx::Nearly) => "nearly",
        Some(Approx::About) => "about",
        None => "",
    }
}

fn period_name(p: Option<Period>) -> &'static str {
    match p {
        Some(Period::Day) => "day",
        Some(Period::Week) => "week",
        Some(Period::Month) => "month",
        Some(Period::Quarter) => "quarter",
        Some(Period::Year) => "year",
        None => "",
    }
}

fn change_name(c: Option<Change>) -> &'static str {
    match c {
        Some(Change::Increase) => "increase",
        Some(Change::Decrease) => "decrease",
        None => "",
    }
}

fn describe(text: &str, q: &Quantity) -> String {
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}",
        q.span(text),
        q.value,
        q.unit,
        kind_name(q.kind),
        q.comparator.map_or("", |c| c.symbol()),
        approx_name(q.approx),
        period_name(q.period),
        change_name(q.change)
    )
}

/// The differences between what the extractor reports and one row's list.
fn check_row(text: &str, expected: &str) -> Vec<String> {
    let got = extract(text);
    let mut errs = Vec::new();
    let entries: Vec<Vec<&str>> = if expected.trim() == "-" {
        Vec::new()
    } else {
        expected
            .split(" ; ")
            .map(|e| e.split('|').collect())
            .collect()
    };
    let mut used = vec![false; got.len()];
    for e in &entries {
        let field = |i: usize| e.get(i).copied().unwrap_or("");
        let (span, value, unit, kind) = (field(0), field(1), field(2), field(3));
        let measured = matches!(kind, "measure" | "percent");
        let found = got
            .iter()
            .enumerate()
            .find(|(i, q)| !used[*i] && q.span(text) == span && kind_name(q.kind) == kind);
        let Some((i, q)) = found else {
            let near: Vec<String> = got.iter().map(|q| describe(text, q)).collect();
            errs.push(format!(
                "missing {} (got: {})",
                e.join("|"),
                near.join(" ; ")
            ));
            continue;
        };
        used[i] = true;
        if !measured {
            continue;
        }
        let want_value: Decimal = value.parse().unwrap_or(Decimal::ZERO);
        let mut bad = Vec::new();
        if q.value != want_value {
            bad.push(format!("value {} != {value}", q.value));
        }
        if q.unit != unit {
            bad.push(format!("unit {:?} != {unit:?}", q.unit));
        }
        if q.comparator.map_or("", |c| c.symbol()) != field(4) {
            bad.push(format!(
                "comparator {:?} != {:?}",
                q.comparator.map_or("", |c| c.symbol()),
                field(4)
            ));
        }
        if approx_name(q.approx) != field(5) {
            bad.push(format!(
                "approx {:?} != {:?}",
                approx_name(q.approx),
                field(5)
            ));
        }
        if period_name(q.period) != field(6) {
            bad.push(format!(
                "period {:?} != {:?}",
                period_name(q.period),
                field(6)
            ));
        }
        if change_name(q.change) != field(7) {
            bad.push(format!(
                "change {:?} != {:?}",
                change_name(q.change),
                field(7)
            ));
        }
        if !bad.is_empty() {
            errs.push(format!("{span}: {}", bad.join(", ")));
        }
    }
    for (i, q) in got.iter().enumerate() {
        if !used[i] && q.is_measured() {
            errs.push(format!("extra {}", describe(text, q)));
        }
    }
    errs
}

#[test]
fn quantities_table() {
    let data = include_str!("data/quantities.tsv");
    let mut failures = Vec::new();
    let mut rows = 0;
    for (n, line) in data.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        let errs = check_row(cols[0], cols.get(1).copied().unwrap_or("-"));
        if !errs.is_empty() {
            failures.push(format!(
                "line {}: {}\n    {}",
                n + 1,
                cols[0],
                errs.join("\n    ")
            ));
        }
    }
    assert!(rows > 150, "the table should hold well over 150 cases");
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn verify_table() {
    let data = include_str!("data/verify.tsv");
    let mut failures = Vec::new();
    let mut rows = 0;
    for (n, line) in data.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let c: Vec<&str> = line.split('\t').collect();
        let full: Option<f64> = c.get(2).and_then(|s| s.trim().parse().ok());
        let r = verify_pair(c[0], c.get(1).copied().unwrap_or(""), full);
        let verdict = serde_json::to_value(r.verdict).unwrap();
        let mut errs = Vec::new();
        if verdict != c[3] {
            errs.push(format!("verdict {verdict} != {}", c[3]));
        }
        if let Some(want) = c.get(4).and_then(|s| s.trim().parse::<f64>().ok()) {
            match r.score {
                Some(got) if (got - want).abs() <= 0.011 => {}
                got => errs.push(format!("score {got:?} != {want}")),
            }
        }
        if !errs.is_empty() {
            failures.push(format!(
                "line {}: {} / {}: {} ({})",
                n + 1,
                c[0],
                c[1],
                errs.join(", "),
                r.reason
            ));
        }
    }
    assert!(rows >= 70);
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
