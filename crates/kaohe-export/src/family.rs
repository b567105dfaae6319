//! The layouts of the families beyond the self-check table: a 绩效自评表
//! (the funds block, then the indicators with their levels merged), a
//! progress table (完成率, 应完成进度, 亮灯) and a report's target / result
//! pairs. Each family becomes a [`Layout`] of plain grids, which every
//! writer draws the same way, so the family rules live here once.

use kaohe_core::check::Report;
use kaohe_core::family::{Family, FundsReport, IndicatorReport, PartYear, TargetQuality};
use kaohe_core::score::Grade;

use crate::Options;

/// A performance, progress or report document, ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyDoc {
    pub family: Family,
    /// The part of the year a progress document covers.
    pub period: Option<PartYear>,
    /// The budget block of a 绩效自评表.
    pub funds: Option<FundsReport>,
    pub indicators: Vec<IndicatorReport>,
    pub target_quality: Vec<TargetQuality>,
    pub totals: Totals,
}

/// The score totals of a 绩效自评表 (the funds block's included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    /// The agency's own scores.
    pub self_score: Option<f64>,
    /// The rule's.
    pub suggested_score: Option<f64>,
    pub self_grade: Option<Grade>,
    pub grade: Option<Grade>,
}

impl FamilyDoc {
    /// From a report of another family than the self-check table; `None`
    /// for a self-check report.
    pub fn of(report: &Report) -> Option<FamilyDoc> {
        (report.family != Family::SelfCheck).then(|| FamilyDoc {
            family: report.family,
            period: report.period,
            funds: report.funds.clone(),
            indicators: report.indicators.clone(),
            target_quality: report.target_quality.clone(),
            totals: Totals {
                self_score: report.summary.self_score_total,
                suggested_score: report.summary.suggested_score_total,
                self_grade: report.summary.self_grade,
                grade: report.summary.grade,
            },
        })
    }

    /// The sum of the 分值 (the funds block's included), where any is given.
    pub fn full_total(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .funds
            .iter()
            .filter_map(|f| f.full_score)
            .chain(self.indicators.iter().filter_map(|i| i.full_score))
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum())
    }
}

/// One cell: its lines.
pub type Cell = Vec<String>;

/// One table of a layout.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    /// A line above the table (资金情况, 指标完成情况).
    pub caption: Option<String>,
    pub header: Vec<String>,
    /// Column widths in proportions.
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// The leading columns merged down over rows with the same values
    /// (the levels 一级指标, 二级指标).
    pub merged: usize,
}

/// A document of another family as the writers draw it: a line under the
/// title, notes, the grids in order and lines after them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// The family's name and the period: `绩效自评表`, `进展情况表（1-8月）`.
    pub subtitle: String,
    /// Targets that cannot be verified (with the verification option).
    pub notes: Vec<String>,
    pub grids: Vec<Grid>,
    /// Totals and grades.
    pub footer: Vec<String>,
}

