//! `kaohe bench`: how fast the check and the extractor run, and how much
//! memory they take. A command rather than timed tests, so that figures are
//! measured on purpose and reported with the command that made them.
//!
//! `kaohe bench --hostile` reads each of [`kaohe_import::hostile::cases`]
//! in a child process of its own (the peak memory of a process only grows,
//! so one process per file gives each its own figure) and reports what the
//! read gave, its time and its peak memory against the 2 s and 300 MB every
//! reader must keep.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

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
        texts.push((f.display().to_string(), crate::input::read_text(f)?));
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
    let found = kaohe_core::quantity::extract_all(&corpus).len();
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
    families(&mut out, iterations)?;
    exports(&mut out, EXAMPLE)?;
    if let Some(peak) = peak_memory_kib() {
        writeln!(out, "峰值内存（VmHWM）：{:.1} MB", peak as f64 / 1024.0)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A 绩效自评表 of `rows` indicator rows, tab-separated as copied from Word.
fn performance_doc(rows: usize, seed: usize) -> String {
    let mut s = format!(
        "第{seed}县民政局2024年度项目支出绩效自评表\n项目名称\t社区养老服务站建设\n主管部门\t第{seed}县民政局\t实施单位\t第{seed}县民政局\n\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\t年度资金总额\t120\t120\t114.6\t10\t95.5%\t10\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
    );
    let levels = [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ];
    for i in 0..rows {
        let (l1, l2) = levels[i * levels.len() / rows.max(1)];
        let target = 100 + (i * 37 + seed) % 900;
        let actual = target * (90 + (i * 7 + seed) % 20) / 100;
        let _ = writeln!(
            s,
            "{l1}\t{l2}\t新建服务站点{i}\t≥{target}个\t{actual}个\t{}\t{}\t{}",
            90 / rows.max(1),
            90 / rows.max(1),
            if actual < target {
                "部分站点选址调整"
            } else {
                ""
            }
        );
    }
    s
}

/// A progress table of `rows` rows between `|`, for part of a year.
fn progress_doc(rows: usize, seed: usize) -> String {
    let mut s = format!(
        "第{seed}区2024年1-9月民生实事项目进展情况表\n来源：区政府办 点击率：{seed}\n序号 | 项目 | 单位 | 年度目标任务 | 1-9月已完成数 | 完成率 | 责任单位 |\n"
    );
    for i in 0..rows {
        let target = 50 + (i * 53 + seed) % 2000;
        let actual = target * (40 + (i * 11 + seed) % 80) / 100;
        let _ = writeln!(
            s,
            "{} | 新增养老床位{i} | 张 | {target} | {actual} | {:.1}% | 区民政局 |",
            i + 1,
            actual as f64 / target as f64 * 100.0
        );
    }
    s
}

/// A prose report of `pairs` target/result sentences.
fn report_doc(pairs: usize, seed: usize) -> String {
    let mut s = format!("第{seed}县2024年度重点工作完成情况的报告\n");
    for i in 0..pairs {
        let target = 100 + (i * 29 + seed) % 5000;
        let actual = target * (80 + (i * 13 + seed) % 40) / 100;
        let _ = writeln!(
            s,
            "开发公益性岗位{target}个，完成{actual}个，完成率{:.1}%。全年计划培训{i}期，实际完成{i}期。",
            actual as f64 / target as f64 * 100.0
        );
    }
    s
}

/// Each family on its own, and a thousand documents of mixed families
/// through what `kaohe check` runs on a file (decoding, reading, checking).
fn families(out: &mut impl Write, iterations: usize) -> Result<()> {
    for (name, text) in [
        ("绩效自评表 30 行", performance_doc(30, 1)),
        ("进展情况表 30 行", progress_doc(30, 1)),
        ("文字报告 30 句", report_doc(30, 1)),
    ] {
        let indicators = check::check_text(&text).indicators.len();
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(check::check_text(std::hint::black_box(&text)));
        }
        let per = start.elapsed().as_secs_f64() / iterations as f64;
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(kaohe_core::family::check(std::hint::black_box(&text)));
        }
        let family = start.elapsed().as_secs_f64() / iterations as f64;
        writeln!(
            out,
            "family {name}: {indicators} 项指标，平均每次 {:.3} ms（{iterations} 次；其中按类别读取与核对 {:.3} ms）",
            per * 1e3,
            family * 1e3
        )?;
    }
    let docs: Vec<Vec<u8>> = (0..1000)
        .map(|i| {
            match i % 4 {
                0 => performance_doc(10 + i % 25, i),
                1 => progress_doc(8 + i % 20, i),
                2 => report_doc(3 + i % 10, i),
                _ => EXAMPLE.to_string(),
            }
            .into_bytes()
        })
        .collect();
    let start = Instant::now();
    let mut indicators = 0;
    for bytes in &docs {
        let imported = kaohe_import::read_document(bytes)?;
        let report = check::check_imported(&imported.table, imported.warnings, &imported.source);
        indicators += report.indicators.len() + report.tasks.len();
    }
    let secs = start.elapsed().as_secs_f64();
    writeln!(
        out,
        "families: 1000 份文件（绩效自评表、进展情况表、文字报告、自查表各 250 份），{indicators} 项指标或任务，共 {secs:.3} s（单线程）"
    )?;
    Ok(())
}

