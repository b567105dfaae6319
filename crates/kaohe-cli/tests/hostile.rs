//! Every hostile file of `kaohe_import::hostile` through the real binary,
//! `kaohe check FILE`, under an address-space limit: the check must end
//! with a result (exit 0) or a plain Chinese refusal naming the file
//! (exit 2), never a panic (101), an abort (134) or a signal.
//!
//! The limit: the normal check of `examples/beijing-2022.txt` passes with
//! 40 MB of address space in a debug build (20 MB in release) and fails at
//! 30 MB. Hostile files may use a few hundred MB more (an inflated part is
//! read up to 32 MB, a sheet's strings live in calamine), and debug builds
//! use more than release, so the limit is 600 MB: far below what any of the
//! files would take without its bounds (gigabytes), far above the normal
//! need. The time cap is loose (30 s, debug) so that the test never flakes
//! on a busy machine; `kaohe bench --hostile` measures the real 2 s figure
//! in release.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ADDRESS_SPACE: u64 = 600 << 20;
const WALL_CLOCK: Duration = Duration::from_secs(30);

fn has_prlimit() -> bool {
    Command::new("prlimit")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `kaohe check path` under the limits: exit code (None for a signal),
/// stderr and how long it took. A run past the wall clock is stopped.
fn check_limited(path: &std::path::Path) -> (Option<i32>, String, Duration) {
    let mut child = Command::new("prlimit")
        .arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_kaohe"))
        .arg("check")
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WALL_CLOCK {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.code(), reader.join().unwrap(), started.elapsed())
}

fn run_cases(pdf: bool) {
    if !has_prlimit() {
        eprintln!("prlimit (util-linux) is missing: the hostile files are not run");
        return;
    }
    let dir = std::env::temp_dir().join(format!("kaohe-hostile-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for case in kaohe_import::hostile::cases() {
        if case.file_name.ends_with(".pdf") != pdf {
            continue;
        }
        let path = dir.join(case.file_name);
        std::fs::write(&path, &case.bytes).unwrap();
        let (code, stderr, took) = check_limited(&path);
        let shown = path.display().to_string();
        let fine = match code {
            Some(0) => true,
            Some(2) => stderr.contains(&shown) && stderr.chars().any(|c| c >= '\u{4e00}'),
            _ => false,
        };
        if !fine || took > WALL_CLOCK {
            failures.push(format!(
                "{} ({}): exit {code:?} after {took:?}: {}",
                case.name,
                case.what,
                stderr.trim()
            ));
        }
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_files_are_read_or_refused_within_bounds() {
    run_cases(false);
}

/// The PDF files, through kaohe's own bounded PDF parser.
#[test]
fn hostile_pdf_files_are_read_or_refused_within_bounds() {
    run_cases(true);
}