/// A score or amount: at most two decimals, no trailing zeros.
pub fn number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let text = format!("{r:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// A share as a percentage: `72.5%`.
pub fn percent(x: Option<f64>) -> String {
    x.map(|x| format!("{}%", number_1(x * 100.0)))
        .unwrap_or_default()
}

fn number_1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    let text = format!("{r:.1}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn one(text: impl Into<String>) -> Cell {
    let text = text.into();
    if text.is_empty() {
        Vec::new()
    } else {
        vec![text]
    }
}

/// The verification of one indicator: `【未达标】reason`, then its flags.
pub fn verdict_lines(i: &IndicatorReport) -> Cell {
    let mut lines = vec![format!("【{}】{}", i.verdict.chinese(), i.reason)];
    lines.extend(i.flags.iter().map(|f| format!("※{}", f.chinese())));
    lines
}

/// `优` for a grade, else nothing.
fn grade_text(g: Option<Grade>) -> String {
    g.map(|g| format!("（{}）", g.chinese()))
        .unwrap_or_default()
}

/// The lamp of a part-year row in words: 绿灯 / 黄灯 / 红灯.
pub fn light_text(i: &IndicatorReport) -> String {
    i.light.map(|l| l.chinese().to_string()).unwrap_or_default()
}

/// The layout of a family document.
pub fn layout(doc: &FamilyDoc, options: &Options) -> Layout {
    let mut out = Layout {
        subtitle: match doc.period {
            Some(p) => format!("{}（{}）", doc.family.chinese(), p.text()),
            None => doc.family.chinese().to_string(),
        },
        ..Layout::default()
    };
    if options.verification {
        out.notes = doc
            .target_quality
            .iter()
            .map(|q| {
                format!(
                    "目标无法核对：第 {} 项 {}：{}",
                    q.index, q.indicator, q.message
                )
            })
            .collect();
    }
    match doc.family {
        Family::Performance | Family::SelfCheck => performance(doc, options, &mut out),
        Family::Progress => progress(doc, options, &mut out),
        Family::Report => report(doc, options, &mut out),
    }
    out
}

fn performance(doc: &FamilyDoc, options: &Options, out: &mut Layout) {
    let v = options.verification;
    if let Some(f) = &doc.funds {
        let mut header: Vec<String> = [
            "项目",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "执行率",
            "分值",
            "得分",
        ]
        .map(String::from)
        .to_vec();
        let mut row = vec![
            one(format!("年度资金总额（{}）", f.unit)),
            one(opt(f.initial_budget)),
            one(opt(f.budget)),
            one(opt(f.executed)),
            one(f
                .rate
                .map(|r| format!("{}%", number(r)))
                .unwrap_or_default()),
            one(opt(f.full_score)),
            one(opt(f.self_score)),
        ];
        let mut widths = vec![3.0, 1.5, 1.5, 1.5, 1.2, 1.0, 1.0];
        if v {
            header.push("规则得分".into());
            let mut cell = one(opt(f.suggested_score));
            cell.extend(f.flags.iter().map(|g| format!("※{}", g.chinese())));
            row.push(cell);
            widths.push(1.6);
        }
        out.grids.push(Grid {
            caption: Some("资金情况".into()),
            header,
            widths,
            rows: vec![row],
            merged: 0,
        });
    }
    let mut header: Vec<String> = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]
    .map(String::from)
    .to_vec();
    let mut widths = vec![1.2, 1.4, 2.4, 1.6, 1.6, 0.7, 0.7, 2.0];
    if v {
        header.extend(["规则得分".to_string(), "核对结论".to_string()]);
        widths.extend([0.9, 3.0]);
    }
    let mut rows: Vec<Vec<Cell>> = doc
        .indicators
        .iter()
        .map(|i| {
            let level = |k: usize| i.group.get(k).cloned().unwrap_or_default();
            let mut row = vec![
                one(level(0)),
                one(level(1)),
                one(i.indicator.clone()),
                one(i.target_text.clone()),
                one(i.actual_text.clone()),
                one(opt(i.full_score)),
                one(opt(i.self_score)),
                one(i.note.clone()),
            ];
            if v {
                row.push(one(opt(i.suggested_score)));
                row.push(verdict_lines(i));
            }
            row
        })
        .collect();
    let mut total = vec![
        one("合计"),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        one(opt(doc.full_total())),
        one(opt(doc.totals.self_score)),
        Vec::new(),
    ];
    if v {
        total.push(one(opt(doc.totals.suggested_score)));
        total.push(Vec::new());
    }
    rows.push(total);
    out.grids.push(Grid {
        caption: Some("指标完成情况".into()),
        header,
        widths,
        rows,
        merged: 2,
    });
    if let Some(s) = doc.totals.self_score {
        out.footer.push(format!(
            "自评总分：{}{}",
            number(s),
            grade_text(doc.totals.self_grade)
        ));
    }
    if v {
        if let Some(s) = doc.totals.suggested_score {
            out.footer.push(format!(
                "规则总分：{}{}",
                number(s),
                grade_text(doc.totals.grade)
            ));
        }
    }
}

