//! `kaohe-load`: a small HTTP load generator for `kaohe serve`, so the API's
//! throughput and latency can be measured on loopback without other tools.
//!
//! ```text
//! kaohe-load --addr 127.0.0.1:8080 --user admin --password … \
//!            [--connections 64] [--seconds 30] [--scenarios healthz,read,list,mixed]
//! ```
//!
//! Setup (as the admin): four organizations, each with an editor who imports
//! the reference table, so that the mixed scenario's 64 connections each
//! own one task and their writes never conflict. Scenarios:
//! - `healthz`: `GET /healthz`, the ceiling (no database work beyond a ping);
//! - `read`: `GET /api/v1/tables/{id}`, a 16-task table with every target;
//! - `list`: `GET /api/v1/tables`;
//! - `mixed`: 70% read, 20% list, 10% `PUT /api/v1/tasks/{id}` (a write that
//!   re-checks the task and records history).
//!
//! Each connection keeps one HTTP/1.1 connection alive and sends requests
//! back to back. An error is any non-2xx answer or a broken connection.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const SEED: &str = include_str!("../../../../examples/beijing-2022.txt");

struct Args {
    addr: String,
    user: String,
    password: String,
    connections: usize,
    seconds: u64,
    scenarios: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        addr: "127.0.0.1:8080".into(),
        user: "admin".into(),
        password: String::new(),
        connections: 64,
        seconds: 30,
        scenarios: vec![
            "healthz".into(),
            "read".into(),
            "list".into(),
            "mixed".into(),
        ],
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} 需要一个值"));
        match flag.as_str() {
            "--addr" => args.addr = value()?,
            "--user" => args.user = value()?,
            "--password" => args.password = value()?,
            "--connections" => {
                args.connections = value()?.parse().map_err(|_| "--connections 应为数字")?
            }
            "--seconds" => args.seconds = value()?.parse().map_err(|_| "--seconds 应为数字")?,
            "--scenarios" => args.scenarios = value()?.split(',').map(str::to_string).collect(),
            "-h" | "--help" => {
                println!("kaohe-load --addr HOST:PORT --user NAME --password PW [--connections 64] [--seconds 30] [--scenarios healthz,read,list,mixed]");
                std::process::exit(0);
            }
            other => return Err(format!("不认识的参数 {other}")),
        }
    }
    if args.password.is_empty() {
        return Err("请用 --password 给出管理员密码".into());
    }
    Ok(args)
}

/// One keep-alive connection.
struct Conn {
    reader: BufReader<TcpStream>,
    addr: String,
}

impl Conn {
    async fn open(addr: &str) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            reader: BufReader::new(stream),
            addr: addr.to_string(),
        })
    }

    /// Sends a request and reads the whole answer: (status, body).
    async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        content_type: &str,
    ) -> std::io::Result<(u16, Vec<u8>, Vec<(String, String)>)> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() {
            req.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let stream = self.reader.get_mut();
        stream.write_all(req.as_bytes()).await?;
        stream.write_all(body).await?;
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = None;
        let mut chunked = false;
        let mut response_headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                let v = v.trim().to_string();
                if k == "content-length" {
                    length = v.parse::<usize>().ok();
                }
                if k == "transfer-encoding" && v.contains("chunked") {
                    chunked = true;
                }
                response_headers.push((k, v));
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).await?;
                let n = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; n + 2];
                self.reader.read_exact(&mut chunk).await?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else if let Some(n) = length {
            body.resize(n, 0);
            self.reader.read_exact(&mut body).await?;
        }
        Ok((status, body, response_headers))
    }

    async fn json(
        &mut self,
        method: &str,
        path: &str,
        auth: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Value, String> {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let (status, body, _) = self
            .request(method, path, auth, &bytes, "application/json")
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            return Err(format!("{method} {path}: {status} {value}"));
        }
        Ok(value)
    }
}

/// What the scenarios need, made by [`setup`].
struct Fixture {
    admin_token: String,
    read_table: i64,
    /// (editor token, task id, version) per owned task.
    tasks: Vec<(String, i64, i64)>,
}

