//! `kaohe serve` as a process: two servers sharing one PostgreSQL, backup
//! and restore while serving, and a clean stop on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

fn kaohe() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kaohe"))
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// A running server; killed when dropped.
struct Server {
    child: Child,
    addr: String,
    /// What it printed before the address line.
    banner: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Server {
    let mut child = kaohe()
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .env("KAOHE_LOG_LEVEL", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            let addr = rest.split('/').next().unwrap().to_string();
            // Keep reading stdout so the server never blocks on a full pipe.
            std::thread::spawn(move || for _ in lines {});
            return Server {
                child,
                addr,
                banner,
            };
        }
        banner.push(line);
    }
    let _ = child.wait();
    panic!("server exited before listening: {banner:?}");
}

/// One HTTP/1.1 request; returns status, headers (lower-case names) and body.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (u16, Vec<(String, String)>, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    let json = serde_json::from_str(&body).unwrap_or(Value::String(body));
    (status, headers, json)
}

/// A POST of a text body.
fn http_text(
    addr: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut req = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        vec![],
        serde_json::from_str(rest).unwrap_or(Value::Null),
    )
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn add_admin(store_args: &[&str], name: &str, password: &str) {
    let mut child = kaohe()
        .args(["user", "add", name, "--role", "admin", "--password-stdin"])
        .args(store_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn login(addr: &str, user: &str, password: &str) -> (String, String) {
    let (status, headers, body) = http(
        addr,
        "POST",
        "/api/v1/session",
        &[],
        Some(&json!({"username": user, "password": password})),
    );
    assert_eq!(status, 200, "{body}");
    let cookie = headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .unwrap()
        .1
        .split(';')
        .next()
        .unwrap()
        .to_string();
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}

#[test]
fn two_servers_share_one_postgresql() {
    let Ok(base) = std::env::var("KAOHE_TEST_DATABASE_URL") else {
        eprintln!("KAOHE_TEST_DATABASE_URL not set: skipping the PostgreSQL test");
        return;
    };
    // A fresh schema of the test database, named in the URL.
    let schema = unique("kaohe_two");
    let psql = Command::new("psql")
        .arg(&base)
        .args(["-c", &format!("CREATE SCHEMA {schema}")])
        .output()
        .expect("psql runs");
    assert!(
        psql.status.success(),
        "{}",
        String::from_utf8_lossy(&psql.stderr)
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let store_args = ["--database-url", url.as_str()];

    add_admin(&store_args, "admin", "two-servers-1");
    let a = start(&store_args);
    let b = start(&store_args);

    // Log in on one, use the session on the other.
    let (cookie, csrf) = login(&a.addr, "admin", "two-servers-1");
    let (status, _, me) = http(&b.addr, "GET", "/api/v1/me", &[("Cookie", &cookie)], None);
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["user"]["username"], "admin");

    // Edits through one are seen through the other.
    let (status, _, org) = http(
        &a.addr,
        "POST",
        "/api/v1/organizations",
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        Some(&json!({"name": "北京市通信管理局"})),
    );
    assert_eq!(status, 201, "{org}");
    let (_, _, list) = http(
        &b.addr,
        "GET",
        "/api/v1/organizations",
        &[("Cookie", &cookie)],
        None,
    );
    assert!(
        list["items"].to_string().contains("北京市通信管理局"),
        "{list}"
    );
    let (status, _, renamed) = http(
        &b.addr,
        "PUT",
        &format!("/api/v1/organizations/{}", org["id"]),
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        Some(&json!({"name": "北京市通信管理局（改）", "version": org["version"]})),
    );
    assert_eq!(status, 200, "{renamed}");
    // A stale save through the first server is refused.
    let (status, _, stale) = http(
        &a.addr,
        "PUT",
        &format!("/api/v1/organizations/{}", org["id"]),
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        Some(&json!({"name": "旧名", "version": org["version"]})),
    );
    assert_eq!(status, 409, "{stale}");

    // A table read (and cached) through one server shows an edit made
    // through the other at once.
    let (status, _, cycle) = http(
        &a.addr,
        "POST",
        "/api/v1/cycles",
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        Some(&json!({"name": "2022年度日常履职考核", "year": 2022})),
    );
    assert_eq!(status, 201, "{cycle}");
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/beijing-2022.txt"
    ))
    .unwrap();
    let (status, _, imported) = http_text(
        &a.addr,
        &format!(
            "/api/v1/import?organization_id={}&cycle_id={}",
            org["id"], cycle["id"]
        ),
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        &seed,
    );
    assert_eq!(status, 201, "{imported}");
    let table_path = format!("/api/v1/tables/{}", imported["table"]["id"]);
    let (_, headers, before) = http(&b.addr, "GET", &table_path, &[("Cookie", &cookie)], None);
    let etag = headers.iter().find(|(k, _)| k == "etag").unwrap().1.clone();
    let (status, _, _) = http(
        &b.addr,
        "GET",
        &table_path,
        &[("Cookie", &cookie), ("If-None-Match", &etag)],
        None,
    );
    assert_eq!(status, 304);
    let task = &before["tasks"][0];
    let (status, _, editor) = http(
        &a.addr,
        "POST",
        "/api/v1/users",
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        Some(
            &json!({"username": "editor", "password": "bianji-mima-7", "role": "editor", "organization_id": org["id"]}),
        ),
    );
    assert_eq!(status, 201, "{editor}");
    let (ecookie, ecsrf) = login(&b.addr, "editor", "bianji-mima-7");
    let (status, _, edited) = http(
        &a.addr,
        "PUT",
        &format!("/api/v1/tasks/{}", task["id"]),
        &[("Cookie", &ecookie), ("X-CSRF-Token", &ecsrf)],
        Some(&json!({"version": task["version"], "problems": "另一台服务器上的修改"})),
    );
    assert_eq!(status, 200, "{edited}");
    let (_, _, after) = http(&b.addr, "GET", &table_path, &[("Cookie", &cookie)], None);
    assert_eq!(after["tasks"][0]["problems"], "另一台服务器上的修改");

    // Logging out on the second ends the session on the first.
    let (status, _, _) = http(
        &b.addr,
        "DELETE",
        "/api/v1/session",
        &[("Cookie", &cookie), ("X-CSRF-Token", &csrf)],
        None,
    );
    assert_eq!(status, 200);
    let (status, _, _) = http(&a.addr, "GET", "/api/v1/me", &[("Cookie", &cookie)], None);
    assert_eq!(status, 401);
}

