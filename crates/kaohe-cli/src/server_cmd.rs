//! `kaohe serve`, `kaohe user add`, `kaohe db backup|restore` and
//! `kaohe config default`: the commands that work on the store.

use std::io::{self, BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use kaohe_server::Config;
use kaohe_store::{auth, NewUser, Role, Store};

/// Where the data is: shared by every store command.
#[derive(Args, Clone, Debug, Default)]
pub struct StoreArgs {
    /// 配置文件（见 kaohe config default）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 数据目录（默认 SQLite 数据库 kaohe.db 所在处）
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// 数据库地址，如 postgres://user@host/db（默认用数据目录下的 SQLite）
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

impl StoreArgs {
    /// Defaults, then the file, then `KAOHE_*`, then these flags.
    pub fn config(&self) -> Result<Config> {
        let mut config = Config::load(self.config.as_deref()).map_err(anyhow::Error::msg)?;
        if let Some(d) = &self.data_dir {
            config.data_dir = d.clone();
        }
        if let Some(u) = &self.database_url {
            config.database_url = u.clone();
        }
        config.validate().map_err(anyhow::Error::msg)?;
        Ok(config)
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("无法启动异步运行时")
}

async fn open(config: &Config) -> Result<std::sync::Arc<dyn Store>> {
    let url = config.database();
    kaohe_store::open(&url).await.map_err(|e| {
        let shown = match kaohe_store::DatabaseUrl::parse(&url) {
            Ok(kaohe_store::DatabaseUrl::Postgres(_)) => "PostgreSQL 数据库".to_string(),
            _ => format!("数据库 {url}"),
        };
        anyhow::anyhow!("无法打开{shown}：{e}")
    })
}

/// `kaohe serve`.
pub fn serve(args: &StoreArgs, addr: Option<SocketAddr>, demo: bool) -> Result<ExitCode> {
    let mut config = args.config()?;
    if let Some(a) = addr {
        config.addr = a;
    }
    kaohe_server::init_logging(&config);
    runtime()?.block_on(async move {
        let store = open(&config).await?;
        if demo {
            let logins = kaohe_server::demo::seed(store.as_ref())
                .await
                .context("无法建立演示数据")?;
            println!("演示数据已就绪。演示账号（密码每次启动重新生成）：");
            for l in &logins {
                println!("  {:<10} {:<12} {}", l.username, l.password, l.role.chinese());
            }
        } else if store.count_users().await? == 0 {
            eprintln!(
                "提示：还没有任何用户。先运行 kaohe user add 用户名 --role admin 建立管理员，或用 kaohe serve --demo 试用。"
            );
        }
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| match e.kind() {
                io::ErrorKind::AddrInUse => anyhow::anyhow!(
                    "地址 {} 已被占用：可能已有一个 kaohe serve 在运行，或用 --addr 换一个端口",
                    config.addr
                ),
                _ => anyhow::anyhow!("无法监听 {}：{e}", config.addr),
            })?;
        let local = listener.local_addr()?;
        println!(
            "kaohe 已启动：http://{local}/  （接口 http://{local}/api/v1/openapi.json，数据库 {}）",
            match kaohe_store::DatabaseUrl::parse(&config.database()) {
                Ok(kaohe_store::DatabaseUrl::Postgres(_)) => "PostgreSQL".to_string(),
                Ok(kaohe_store::DatabaseUrl::Sqlite(path)) => format!("SQLite {}", path.display()),
                Err(e) => e,
            }
        );
        io::stdout().flush()?;
        let metrics_addr = config.metrics_listen().map_err(anyhow::Error::msg)?;
        let state = kaohe_server::state(store, config);
        if let Some(addr) = metrics_addr {
            let metrics = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| anyhow::anyhow!("无法监听指标地址 {addr}：{e}"))?;
            println!("指标：http://{}/metrics", metrics.local_addr()?);
            tokio::spawn(kaohe_server::serve_metrics_on(metrics, state.clone()));
        }
        kaohe_server::serve_on(listener, state, kaohe_server::shutdown_signal())
            .await
            .context("服务异常退出")?;
        println!("kaohe 已停止");
        Ok(ExitCode::SUCCESS)
    })
}

/// Reads the new password: one line from stdin with `--password-stdin`,
/// else twice from the terminal without echo.
fn read_password(from_stdin: bool) -> Result<String> {
    if from_stdin || !io::stdin().is_terminal() {
        let mut line = String::new();
        io::stdin()
            .lock()
            .read_line(&mut line)
            .context("无法从标准输入读取密码")?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let first = rpassword::prompt_password("密码：").context("无法读取密码")?;
    let second = rpassword::prompt_password("再输入一次：").context("无法读取密码")?;
    if first != second {
        bail!("两次输入的密码不一致");
    }
    Ok(first)
}

/// `kaohe user add`.
pub fn user_add(
    args: &StoreArgs,
    username: &str,
    role: &str,
    organization: Option<&str>,
    display_name: Option<&str>,
    password_stdin: bool,
) -> Result<ExitCode> {
    let role = Role::parse(role)
        .with_context(|| format!("角色“{role}”无法识别：应为 admin、editor、reviewer 或 viewer"))?;
    auth::check_username(username).map_err(anyhow::Error::msg)?;
    if role == Role::Editor && organization.is_none() {
        bail!("填报人必须属于一个单位：请加 --organization 单位名称");
    }
    let password = read_password(password_stdin)?;
    auth::check_password(&password, username).map_err(anyhow::Error::msg)?;
    let config = args.config()?;
    runtime()?.block_on(async {
        let store = open(&config).await?;
        let organization_id = match organization {
            None => None,
            Some(name) => {
                let orgs = store.list_organizations().await?;
                Some(match orgs.iter().find(|o| o.name == name) {
                    Some(o) => o.id,
                    None => store.create_organization(name, "agency", None).await?.id,
                })
            }
        };
        let hash = auth::hash_password(&password);
        let user = store
            .create_user(
                NewUser {
                    username: username.to_string(),
                    display_name: display_name.unwrap_or(username).to_string(),
                    password_hash: hash,
                    role,
                    organization_id,
                },
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("已建立用户 {}（{}）", user.username, role.chinese());
        Ok(ExitCode::SUCCESS)
    })
}

/// `kaohe db backup FILE`: a consistent copy while the server runs.
pub fn backup(args: &StoreArgs, file: &Path) -> Result<ExitCode> {
    let config = args.config()?;
    runtime()?.block_on(async {
        let store = open(&config).await?;
        let dump = store.dump().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let json = serde_json::to_vec(&dump)?;
        // Written beside the target and renamed, so a failed backup never
        // leaves half a file under the final name.
        let tmp = file.with_extension("partial");
        std::fs::write(&tmp, &json).with_context(|| format!("无法写入 {}", tmp.display()))?;
        std::fs::rename(&tmp, file).with_context(|| format!("无法写入 {}", file.display()))?;
        let tables = dump.tables.get("tables").map_or(0, Vec::len);
        let tasks = dump.tables.get("tasks").map_or(0, Vec::len);
        println!(
            "已备份到 {}：{tables} 张自查表，{tasks} 项任务，{} 字节",
            file.display(),
            json.len()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// `kaohe db restore FILE`: into an empty database.
pub fn restore(args: &StoreArgs, file: &Path) -> Result<ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => anyhow::anyhow!("找不到文件 {}", file.display()),
        _ => anyhow::anyhow!("无法读取 {}：{e}", file.display()),
    })?;
    let dump: kaohe_store::backup::Dump = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{}：不是 kaohe 备份文件（{e}）", file.display()))?;
    dump.validate()
        .map_err(|e| anyhow::anyhow!("{}：{e}", file.display()))?;
    let config = args.config()?;
    runtime()?.block_on(async {
        let store = open(&config).await?;
        store
            .load(&dump)
            .await
            .map_err(|e| anyhow::anyhow!("{}：{e}", file.display()))?;
        let tables = dump.tables.get("tables").map_or(0, Vec::len);
        println!("已从 {} 恢复 {tables} 张自查表", file.display());
        Ok(ExitCode::SUCCESS)
    })
}
