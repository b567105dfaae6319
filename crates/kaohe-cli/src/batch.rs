//! `kaohe check DIR` (or several files): an assessment office receives one
//! file per agency. One line per file with its family, counts and verdict
//! totals; a file that fails is reported on its line and the run goes on.
//! `--summary out.xlsx` (or `.csv`) writes the same as a sheet.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use kaohe_core::check::Report;
use kaohe_core::family::Family;
use kaohe_export::SheetValue;
use serde::Serialize;

use crate::cli::read_table;

/// Most files one run reads from the folders given.
const MAX_FILES: usize = 100_000;

/// The files to check: each file given, and the files of each folder given
/// (sorted by name, hidden files left out; not descending into subfolders).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("无法读取文件夹 {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .filter(|f| {
                    !f.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
        if out.len() > MAX_FILES {
            bail!("文件超过 {MAX_FILES} 个，请分批核对");
        }
    }
    Ok(out)
}

/// One file's line of the summary.
#[derive(Serialize)]
pub struct Line {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    family: Option<Family>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    /// Tasks (self-check) or indicators (other families).
    rows: usize,
    targets: usize,
    met: usize,
    not_met: usize,
    unverified: usize,
    qualitative: usize,
    /// Rows with a note for the reviewer (self-score above the rule, a
    /// claim of completion with a missed target …).
    flagged: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    self_score_total: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested_score_total: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grade: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Line {
    fn of(file: &Path, report: &Report) -> Line {
        let s = &report.summary;
        let flagged = match report.family {
            Family::SelfCheck => report.tasks.iter().filter(|t| !t.flags.is_empty()).count(),
            _ => report
                .indicators
                .iter()
                .filter(|i| !i.flags.is_empty())
                .count(),
        };
        Line {
            file: file.display().to_string(),
            family: Some(report.family),
            organization: report.organization.clone(),
            year: report.year,
            period: report.period.map(|p| p.text()),
            rows: match report.family {
                Family::SelfCheck => s.tasks,
                _ => s.indicators,
            },
            targets: s.targets,
            met: s.met,
            not_met: s.not_met,
            unverified: s.unverified,
            qualitative: s.qualitative,
            flagged,
            self_score_total: s.self_score_total,
            suggested_score_total: s.suggested_score_total,
            grade: s.grade.map(|g| g.chinese()),
            error: None,
        }
    }

    fn failed(file: &Path, error: String) -> Line {
        Line {
            file: file.display().to_string(),
            family: None,
            organization: None,
            year: None,
            period: None,
            rows: 0,
            targets: 0,
            met: 0,
            not_met: 0,
            unverified: 0,
            qualitative: 0,
            flagged: 0,
            self_score_total: None,
            suggested_score_total: None,
            grade: None,
            error: Some(error),
        }
    }

    fn text(&self) -> String {
        if let Some(e) = &self.error {
            return format!("{}\t未能读取：{e}", self.file);
        }
        let family = self.family.map_or("", |f| f.chinese());
        let unit = if self.family == Some(Family::SelfCheck) {
            "项任务"
        } else {
            "项指标"
        };
        let mut s = format!(
            "{}\t{family}\t{} {unit}\t达标 {}，未达标 {}，待核实 {}，定性 {}",
            self.file, self.rows, self.met, self.not_met, self.unverified, self.qualitative
        );
        if self.flagged > 0 {
            let _ = write!(s, "，需留意 {} 项", self.flagged);
        }
        if let Some(own) = self.self_score_total {
            let _ = write!(s, "\t自评 {own}");
            if let Some(rule) = self.suggested_score_total {
                let _ = write!(s, "，按规则 {rule}（{}）", self.grade.unwrap_or("—"));
            }
        }
        s
    }
}

/// The columns of the summary sheet.
const HEADER: [&str; 16] = [
    "文件",
    "类别",
    "单位",
    "年度",
    "期间",
    "任务或指标数",
    "量化目标数",
    "达标",
    "未达标",
    "待核实",
    "定性",
    "需留意",
    "自评总分",
    "按规则总分",
    "等次",
    "读取问题",
];

fn values(l: &Line) -> Vec<SheetValue> {
    let text = |s: Option<&str>| s.map_or(SheetValue::Empty, |s| SheetValue::Text(s.to_string()));
    let num = |x: Option<f64>| x.map_or(SheetValue::Empty, SheetValue::Number);
    let count = |n: usize| {
        if l.error.is_some() {
            SheetValue::Empty
        } else {
            SheetValue::Number(n as f64)
        }
    };
    vec![
        SheetValue::Text(l.file.clone()),
        text(l.family.map(|f| f.chinese())),
        text(l.organization.as_deref()),
        num(l.year.map(f64::from)),
        text(l.period.as_deref()),
        count(l.rows),
        count(l.targets),
        count(l.met),
        count(l.not_met),
        count(l.unverified),
        count(l.qualitative),
        count(l.flagged),
        num(l.self_score_total),
        num(l.suggested_score_total),
        text(l.grade),
        text(l.error.as_deref()),
    ]
}

fn csv_field(v: &SheetValue) -> String {
    match v {
        SheetValue::Text(t) => {
            // A leading = + - @ would run as a formula in a spreadsheet.
            let t = if t.starts_with(['=', '+', '-', '@']) {
                format!("'{t}")
            } else {
                t.clone()
            };
            if t.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", t.replace('"', "\"\""))
            } else {
                t
            }
        }
        SheetValue::Number(x) => format!("{x}"),
        SheetValue::Empty => String::new(),
    }
}

