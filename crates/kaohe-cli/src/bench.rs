//! `kaohe bench`: how fast the check and the extractor run, and how much
//! memory they take. A command rather than timed tests, so that figures are
//! measured on purpose and reported with the command that made them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use kaohe_core::{check, quantity};

/// The example table shipped with kaohe, used when no file is given.
const EXAMPLE: &str = include_str!("../../../examples/beijing-2022.txt");

pub fn run(files: &[PathBuf], corpus_mb: usize, iterations: usize) -> Result<ExitCode> {
    let mut texts = Vec::new();
    if files.is_empty() {
        texts.push(("examples/beijing-2022.txt".to_string(), EXAMPLE.to_string()));
    }
    for f in files {
        texts.push((f.display().to_string(), crate::cli::read_text(f)?));
    }
    let iterations = iterations.max(1);
    // Written with `?`, not println!, so that a closed pipe ends quietly.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (name, text) in &texts {
        // Warm up, then time.
        let tasks = check::check(text).tasks.len();
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(check::check(std::hint::black_box(text)));
        }
        let per = start.elapsed().as_secs_f64() / iterations as f64;
        // The stages on their own: reading the layout, extracting every cell.
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(kaohe_core::layout::read(std::hint::black_box(text)));
        }
        let read = start.elapsed().as_secs_f64() / iterations as f64;
        let (table, _) = kaohe_core::layout::read(text);
        let start = Instant::now();
        for _ in 0..iterations {
            for row in &table.tasks {
                for cell in [&row.content, &row.status, &row.problems] {
                    std::hint::black_box(quantity::extract(std::hint::black_box(&cell.text)));
                }
            }
        }
        let extract = start.elapsed().as_secs_f64() / iterations as f64;
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(check::check_table(std::hint::black_box(&table), Vec::new()));
        }
        let verify = start.elapsed().as_secs_f64() / iterations as f64;
        writeln!(
            out,
            "check {name}: {tasks} 项任务，{} 字节，平均每次 {:.3} ms（{iterations} 次；其中读取版面 {:.3} ms；提取数字 {:.3} ms、核对目标及其余 {:.3} ms）",
            text.len(),
            per * 1e3,
            read * 1e3,
            extract * 1e3,
            (verify - extract) * 1e3
        )?;
    }
    // The extractor over a large corpus made of the texts repeated.
    let mut corpus = String::new();
    let target = corpus_mb.max(1) * 1024 * 1024;
    while corpus.len() < target {
        for (_, t) in &texts {
            corpus.push_str(t);
        }
    }
    let chars = corpus.chars().count();
    let start = Instant::now();
    let found = quantity::extract(&corpus).len();
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "quantities: {:.1} MB（{} 字），{} 个数字，{:.3} s，{:.1} MB/s，{:.1} 百万字/s（单线程）",
        corpus.len() as f64 / 1048576.0,
        chars,
        found,
        secs,
        corpus.len() as f64 / 1048576.0 / secs,
        chars as f64 / 1e6 / secs
    )?;
    exports(&mut out, EXAMPLE)?;
    if let Some(peak) = peak_memory_kib() {
        writeln!(out, "峰值内存（VmHWM）：{:.1} MB", peak as f64 / 1024.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Each exporter on the example table and on a 500-task table made of its
/// rows under 25 dimensions.
fn exports(out: &mut impl Write, example: &str) -> Result<()> {
    use kaohe_export::{docx, html, markdown, xlsx, Document, Options};
    let seed = Document::from_report(&check::check(example));
    let mut big = Document {
        title: seed.title.clone(),
        rows: Vec::with_capacity(500),
    };
    for i in 0..500 {
        let mut row = seed.rows[i % seed.rows.len()].clone();
        row.dimension = format!("考评维度{}", i / 20 + 1);
        big.rows.push(row);
    }
    let o = Options { verification: true };
    type Writer = fn(&Document, &Options) -> usize;
    let writers: [(&str, Writer); 4] = [
        ("docx", |d, o| docx(d, o).len()),
        ("xlsx", |d, o| xlsx(d, o).len()),
        ("html", |d, o| html(d, o).len()),
        ("md", |d, o| markdown(d, o).len()),
    ];
    for (label, doc, runs) in [
        ("示例表（16 项）", &seed, 200usize),
        ("500 项任务", &big, 20),
    ] {
        for (name, write) in writers {
            let size = write(doc, &o);
            let mut times = Vec::with_capacity(runs);
            for _ in 0..runs {
                let start = Instant::now();
                std::hint::black_box(write(std::hint::black_box(doc), &o));
                times.push(start.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            writeln!(
                out,
                "export {name} {label}: 中位数 {:.2} ms，最慢 {:.2} ms（{runs} 次），{:.0} KB",
                times[runs / 2] * 1e3,
                times[runs - 1] * 1e3,
                size as f64 / 1024.0
            )?;
        }
    }
    // PDF needs a CJK font; its time includes subsetting the font.
    if let Some(font) = kaohe_export::pdf::FONT_CANDIDATES
        .iter()
        .find_map(|p| std::fs::read(p).ok())
    {
        for (label, doc, runs) in [("示例表（16 项）", &seed, 20usize), ("500 项任务", &big, 5)]
        {
            let mut times = Vec::with_capacity(runs);
            let mut size = 0;
            for _ in 0..runs {
                let start = Instant::now();
                size = kaohe_export::pdf::pdf(doc, &o, &font)
                    .map(|b| b.len())
                    .unwrap_or(0);
                times.push(start.elapsed().as_secs_f64());
            }
            times.sort_by(f64::total_cmp);
            writeln!(
                out,
                "export pdf {label}: 中位数 {:.2} ms，最慢 {:.2} ms（{runs} 次），{:.0} KB",
                times[runs / 2] * 1e3,
                times[runs - 1] * 1e3,
                size as f64 / 1024.0
            )?;
        }
    } else {
        writeln!(out, "export pdf: 没有中文字体，跳过")?;
    }
    Ok(())
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
