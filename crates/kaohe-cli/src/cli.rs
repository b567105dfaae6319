//! Command-line parsing and the commands.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use kaohe_core::check;
use kaohe_core::quantity;

use crate::input::{read_file, read_text};
use crate::render;
use crate::server_cmd::{self, StoreArgs};

/// kaohe（考核）：读取自查表，提取数字，逐项核对年度任务目标。
#[derive(Parser)]
#[command(name = "kaohe", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取自查表、绩效自评表、进展情况表或文字报告，逐项核对目标；给出文件夹或多个文件时逐个核对并汇总
    Check {
        /// 文件（文本、Word、Excel、PDF、网页等），或一个文件夹
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 把每个文件的结果写成汇总表（.xlsx 或 .csv）
        #[arg(long, value_name = "PATH")]
        summary: Option<PathBuf>,
    },
    /// 逐行核对“目标值/实际值”（JSON Lines 输入，每行输出一条 JSON 结果）
    Verify {
        /// 输入文件（省略或为 - 时读标准输入）
        file: Option<PathBuf>,
    },
    /// 列出文字中的每一个数字及其类别
    Quantities {
        /// 输入文件（省略或为 - 时读标准输入）
        file: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = QFormat::Text)]
        format: QFormat,
    },
    /// 显示读取版面的过程（列宽、每段文字归入哪一栏），用于排查读错的表
    Explain {
        /// 自查表文件
        file: PathBuf,
    },
    /// 把自查表导出为 Word、Excel、网页、Markdown 或 JSON（版式同参考文件）
    Export {
        /// 自查表文件（文本、Word、Excel 或 Markdown）
        file: PathBuf,
        /// 导出格式
        #[arg(long, value_enum)]
        to: ExportFormat,
        /// 输出文件（- 为标准输出；省略时 Word/Excel 写到当前目录的同名文件，其余写到标准输出）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 附上 kaohe 的核对结论（第五栏；Excel 总有“核对结果”工作表）
        #[arg(long)]
        verification: bool,
        /// PDF 用的中文字体文件（.ttf/.otf/.ttc；省略时在系统中查找）
        #[arg(long, value_name = "PATH")]
        font: Option<PathBuf>,
    },
    /// 启动网页和接口服务（默认 SQLite，数据在 kaohe-data 目录）
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        /// 监听地址，如 127.0.0.1:8080
        #[arg(long)]
        addr: Option<std::net::SocketAddr>,
        /// 建立演示单位、考核周期、各角色用户和示例自查表，并打印演示账号
        #[arg(long)]
        demo: bool,
    },
    /// 用户管理
    #[command(subcommand)]
    User(UserCommand),
    /// 数据库备份与恢复
    #[command(subcommand)]
    Db(DbCommand),
    /// 配置
    #[command(subcommand)]
    Config(ConfigCommand),
    /// 测量核对和数字提取的速度与内存
    Bench {
        /// 用来测量的自查表（省略时用内置示例）
        files: Vec<PathBuf>,
        /// 数字提取语料的大小（MB）
        #[arg(long, default_value_t = 64)]
        corpus_mb: usize,
        /// 完整核对的重复次数
        #[arg(long, default_value_t = 2000)]
        iterations: usize,
        /// 改为测量恶意构造的文件（压缩炸弹、深层嵌套、超长行）：每个文件的读取结果、耗时和峰值内存
        #[arg(long)]
        hostile: bool,
        /// 在子进程里读取一个文件并报告耗时和峰值内存（供 --hostile 使用）
        #[arg(long, hide = true)]
        hostile_case: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// 新建用户（密码从终端输入，或用 --password-stdin 从标准输入读一行）
    Add {
        /// 用户名
        name: String,
        /// 角色：admin（管理员）、editor（填报人）、reviewer（审核人）、viewer（查看者）
        #[arg(long)]
        role: String,
        /// 所属单位名称（没有则新建）
        #[arg(long)]
        organization: Option<String>,
        /// 显示的姓名
        #[arg(long)]
        display_name: Option<String>,
        /// 从标准输入读取密码
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// 备份整个数据库到文件（服务运行时也可以，得到一致的副本）
    Backup {
        /// 备份文件
        file: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// 从备份文件恢复到空数据库（SQLite 和 PostgreSQL 可互相恢复）
    Restore {
        /// 备份文件
        file: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// 打印带注释的默认配置
    Default,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Docx,
    Xlsx,
    Pdf,
    Html,
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum QFormat {
    Text,
    Json,
}

pub fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            e.print()?;
            return Ok(ExitCode::from(code));
        }
    };
    match cli.command {
        Command::Check {
            files,
            format,
            summary,
        } => match (&files[..], summary) {
            ([file], None) if !file.is_dir() => check_cmd(file, format),
            (_, summary) => {
                crate::batch::run(&files, matches!(format, Format::Json), summary.as_deref())
            }
        },
        Command::Verify { file } => verify_cmd(file.as_deref()),
        Command::Quantities { file, format } => quantities_cmd(file.as_deref(), format),
        Command::Explain { file } => explain_cmd(&file),
        Command::Export {
            file,
            to,
            output,
            verification,
            font,
        } => export_cmd(&file, to, output.as_deref(), verification, font.as_deref()),
        Command::Serve { store, addr, demo } => server_cmd::serve(&store, addr, demo),
        Command::User(UserCommand::Add {
            name,
            role,
            organization,
            display_name,
            password_stdin,
            store,
        }) => server_cmd::user_add(
            &store,
            &name,
            &role,
            organization.as_deref(),
            display_name.as_deref(),
            password_stdin,
        ),
        Command::Db(DbCommand::Backup { file, store }) => server_cmd::backup(&store, &file),
        Command::Db(DbCommand::Restore { file, store }) => server_cmd::restore(&store, &file),
        Command::Config(ConfigCommand::Default) => {
            write_stdout(kaohe_server::config::DEFAULT_TOML)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            hostile_case: Some(file),
            ..
        } => crate::bench::hostile_case(&file),
        Command::Bench { hostile: true, .. } => crate::bench::hostile(),
        Command::Bench {
            files,
            corpus_mb,
            iterations,
            ..
        } => crate::bench::run(&files, corpus_mb, iterations),
    }
}

/// Reads a table from any supported file, with errors that name the file.
pub fn read_table(path: &Path) -> Result<check::Report> {
    let imported = kaohe_import::read_document(&read_file(path)?)
        .map_err(|e| anyhow::anyhow!("{}：{e}", path.display()))?;
    Ok(check::check_imported(
        &imported.table,
        imported.warnings,
        &imported.source,
    ))
}

fn export_cmd(
    path: &Path,
    to: ExportFormat,
    output: Option<&Path>,
    verification: bool,
    font: Option<&Path>,
) -> Result<ExitCode> {
    // Any family: a 绩效自评表, a progress table or a report exports in
    // its own layout.
    let imported = kaohe_import::read_document(&read_file(path)?)
        .map_err(|e| anyhow::anyhow!("{}：{e}", path.display()))?;
    let report = check::check_imported(&imported.table, imported.warnings, &imported.source);
    if !report.is_readable() {
        bail!(
            "{}：没有找到任何任务行或指标，不像自查表、绩效自评表、进展情况表或含目标与完成情况的文字报告",
            path.display()
        );
    }
    let doc = kaohe_export::Document::from_report(&report);
    let options = kaohe_export::Options { verification };
    let (bytes, ext): (Vec<u8>, &str) = match to {
        ExportFormat::Docx => (kaohe_export::docx(&doc, &options), "docx"),
        ExportFormat::Xlsx => (kaohe_export::xlsx(&doc, &options), "xlsx"),
        ExportFormat::Html => (kaohe_export::html(&doc, &options).into_bytes(), "html"),
        ExportFormat::Md => (kaohe_export::markdown(&doc, &options).into_bytes(), "md"),
        ExportFormat::Json => (
            (serde_json::to_string_pretty(&report)? + "\n").into_bytes(),
            "json",
        ),
        ExportFormat::Pdf => {
            let data = match font {
                Some(f) => {
                    std::fs::read(f).with_context(|| format!("无法读取字体文件 {}", f.display()))?
                }
                None => kaohe_export::pdf::FONT_CANDIDATES
                    .iter()
                    .find_map(|p| std::fs::read(p).ok())
                    .ok_or_else(|| anyhow::anyhow!("{}", kaohe_export::pdf::NO_FONT_HELP))?,
            };
            let bytes = kaohe_export::pdf::pdf(&doc, &options, &data)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            (bytes, "pdf")
        }
    };
    let binary = matches!(
        to,
        ExportFormat::Docx | ExportFormat::Xlsx | ExportFormat::Pdf
    );
    let target = match output {
        Some(p) if p == Path::new("-") => None,
        Some(p) => Some(p.to_path_buf()),
        None if binary => {
            let stem = path.file_stem().unwrap_or_default();
            Some(PathBuf::from(stem).with_extension(ext))
        }
        None => None,
    };
    match target {
        None => {
            io::stdout().lock().write_all(&bytes)?;
        }
        Some(out) => {
            if out.canonicalize().ok() == path.canonicalize().ok() && out.exists() {
                bail!(
                    "输出文件 {} 就是输入文件，请用 -o 换一个名字",
                    out.display()
                );
            }
            // Written beside the target and renamed: never half a file.
            let tmp = out.with_extension(format!("{ext}.partial"));
            std::fs::write(&tmp, &bytes).with_context(|| format!("无法写入 {}", tmp.display()))?;
            std::fs::rename(&tmp, &out).with_context(|| format!("无法写入 {}", out.display()))?;
            let rows = match report.family {
                kaohe_core::family::Family::SelfCheck => format!("{} 项任务", report.tasks.len()),
                family => format!("{}，{} 项指标", family.chinese(), report.indicators.len()),
            };
            eprintln!("已导出 {}（{rows}）", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_cmd(path: &Path, format: Format) -> Result<ExitCode> {
    let report = read_table(path)?;
    if let Some(why) = report.refusal() {
        bail!("{}：{why}", path.display());
    }
    let out = match format {
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        Format::Markdown => render::markdown(&report),
        Format::Text => render::text(&report, &path.display().to_string()),
    };
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `kaohe explain`: how each format's reader saw the file. A text: the
/// self-check layout's passes; any file: the cells the reader found (its
/// table, or the rendering of its tables), then how the family reader read
/// them.
fn explain_cmd(path: &Path) -> Result<ExitCode> {
    let bytes = read_file(path)?;
    let imported = kaohe_import::read_document(&bytes)
        .map_err(|e| anyhow::anyhow!("{}：{e}", path.display()))?;
    let mut out = format!("文件：{}（{}）\n\n", path.display(), imported.format);
    let report =
        check::check_imported(&imported.table, imported.warnings.clone(), &imported.source);
    if report.family != kaohe_core::family::Family::SelfCheck || imported.table.tasks.is_empty() {
        out.push_str(&kaohe_core::family::explain(&imported.source));
    } else if matches!(
        imported.format,
        "UTF-8" | "GB18030" | "UTF-16LE" | "UTF-16BE"
    ) {
        out.push_str(&kaohe_core::layout::explain(&imported.source));
    } else {
        out.push_str("== 读到的自查表（每项任务的单元格）\n");
        for (i, row) in imported.table.tasks.iter().enumerate() {
            let lines = |c: &kaohe_core::table::Cell| {
                c.line_range()
                    .map_or(String::new(), |(a, b)| format!("（第{a}–{b}行）"))
            };
            out.push_str(&format!(
                "\n{}. 【{}】\n  自查内容{}：{}\n  落实情况{}：{}\n  存在问题{}：{}\n",
                i + 1,
                row.dimension,
                lines(&row.content),
                row.content.text,
                lines(&row.status),
                row.status.text,
                lines(&row.problems),
                row.problems.text
            ));
        }
        out.push_str("\n== 读取时的文字（行号所指）\n");
        out.push_str(&imported.source);
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(s: &str) -> Result<()> {
    let stdout = io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(s.as_bytes())?;
    lock.flush()?;
    Ok(())
}

fn read_input(file: Option<&Path>) -> Result<String> {
    match file {
        Some(p) if p != Path::new("-") => read_text(p),
        _ => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .context("无法读取标准输入")?;
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                return Ok(String::new());
            }
            kaohe_import::decode(&bytes)
                .map(|(t, _)| t)
                .map_err(|e| anyhow::anyhow!("标准输入：{e}"))
        }
    }
}

fn quantities_cmd(file: Option<&Path>, format: QFormat) -> Result<ExitCode> {
    let text = read_input(file)?;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|s| *s <= offset);
    let mut out = String::new();
    for q in quantity::extract_all(&text) {
        let line = line_of(q.start);
        let span = q.span(&text).replace('\n', "");
        match format {
            QFormat::Text => {
                out.push_str(&render::quantity_line(&q, &span, line));
                out.push('\n');
            }
            QFormat::Json => {
                out.push_str(&serde_json::to_string(&render::quantity_json(
                    &q, &span, line,
                ))?);
                out.push('\n');
            }
        }
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn verify_cmd(file: Option<&Path>) -> Result<ExitCode> {
    let reader: Box<dyn BufRead> = match file {
        Some(p) if p != Path::new("-") => {
            let f = std::fs::File::open(p).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => anyhow::anyhow!("找不到文件 {}", p.display()),
                _ => anyhow::anyhow!("无法读取 {}：{e}", p.display()),
            })?;
            Box::new(io::BufReader::new(f))
        }
        _ => Box::new(io::BufReader::new(io::stdin())),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut totals = (0.0f64, 0.0f64);
    for (n, line) in reader.split(b'\n').enumerate() {
        let bytes = line.context("无法读取输入")?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let result = crate::verify_line::verify_line(text, n + 1);
        if result.get("error").is_some() {
            failed += 1;
        }
        if let (Some(s), Some(f)) = (
            result.get("score").and_then(|v| v.as_f64()),
            result.get("full_score").and_then(|v| v.as_f64()),
        ) {
            totals.0 += s;
            totals.1 += f;
        }
        // Serialized first, so that a closed pipe surfaces as the io::Error it is.
        let mut json = serde_json::to_string(&result)?;
        json.push('\n');
        out.write_all(json.as_bytes())?;
    }
    out.flush()?;
    if totals.1 > 0.0 {
        eprintln!(
            "合计得分 {} / {}，等级：{}",
            kaohe_core::verify::fmt_num(totals.0),
            kaohe_core::verify::fmt_num(totals.1),
            kaohe_core::score::grade(totals.0 / totals.1 * 100.0).chinese()
        );
    }
    if failed > 0 {
        eprintln!("kaohe：有 {failed} 行无法核对，见输出中的 error 字段");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