fn progress(doc: &FamilyDoc, options: &Options, out: &mut Layout) {
    let grouped = doc.indicators.iter().any(|i| !i.group.is_empty());
    let mut header: Vec<String> = Vec::new();
    let mut widths: Vec<f64> = Vec::new();
    if grouped {
        header.push("类别".into());
        widths.push(1.2);
    }
    header.extend(
        [
            "序号",
            "指标",
            "年度目标",
            "完成情况",
            "完成率",
            "应完成进度",
            "亮灯",
            "备注",
        ]
        .map(String::from),
    );
    widths.extend([0.6, 2.4, 1.6, 1.8, 0.9, 0.9, 0.7, 1.8]);
    if options.verification {
        header.push("核对结论".into());
        widths.push(2.8);
    }
    let rows = doc
        .indicators
        .iter()
        .map(|i| {
            let mut row = Vec::new();
            if grouped {
                row.push(one(i.group.join(" / ")));
            }
            row.extend([
                one(i.index.to_string()),
                one(i.indicator.clone()),
                one(i.target_text.clone()),
                one(i.actual_text.clone()),
                one(percent(i.ratio)),
                one(percent(i.expected_ratio)),
                one(light_text(i)),
                one(i.note.clone()),
            ]);
            if options.verification {
                row.push(verdict_lines(i));
            }
            row
        })
        .collect();
    out.grids.push(Grid {
        caption: None,
        header,
        widths,
        rows,
        merged: usize::from(grouped),
    });
    let lights =
        |l: kaohe_core::family::Light| doc.indicators.iter().filter(|i| i.light == Some(l)).count();
    if doc.indicators.iter().any(|i| i.light.is_some()) {
        use kaohe_core::family::Light;
        out.footer.push(format!(
            "绿灯 {} 项，黄灯 {} 项，红灯 {} 项",
            lights(Light::Green),
            lights(Light::Yellow),
            lights(Light::Red)
        ));
    }
}

fn report(doc: &FamilyDoc, options: &Options, out: &mut Layout) {
    let mut header = vec!["目标".to_string(), "完成情况".to_string()];
    let mut widths = vec![4.0, 4.0];
    if options.verification {
        header.push("核对结论".into());
        widths.push(3.0);
    }
    let rows = doc
        .indicators
        .iter()
        .map(|i| {
            let mut row = vec![one(i.target_text.clone()), one(i.actual_text.clone())];
            if options.verification {
                let mut cell = verdict_lines(i);
                if let Some(line) = i.line {
                    cell.push(format!("原文第 {line} 行"));
                }
                row.push(cell);
            }
            row
        })
        .collect();
    out.grids.push(Grid {
        caption: None,
        header,
        widths,
        rows,
        merged: 0,
    });
}

/// For column `c` of a grid: the runs of rows that merge into one cell, as
/// (first row, count). A row joins the run above when its first `c + 1`
/// cells equal that row's (a 二级指标 merges only under one 一级指标).
pub fn runs(grid: &Grid, c: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, row) in grid.rows.iter().enumerate() {
        let joins = c < grid.merged
            && i > 0
            && !row[c].is_empty()
            && grid.rows[i - 1].get(..=c) == row.get(..=c);
        match out.last_mut() {
            Some((_, n)) if joins => *n += 1,
            _ => out.push((i, 1)),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod sample {
    use super::*;

    /// The sample performance document of `tests/families`.
    pub fn performance() -> FamilyDoc {
        let report: Report =
            serde_json::from_str(include_str!("../../../tests/families/performance.json")).unwrap();
        FamilyDoc::of(&report).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_merge_under_their_parent() {
        let doc = sample::performance();
        let l = layout(&doc, &Options { verification: true });
        assert_eq!(l.grids.len(), 2, "the funds block first");
        let grid = &l.grids[1];
        // 产出指标 over five rows, then 效益指标 over two, 满意度指标, 合计.
        assert_eq!(runs(grid, 0), vec![(0, 5), (5, 2), (7, 1), (8, 1)]);
        // 数量指标 over two rows; the others alone.
        assert_eq!(runs(grid, 1)[0], (0, 2));
        assert_eq!(runs(grid, 2).len(), grid.rows.len(), "三级指标 never merge");
        let total = grid.rows.last().unwrap();
        assert_eq!(total[0], vec!["合计".to_string()]);
        assert_eq!(total[5], vec!["100".to_string()]);
        assert_eq!(total[8], vec!["98.22".to_string()]);
        assert!(l.footer.iter().any(|f| f == "规则总分：98.22（优）"));
        assert!(grid.rows[1][9].iter().any(|s| s.contains("自评得分高于")));
        assert_eq!(l.notes.len(), 1);
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(number(98.22), "98.22");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(9.5), "9.5");
        assert_eq!(percent(Some(0.725)), "72.5%");
        assert_eq!(percent(Some(0.6667)), "66.7%");
    }
}