async fn setup(args: &Args) -> Result<Fixture, String> {
    let mut c = Conn::open(&args.addr)
        .await
        .map_err(|e| format!("无法连接 {}：{e}", args.addr))?;
    let (status, body, headers) = c
        .request(
            "POST",
            "/api/v1/session",
            &[],
            json!({"username": args.user, "password": args.password})
                .to_string()
                .as_bytes(),
            "application/json",
        )
        .await
        .map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!(
            "管理员登录失败：{status} {}",
            String::from_utf8_lossy(&body)
        ));
    }
    let login: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    let csrf = login["csrf_token"].as_str().unwrap_or("").to_string();
    let cookie = headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .and_then(|(_, v)| v.split(';').next())
        .unwrap_or("")
        .to_string();
    let session = [("Cookie", cookie.as_str()), ("X-CSRF-Token", csrf.as_str())];
    let token = c
        .json(
            "POST",
            "/api/v1/tokens",
            &session,
            Some(json!({"name": "kaohe-load"})),
        )
        .await?;
    let admin_token = format!("Bearer {}", token["token"].as_str().unwrap_or(""));
    let admin = [("Authorization", admin_token.as_str())];
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let cycle = c
        .json(
            "POST",
            "/api/v1/cycles",
            &admin,
            Some(json!({"name": format!("负载测试{nonce}"), "year": 2022})),
        )
        .await?;
    let cycle_id = cycle["id"].as_i64().unwrap_or(0);
    let mut tasks = Vec::new();
    let mut read_table = 0;
    for i in 0..4 {
        let org = c
            .json(
                "POST",
                "/api/v1/organizations",
                &admin,
                Some(json!({"name": format!("负载测试单位{i}-{nonce}")})),
            )
            .await?;
        let username = format!("load{i}_{nonce}");
        c.json(
            "POST",
            "/api/v1/users",
            &admin,
            Some(json!({"username": username, "password": "load-test-pass", "role": "editor", "organization_id": org["id"]})),
        )
        .await?;
        let mut ec = Conn::open(&args.addr).await.map_err(|e| e.to_string())?;
        let (_, body, headers) = ec
            .request(
                "POST",
                "/api/v1/session",
                &[],
                json!({"username": username, "password": "load-test-pass"})
                    .to_string()
                    .as_bytes(),
                "application/json",
            )
            .await
            .map_err(|e| e.to_string())?;
        let login: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let ecookie = headers
            .iter()
            .find(|(k, _)| k == "set-cookie")
            .and_then(|(_, v)| v.split(';').next())
            .unwrap_or("")
            .to_string();
        let ecsrf = login["csrf_token"].as_str().unwrap_or("").to_string();
        let etoken = ec
            .json(
                "POST",
                "/api/v1/tokens",
                &[
                    ("Cookie", ecookie.as_str()),
                    ("X-CSRF-Token", ecsrf.as_str()),
                ],
                Some(json!({"name": "kaohe-load"})),
            )
            .await?;
        let bearer = format!("Bearer {}", etoken["token"].as_str().unwrap_or(""));
        let (status, body, _) = ec
            .request(
                "POST",
                &format!("/api/v1/import?cycle_id={cycle_id}&name=beijing-2022.txt"),
                &[("Authorization", bearer.as_str())],
                SEED.as_bytes(),
                "text/plain; charset=utf-8",
            )
            .await
            .map_err(|e| e.to_string())?;
        if status != 201 {
            return Err(format!(
                "导入失败：{status} {}",
                String::from_utf8_lossy(&body)
            ));
        }
        let view: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        read_table = view["table"]["id"].as_i64().unwrap_or(0);
        for t in view["tasks"].as_array().into_iter().flatten() {
            tasks.push((
                bearer.clone(),
                t["id"].as_i64().unwrap_or(0),
                t["version"].as_i64().unwrap_or(1),
            ));
        }
    }
    Ok(Fixture {
        admin_token,
        read_table,
        tasks,
    })
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    /// In the mixed case, the writes' own latencies.
    write_latencies_us: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
}