enum SummaryKind {
    Xlsx,
    Csv,
}

fn summary_kind(path: &Path) -> Result<SummaryKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" => Ok(SummaryKind::Xlsx),
        "csv" => Ok(SummaryKind::Csv),
        _ => bail!("汇总表只能写成 .xlsx 或 .csv：{}", path.display()),
    }
}

/// The summary as CSV (UTF-8 with a byte-order mark, so Excel reads the
/// Chinese right) or XLSX, by the file's extension.
fn write_summary(path: &Path, lines: &[Line]) -> Result<()> {
    let bytes = match summary_kind(path)? {
        SummaryKind::Xlsx => {
            let rows: Vec<Vec<SheetValue>> = lines.iter().map(values).collect();
            kaohe_export::table_xlsx("核对汇总", &HEADER, &rows)
        }
        SummaryKind::Csv => {
            let mut s = String::from("\u{feff}");
            s.push_str(&HEADER.join(","));
            s.push_str("\r\n");
            for l in lines {
                let fields: Vec<String> = values(l).iter().map(csv_field).collect();
                s.push_str(&fields.join(","));
                s.push_str("\r\n");
            }
            s.into_bytes()
        }
    };
    std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))
}

/// Checks every file; prints one line (or one JSON object) per file.
pub fn run(paths: &[PathBuf], json: bool, summary: Option<&Path>) -> Result<ExitCode> {
    if let Some(path) = summary {
        summary_kind(path)?;
    }
    let files = expand(paths)?;
    if files.is_empty() {
        bail!("没有找到要核对的文件");
    }
    let mut lines = Vec::with_capacity(files.len());
    let mut out = std::io::stdout().lock();
    for f in &files {
        let line = match read_table(f) {
            Ok(report) => match report.refusal() {
                None => Line::of(f, &report),
                Some(why) => Line::failed(f, why.to_string()),
            },
            Err(e) => Line::failed(f, format!("{e:#}")),
        };
        let printed = if json {
            serde_json::to_string(&line)?
        } else {
            line.text()
        };
        use std::io::Write as _;
        writeln!(out, "{printed}")?;
        lines.push(line);
    }
    let failed = lines.iter().filter(|l| l.error.is_some()).count();
    if !json {
        use std::io::Write as _;
        writeln!(
            out,
            "共 {} 个文件，读取成功 {}，未能读取 {}。",
            lines.len(),
            lines.len() - failed,
            failed
        )?;
    }
    if let Some(path) = summary {
        write_summary(path, &lines)?;
    }
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields() {
        for (v, want) in [
            (SheetValue::Text("a,b".into()), "\"a,b\""),
            (SheetValue::Text("说\"明".into()), "\"说\"\"明\""),
            (SheetValue::Text("=1+1".into()), "'=1+1"),
            (SheetValue::Number(97.5), "97.5"),
            (SheetValue::Empty, ""),
        ] {
            assert_eq!(csv_field(&v), want);
        }
    }
}
