//! The `kaohe` binary end to end: output formats, exit codes and the
//! messages a person sees for bad input.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn kaohe(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn example() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/beijing-2022.txt")
        .display()
        .to_string()
}

/// Writes `bytes` to `name` in `dir` (a folder removed when the test ends).
fn temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn check_prints_text_json_and_markdown() {
    let text = kaohe(&["check", &example()], None);
    assert!(text.status.success());
    let out = String::from_utf8(text.stdout).unwrap();
    assert!(out.contains("北京市通信管理局2022年度日常履职考核事项完成情况自查表"));
    assert!(out.contains("✓ 达标") && out.contains("? 待核实"));
    assert!(out.contains("合计：16 项任务，17 个量化目标"));

    let json = kaohe(&["check", &example(), "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["tasks"].as_array().unwrap().len(), 16);
    assert_eq!(v["summary"]["met"], 16);
    assert_eq!(v["summary"]["unverified"], 1);

    let md = kaohe(&["check", &example(), "--format", "markdown"], None);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| 考评维度 | 自查内容（年度任务） | 落实情况 | 存在问题及原因 | 核对结果 |")
    );
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| 全面高效履职"))
            .count(),
        16
    );
}

#[test]
fn bad_input_gets_one_clear_message_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            "/no/such/file.txt".to_string(),
            "找不到文件 /no/such/file.txt",
        ),
        (temp(&dir, "empty.txt", b""), "文件是空的"),
        (temp(&dir, "blank.txt", b"\n \n\t\n"), "文件是空的"),
        (
            temp(
                &dir,
                "binary.bin",
                b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
            ),
            "二进制文件",
        ),
        (
            temp(&dir, "image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            "PNG图片",
        ),
        (
            temp(&dir, "bad.txt", b"\x81\x30\x81\x30\xff\xfe\xff"),
            "无法识别文字编码",
        ),
        (
            temp(
                &dir,
                "prose.txt",
                "这是一段普通文字，不是自查表。\n".as_bytes(),
            ),
            "没有找到可核对的目标",
        ),
        (
            // Regression: prose that the reader takes for a row with no
            // 落实情况 and no header is not a table.
            temp(
                &dir,
                "prose2.txt",
                "今天天气很好，我们去公园散步。\n晚上回家吃饭，然后看书。\n".as_bytes(),
            ),
            "没有找到可核对的目标",
        ),
    ];
    for (path, want) in cases {
        let out = kaohe(&["check", &path], None);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{path}: {err}");
        assert!(err.contains(want), "{path}: {err}");
        assert!(
            err.contains(&path) || want.starts_with("找不到"),
            "{path}: message names the file: {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    // A folder is checked file by file; an empty one says so.
    let empty = tempfile::tempdir().unwrap();
    let out = kaohe(&["check", &empty.path().display().to_string()], None);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("没有找到要核对的文件"), "{err}");
}

#[test]
fn verify_answers_every_line_and_reports_bad_ones() {
    let input = concat!(
        "{\"id\":\"r1\",\"target\":\"≥95%\",\"actual\":\"98.2%\",\"full_score\":10}\n",
        "not json\n",
        "{\"id\":\"r3\",\"target\":\"≤30万元\",\"actual\":\"36万元\",\"full_score\":10}\n",
        "\n",
        "{\"id\":\"r4\",\"target\":\"按时完成\",\"actual\":\"已完成\",\"full_score\":5}\n",
        "{\"id\":\"r5\",\"actual\":\"1\"}\n",
    );
    let out = kaohe(&["verify"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["verdict"], "met");
    assert_eq!(lines[0]["score"], 10.0);
    assert!(lines[1]["error"].as_str().unwrap().contains("第2行"));
    assert_eq!(lines[2]["verdict"], "not_met");
    assert_eq!(lines[2]["score"], 8.0);
    assert_eq!(lines[3]["band"], "达成");
    assert_eq!(lines[4]["id"], "r5");
    assert!(lines[4]["error"].is_string());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("合计得分"), "{err}");
}

#[test]
fn quantities_lists_every_number() {
    let out = kaohe(
        &["quantities", "-", "--format", "json"],
        Some("新增5G基站6000个，于6月27日拨打120。".as_bytes()),
    );
    assert!(out.status.success());
    let kinds: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["name", "measure", "date", "code"]);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Regression: `kaohe bench | head` panicked on the broken pipe.
    let big = std::fs::read_to_string(example()).unwrap().repeat(20);
    let path = temp(&dir, "big.txt", big.as_bytes());
    for args in [
        vec!["quantities", path.as_str()],
        vec!["verify", path.as_str()],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}