async fn run_connection(
    addr: String,
    scenario: String,
    fixture: std::sync::Arc<Fixture>,
    index: usize,
    until: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut conn = match Conn::open(&addr).await {
        Ok(c) => c,
        Err(e) => {
            tally.errors += 1;
            tally.first_error = Some(e.to_string());
            return tally;
        }
    };
    let read_path = format!("/api/v1/tables/{}", fixture.read_table);
    let admin = fixture.admin_token.clone();
    let own = fixture
        .tasks
        .get(index % fixture.tasks.len().max(1))
        .cloned();
    let mut version = own.as_ref().map_or(1, |t| t.2);
    let mut n: u64 = 0;
    while Instant::now() < until {
        n += 1;
        let kind = match scenario.as_str() {
            "mixed" => match n % 10 {
                0 => "write",
                1 | 2 => "list",
                _ => "read",
            },
            other => other,
        };
        let start = Instant::now();
        let result = match kind {
            "healthz" => conn.request("GET", "/healthz", &[], b"", "").await,
            "list" => {
                conn.request(
                    "GET",
                    "/api/v1/tables?limit=50",
                    &[("Authorization", &admin)],
                    b"",
                    "",
                )
                .await
            }
            "write" => {
                let (token, task, _) = own.clone().unwrap_or_default();
                let body = json!({"version": version, "problems": format!("负载测试第{n}次修改")})
                    .to_string();
                conn.request(
                    "PUT",
                    &format!("/api/v1/tasks/{task}"),
                    &[("Authorization", &token)],
                    body.as_bytes(),
                    "application/json",
                )
                .await
            }
            _ => {
                conn.request("GET", &read_path, &[("Authorization", &admin)], b"", "")
                    .await
            }
        };
        let elapsed = start.elapsed();
        match result {
            Ok((status, body, _)) if (200..300).contains(&status) => {
                let us = elapsed.as_micros().min(u128::from(u32::MAX)) as u32;
                tally.latencies_us.push(us);
                if kind == "write" {
                    tally.write_latencies_us.push(us);
                    if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                        version = v["version"].as_i64().unwrap_or(version);
                    }
                }
            }
            Ok((status, body, _)) => {
                tally.errors += 1;
                tally.first_error.get_or_insert_with(|| {
                    format!(
                        "{kind}: {status} {}",
                        String::from_utf8_lossy(&body[..body.len().min(200)])
                    )
                });
            }
            Err(e) => {
                tally.errors += 1;
                tally
                    .first_error
                    .get_or_insert_with(|| format!("{kind}: {e}"));
                match Conn::open(&addr).await {
                    Ok(c) => conn = c,
                    Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
                }
            }
        }
    }
    tally
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kaohe-load：{e}");
            std::process::exit(2);
        }
    };
    let fixture = match setup(&args).await {
        Ok(f) => std::sync::Arc::new(f),
        Err(e) => {
            eprintln!("kaohe-load：准备数据失败：{e}");
            std::process::exit(2);
        }
    };
    println!(
        "| scenario | connections | seconds | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut failed = false;
    for scenario in &args.scenarios {
        let until = Instant::now() + Duration::from_secs(args.seconds);
        let started = Instant::now();
        let handles: Vec<_> = (0..args.connections)
            .map(|i| {
                tokio::spawn(run_connection(
                    args.addr.clone(),
                    scenario.clone(),
                    fixture.clone(),
                    i,
                    until,
                ))
            })
            .collect();
        let mut all = Vec::new();
        let mut writes = Vec::new();
        let mut errors = 0;
        let mut first_error = None;
        for h in handles {
            if let Ok(t) = h.await {
                all.extend(t.latencies_us);
                writes.extend(t.write_latencies_us);
                errors += t.errors;
                first_error = first_error.or(t.first_error);
            }
        }
        let secs = started.elapsed().as_secs_f64();
        all.sort_unstable();
        println!(
            "| {scenario} | {} | {:.0} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {errors} |",
            args.connections,
            secs,
            all.len(),
            all.len() as f64 / secs,
            percentile(&all, 0.5),
            percentile(&all, 0.9),
            percentile(&all, 0.99),
            percentile(&all, 1.0),
        );
        if !writes.is_empty() {
            writes.sort_unstable();
            println!(
                "| ↳ {scenario}: writes only | | | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | |",
                writes.len(),
                writes.len() as f64 / secs,
                percentile(&writes, 0.5),
                percentile(&writes, 0.9),
                percentile(&writes, 0.99),
                percentile(&writes, 1.0),
            );
        }
        if let Some(e) = first_error {
            eprintln!("  first error in {scenario}: {e}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}