#[test]
fn demo_backup_restore_and_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let dir_s = dir.display().to_string();
    let server = start(&["--demo", "--data-dir", &dir_s]);
    let password = server
        .banner
        .iter()
        .find_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next() == Some("viewer")).then(|| parts.next().unwrap().to_string())
        })
        .expect("demo logins printed");
    let (cookie, _) = login(&server.addr, "viewer", &password);
    let (status, _, tables) = http(
        &server.addr,
        "GET",
        "/api/v1/tables",
        &[("Cookie", &cookie)],
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(tables["total"], 2, "{tables}");
    let first = tables["items"][0].clone();

    // A backup while the server runs, restored into a new directory, serves
    // the same tables.
    let backup = dir.join("backup.json");
    let out = kaohe()
        .args([
            "db",
            "backup",
            backup.to_str().unwrap(),
            "--data-dir",
            &dir_s,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored_dir = dir.join("restored");
    let restored_s = restored_dir.display().to_string();
    let out = kaohe()
        .args([
            "db",
            "restore",
            backup.to_str().unwrap(),
            "--data-dir",
            &restored_s,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Restoring over data is refused, naming the file.
    let again = kaohe()
        .args([
            "db",
            "restore",
            backup.to_str().unwrap(),
            "--data-dir",
            &restored_s,
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("backup.json"));

    let copy = start(&["--data-dir", &restored_s]);
    let (cookie2, _) = login(&copy.addr, "viewer", &password);
    let (_, _, copy_tables) = http(
        &copy.addr,
        "GET",
        "/api/v1/tables",
        &[("Cookie", &cookie2)],
        None,
    );
    assert_eq!(copy_tables["items"][0]["counts"], first["counts"]);
    let path = format!("/api/v1/tables/{}/report", first["id"]);
    let (_, _, r1) = http(&server.addr, "GET", &path, &[("Cookie", &cookie)], None);
    let (_, _, r2) = http(&copy.addr, "GET", &path, &[("Cookie", &cookie2)], None);
    assert_eq!(r1, r2);

    // SIGTERM while a request is half sent: the request is finished, then
    // the server stops cleanly with exit code 0. (An editor's preview: only
    // those who may import make the server read a file.)
    let editor_password = server
        .banner
        .iter()
        .find_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next() == Some("editor")).then(|| parts.next().unwrap().to_string())
        })
        .expect("demo logins printed");
    let (cookie, csrf) = login(&server.addr, "editor", &editor_password);
    let mut server = server;
    let seed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/beijing-2022.txt"
    ))
    .unwrap();
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST /api/v1/import?preview=true HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        seed.len()
    );
    slow.write_all(head.as_bytes()).unwrap();
    slow.write_all(&seed[..seed.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    slow.write_all(&seed[seed.len() / 2..]).unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("\"preview\":true"));
    let mut waited = 0;
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(waited < 100, "server did not stop within 10 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    };
    assert!(status.success(), "{status:?}");

    // A bad config file is named in a one-line error, exit 2.
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "adress = 1\n").unwrap();
    let out = kaohe()
        .args(["serve", "--config", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_default_prints_a_config_that_serve_reads() {
    let out = kaohe().args(["config", "default"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("addr = ") && text.contains("database_url") && text.contains("# "));
}

/// A POST of raw bytes; returns the status and how long the answer took.
fn http_bytes(addr: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Duration) {
    let started = std::time::Instant::now();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut req = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!(
        "Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        body.len()
    ));
    stream.write_all(req.as_bytes()).unwrap();
    // The server may answer (403, 413) before the whole body is sent.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed())
}

/// The server's peak resident memory so far, in MB (Linux).
fn peak_mb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

/// Hostile files through `POST /api/v1/import?preview=true`: a viewer is
/// refused before the file is read; an administrator's upload of each is
/// refused or read in bounded time and memory; and while two are being
/// read, `/healthz` answers within a second.
#[test]
fn hostile_uploads_do_not_stop_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let dir_s = tmp.path().display().to_string();
    let server = start(&["--demo", "--data-dir", &dir_s]);
    let password = |user: &str| {
        server
            .banner
            .iter()
            .find_map(|l| {
                let mut parts = l.split_whitespace();
                (parts.next() == Some(user)).then(|| parts.next().unwrap().to_string())
            })
            .expect("demo logins printed")
    };
    let (viewer, viewer_csrf) = login(&server.addr, "viewer", &password("viewer"));
    let (admin, admin_csrf) = login(&server.addr, "admin", &password("admin"));
    let as_viewer = [("Cookie", viewer.as_str()), ("X-CSRF-Token", &viewer_csrf)];
    let as_admin = [("Cookie", admin.as_str()), ("X-CSRF-Token", &admin_csrf)];
    let path = "/api/v1/import?preview=true";

    let cases = kaohe_import::hostile::cases();
    for case in &cases {
        let (status, took) = http_bytes(&server.addr, path, &as_viewer, &case.bytes);
        assert_eq!(status, 403, "{}: a viewer is refused", case.name);
        assert!(took < Duration::from_secs(2), "{}: {took:?}", case.name);
        let (status, took) = http_bytes(&server.addr, path, &as_admin, &case.bytes);
        assert!(
            matches!(status, 200 | 413 | 422),
            "{}: answered {status}",
            case.name
        );
        // Debug builds are several times slower than release; the release
        // figures are `kaohe bench --hostile`.
        assert!(took < Duration::from_secs(20), "{}: {took:?}", case.name);
        eprintln!(
            "{}: {status} in {took:?}, server peak {:?} MB",
            case.name,
            peak_mb(server.child.id())
        );
    }

    // Two of the heaviest at once, and the server still answers.
    let mut heaviest: Vec<_> = cases.iter().collect();
    heaviest.sort_by_key(|c| std::cmp::Reverse(c.bytes.len()));
    let uploads: Vec<_> = heaviest
        .iter()
        .take(2)
        .map(|case| {
            let addr = server.addr.clone();
            let cookie = admin.clone();
            let csrf = admin_csrf.clone();
            let bytes = case.bytes.clone();
            std::thread::spawn(move || {
                http_bytes(
                    &addr,
                    path,
                    &[("Cookie", cookie.as_str()), ("X-CSRF-Token", &csrf)],
                    &bytes,
                )
            })
        })
        .collect();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let (status, _, _) = http(&server.addr, "GET", "/healthz", &[], None);
        assert_eq!(status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "/healthz took {:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for u in uploads {
        let (status, _) = u.join().unwrap();
        assert!(matches!(status, 200 | 413 | 422 | 503), "{status}");
    }
    if let Some(mb) = peak_mb(server.child.id()) {
        assert!(mb < 300, "the server peaked at {mb} MB");
    }
}