/// Settings that would make the server misbehave stop it at the start with
/// one Chinese line and exit code 2: a mistyped database URL must not
/// quietly start on a new SQLite file, and a session length of 0 or a
/// huge one must not be taken.
#[test]
fn bad_server_settings_stop_the_start() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path().join("data").display().to_string();
    // (extra arguments, environment, what the message says)
    let cases: &[(&[&str], (&str, &str), &str)] = &[
        (
            &["--database-url", "mysql://x"],
            ("", ""),
            "无法识别的数据库地址",
        ),
        (
            &["--database-url", "http://h/db"],
            ("", ""),
            "无法识别的数据库地址",
        ),
        (
            &[],
            ("KAOHE_DATABASE_URL", "mysql://x"),
            "无法识别的数据库地址",
        ),
        (&[], ("KAOHE_SESSION_HOURS", "0"), "session_hours"),
        (&[], ("KAOHE_SESSION_HOURS", "99999999999"), "session_hours"),
        (&[], ("KAOHE_METRICS_ADDR", "nowhere"), "metrics_addr"),
    ];
    for (args, (key, value), want) in cases {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kaohe"));
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", &data])
            .args(*args)
            .stdin(Stdio::null());
        if !key.is_empty() {
            command.env(key, value);
        }
        let out = command.output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} {key}={value}: {err}");
        assert!(err.contains(want), "{args:?} {key}={value}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    assert!(
        !std::path::Path::new("mysql:").exists() && !std::path::Path::new("mysql:/x").exists(),
        "no SQLite file was made from the URL"
    );
}

/// A folder of one file per agency: one line each, a failed file on its
/// line and the run going on, the summary as XLSX and CSV.
#[test]
fn check_a_folder_prints_a_line_per_file_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let families = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/families");
    for name in [
        "docs/jiangxi_shangli_livelihood_2022_jan_nov.txt",
        "docs/hebei_renze_farmland_2022.txt",
        "refuse/news_tea_culture_festival_2023.txt",
    ] {
        let bytes = std::fs::read(families.join(name)).unwrap();
        temp(&dir, name.rsplit('/').next().unwrap(), &bytes);
    }
    std::fs::copy(example(), dir.path().join("beijing.txt")).unwrap();
    temp(&dir, "broken.docx", b"PK\x03\x04 not really a zip");
    let folder = dir.path().display().to_string();
    let outputs = tempfile::tempdir().unwrap();
    let xlsx = outputs.path().join("summary.xlsx");
    let out = kaohe(
        &["check", &folder, "--summary", &xlsx.display().to_string()],
        None,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "a file failed: {stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{stdout}");
    let line = |name: &str| *lines.iter().find(|l| l.contains(name)).unwrap();
    assert!(line("jiangxi_shangli").contains("进展情况表"), "{stdout}");
    assert!(line("jiangxi_shangli").contains("未达标"), "{stdout}");
    assert!(line("hebei_renze").contains("绩效自评表"), "{stdout}");
    assert!(line("hebei_renze").contains("按规则"), "{stdout}");
    assert!(line("beijing.txt").contains("自查表"), "{stdout}");
    assert!(line("news_tea").contains("未能读取"), "{stdout}");
    assert!(line("broken.docx").contains("未能读取"), "{stdout}");
    assert!(
        lines[5].contains("共 5 个文件，读取成功 3，未能读取 2"),
        "{stdout}"
    );

    // The summary reads back as a table of the same rows.
    let sheet = kaohe_import::read_document(&std::fs::read(&xlsx).unwrap()).unwrap();
    assert!(sheet.source.contains("读取问题"), "{}", sheet.source);
    assert!(sheet.source.contains("jiangxi_shangli"), "{}", sheet.source);

    let csv = outputs.path().join("summary.csv");
    let out = kaohe(
        &[
            "check",
            &folder,
            "--format",
            "json",
            "--summary",
            &csv.display().to_string(),
        ],
        None,
    );
    let json: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(json.len(), 5);
    assert!(json.iter().any(|j| j["family"] == "performance"));
    assert!(json.iter().filter(|j| j["error"].is_string()).count() == 2);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), 6);

    // A summary in a format it cannot write is refused before anything is read.
    let out = kaohe(&["check", &folder, "--summary", "out.pdf"], None);
    assert_eq!(out.status.code(), Some(2));
}

/// Text other software gives (made by kaohe-core's `tests/data/foreign/make.py`):
/// tab-separated rows and `pdftotext -layout` read like the source; `pdftotext`'s
/// default mode, and -layout under merged dimension cells, refused with exit 2
/// and a message saying what to do.
#[test]
fn foreign_text_reads_or_is_refused_with_what_to_do() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../kaohe-core/tests/data/foreign");
    for name in ["beijing", "ningchuan", "yunlan", "qingshi"] {
        for form in ["tab", "layout"] {
            let path = dir.join(format!("{name}.{form}.txt")).display().to_string();
            let out = kaohe(&["check", &path, "--format", "json"], None);
            assert!(
                out.status.success(),
                "{path}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    for file in [
        "beijing.pdftotext.txt",
        "ningchuan.pdftotext.txt",
        "yunlan.pdftotext.txt",
        "qingshi.pdftotext.txt",
        "ningchuan.merged-layout.txt",
    ] {
        let path = dir.join(file).display().to_string();
        let out = kaohe(&["check", &path], None);
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("pdftotext -layout") && err.contains(&path),
            "{err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}