/// Each exporter on the example table and on a 500-task table made of its
/// rows under 25 dimensions.
fn exports(out: &mut impl Write, example: &str) -> Result<()> {
    use kaohe_export::{docx, html, markdown, xlsx, Document, Options};
    let seed = Document::from_report(&check::check(example));
    let mut big = Document {
        title: seed.title.clone(),
        rows: Vec::with_capacity(500),
        family: None,
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

/// What a hostile file may cost at most: time and peak memory.
const HOSTILE_TIME: Duration = Duration::from_secs(2);
const HOSTILE_PEAK_KIB: u64 = 300 * 1024;
/// A child still running after this long is stopped and reported.
const HOSTILE_CHILD_DEADLINE: Duration = Duration::from_secs(20);

/// `kaohe bench --hostile`: one child process per case, then a table.
pub fn hostile() -> Result<ExitCode> {
    let exe = std::env::current_exe()?;
    let dir = std::env::temp_dir().join(format!("kaohe-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "| 文件 | 攻击 | 大小 | 读取结果 | 耗时 ms | 峰值内存 MB | 判定 |"
    )?;
    writeln!(out, "|---|---|---:|---|---:|---:|---|")?;
    let mut all_within = true;
    for case in kaohe_import::hostile::cases() {
        let path = dir.join(case.file_name);
        std::fs::write(&path, &case.bytes)?;
        let (outcome, millis, peak_kib) = run_case_child(&exe, &path)?;
        let _ = std::fs::remove_file(&path);
        let within = millis <= HOSTILE_TIME.as_millis() as u64 && peak_kib <= HOSTILE_PEAK_KIB;
        all_within &= within;
        // One table row: a pipe inside a cell is escaped, lines joined.
        let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        writeln!(
            out,
            "| {} | {} | {:.0} KB | {} | {} | {:.1} | {} |",
            case.name,
            cell(case.what),
            case.bytes.len() as f64 / 1024.0,
            cell(&outcome),
            millis,
            peak_kib as f64 / 1024.0,
            if within {
                "✓"
            } else {
                "✗ 超出 2 s / 300 MB"
            }
        )?;
    }
    let _ = std::fs::remove_dir(&dir);
    Ok(if all_within {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs `kaohe bench --hostile-case FILE` and parses its one line:
/// the outcome, milliseconds and peak KiB, separated by tabs.
fn run_case_child(exe: &Path, file: &Path) -> Result<(String, u64, u64)> {
    let mut child = Command::new(exe)
        .args(["bench", "--hostile-case"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let started = Instant::now();
    while child.try_wait()?.is_none() {
        if started.elapsed() > HOSTILE_CHILD_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Ok((
                format!("{} s 后仍未结束，已停止", HOSTILE_CHILD_DEADLINE.as_secs()),
                started.elapsed().as_millis() as u64,
                0,
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output()?;
    let line = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = line.trim_end().split('\t').collect();
    match fields.as_slice() {
        [outcome, millis, peak] => Ok((
            outcome.to_string(),
            millis.parse().unwrap_or(0),
            peak.parse().unwrap_or(0),
        )),
        _ => Ok((
            format!(
                "子进程异常结束（{}）：{}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            started.elapsed().as_millis() as u64,
            0,
        )),
    }
}

/// The child: reads one file as `kaohe check` would and prints the outcome,
/// the time in ms and the peak memory in KiB, separated by tabs.
pub fn hostile_case(file: &Path) -> Result<ExitCode> {
    let bytes = crate::input::read_file(file)?;
    let start = Instant::now();
    let outcome = match kaohe_import::read_document(&bytes) {
        Ok(imported) => {
            let report = check::check_table(&imported.table, imported.warnings);
            format!("读出 {} 项任务", report.tasks.len())
        }
        Err(kaohe_import::ImportError::TooLarge(limit)) => format!("拒绝：{limit}"),
        Err(e) => format!("拒绝：{e}"),
    };
    let millis = start.elapsed().as_millis();
    let peak = peak_memory_kib().unwrap_or(0);
    writeln!(std::io::stdout(), "{outcome}\t{millis}\t{peak}")?;
    Ok(ExitCode::SUCCESS)
}
