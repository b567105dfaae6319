//! Settings: defaults, then the config file, then `KAOHE_*` environment
//! variables, then command-line flags (applied by the caller).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The commented example that `kaohe config default` prints. Every key is
/// here with its default; the test below parses it.
pub const DEFAULT_TOML: &str = r#"# kaohe 服务配置（kaohe serve）。
# 读取顺序：本文件 → 环境变量 KAOHE_*（如 KAOHE_ADDR）→ 命令行参数，后者覆盖前者。
# 用法：kaohe config default > kaohe.toml，修改后 kaohe serve --config kaohe.toml

# 监听地址。对外服务时放在 HTTPS 反向代理之后。
addr = "127.0.0.1:8080"

# 数据目录：默认数据库 kaohe.db（SQLite）放在这里，首次启动时自动创建。
data_dir = "kaohe-data"

# 数据库地址。留空则使用数据目录下的 SQLite 文件；也可写 "sqlite:路径"。
# 多台服务器共用时填 PostgreSQL，如 "postgres://kaohe:密码@db.example/kaohe"。
# 其他写法（如 mysql://）会被拒绝，不会悄悄改用 SQLite。
database_url = ""

# 日志格式："text"（便于阅读）或 "json"（便于收集）。
log_format = "text"

# 日志级别：error、warn、info、debug。
log_level = "info"

# 上传文件（自查表、佐证材料）的大小上限，单位 MB。
max_upload_mb = 20

# 登录有效时长，单位小时（1 到 720）。
session_hours = 8

# 同一地址对同一用户名连续登录失败达到此次数后，每次再试须等待的时间加倍
# （1 秒起，最长 15 分钟）；同一用户名从各处失败达到两倍次数后也开始等待（最长 2 分钟），
# 同一地址失败达到六倍次数后该地址的登录也开始等待（最长 1 分钟）。
# 只是等待，不会锁死账号；登录成功后该用户名的计数清零。
login_max_failures = 5

# 放在反向代理之后时设为 true：登录限流按代理写在 X-Forwarded-For 末尾的客户端地址计算，
# 而不是把所有人都算作代理的地址。直接对外服务时必须为 false，否则客户端可以伪造地址。
trust_forwarded_for = false

# /metrics（Prometheus 指标）的访问令牌：抓取时带 “Authorization: Bearer 令牌”。
# 留空则只有登录的管理员可以查看。
metrics_token = ""

# 另设一个只提供 /metrics 的监听地址（如 "127.0.0.1:9090"，不需令牌）；留空则不另设。
metrics_addr = ""

# 同时读取上传文件（自查表）的数量上限；0 表示 CPU 核数的一半（至少 1）。
# 都在读时，新的上传等候几秒，仍无空闲则回答 503 并请对方稍后再试。
import_workers = 0

# 导出 PDF 用的中文字体文件（.ttf/.otf/.ttc）。留空则在系统中查找（如 fonts-noto-cjk）。
pdf_font = ""

# 仅通过 HTTPS 访问时设为 true，Cookie 会带 Secure 标记。
# 设为 false 时，反向代理传来 X-Forwarded-Proto: https 的请求仍会带 Secure。
secure_cookies = false
"#;

/// The settings of `kaohe serve`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// Where the SQLite file lives.
    pub data_dir: PathBuf,
    /// `postgres://…`; empty for SQLite in `data_dir`.
    pub database_url: String,
    /// `text` or `json`.
    pub log_format: String,
    /// `error`, `warn`, `info`, `debug`.
    pub log_level: String,
    /// Upload limit in MB.
    pub max_upload_mb: u64,
    /// Session lifetime in hours.
    pub session_hours: u64,
    /// Failed logins of one name from one address before back-off starts.
    pub login_max_failures: i64,
    /// Take the client's address from the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    /// Bearer token for `/metrics`; empty: administrators only.
    pub metrics_token: String,
    /// A separate address serving only `/metrics`; empty: none.
    pub metrics_addr: String,
    /// Uploaded files read at once; 0: half the cores, at least one.
    pub import_workers: usize,
    /// Mark cookies Secure.
    pub secure_cookies: bool,
    /// The CJK font for PDF exports; empty to search the usual places.
    pub pdf_font: String,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("kaohe-data"),
            database_url: String::new(),
            log_format: "text".into(),
            log_level: "info".into(),
            max_upload_mb: 20,
            session_hours: 8,
            login_max_failures: 5,
            trust_forwarded_for: false,
            metrics_token: String::new(),
            metrics_addr: String::new(),
            import_workers: 0,
            secure_cookies: false,
            pdf_font: String::new(),
        }
    }
}

impl Config {
    /// Reads a config file (if given), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, String> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("无法读取配置文件 {}：{e}", path.display()))?;
                Config::parse(&text).map_err(|e| format!("配置文件 {}：{e}", path.display()))?
            }
            None => Config::default(),
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        config.validate()?;
        Ok(config)
    }

    /// Parses TOML text.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Overrides from `KAOHE_*` variables.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        fn num<T: std::str::FromStr>(key: &str, v: &str) -> Result<T, String> {
            v.trim()
                .parse()
                .map_err(|_| format!("环境变量 {key} 的值“{v}”不是有效数字"))
        }
        fn flag(key: &str, v: &str) -> Result<bool, String> {
            match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" | "" => Ok(false),
                _ => Err(format!("环境变量 {key} 的值“{v}”应为 true 或 false")),
            }
        }
        if let Some(v) = get("KAOHE_ADDR") {
            self.addr = v
                .trim()
                .parse()
                .map_err(|_| format!("环境变量 KAOHE_ADDR 的值“{v}”不是有效地址"))?;
        }
        if let Some(v) = get("KAOHE_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("KAOHE_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = get("KAOHE_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = get("KAOHE_LOG_LEVEL") {
            self.log_level = v;
        }
        if let Some(v) = get("KAOHE_MAX_UPLOAD_MB") {
            self.max_upload_mb = num("KAOHE_MAX_UPLOAD_MB", &v)?;
        }
        if let Some(v) = get("KAOHE_SESSION_HOURS") {
            self.session_hours = num("KAOHE_SESSION_HOURS", &v)?;
        }
        if let Some(v) = get("KAOHE_LOGIN_MAX_FAILURES") {
            self.login_max_failures = num("KAOHE_LOGIN_MAX_FAILURES", &v)?;
        }
        if let Some(v) = get("KAOHE_PDF_FONT") {
            self.pdf_font = v;
        }
        if let Some(v) = get("KAOHE_SECURE_COOKIES") {
            self.secure_cookies = flag("KAOHE_SECURE_COOKIES", &v)?;
        }
        if let Some(v) = get("KAOHE_TRUST_FORWARDED_FOR") {
            self.trust_forwarded_for = flag("KAOHE_TRUST_FORWARDED_FOR", &v)?;
        }
        if let Some(v) = get("KAOHE_METRICS_TOKEN") {
            self.metrics_token = v;
        }
        if let Some(v) = get("KAOHE_METRICS_ADDR") {
            self.metrics_addr = v;
        }
        if let Some(v) = get("KAOHE_IMPORT_WORKERS") {
            self.import_workers = num("KAOHE_IMPORT_WORKERS", &v)?;
        }
        Ok(())
    }

    /// Refuses values that would make the server misbehave rather than
    /// fail: a session that never works, an unknown database, a bad address.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=720).contains(&self.session_hours) {
            return Err(format!(
                "session_hours（登录有效时长）应在 1 到 720 小时之间，现为 {}",
                self.session_hours
            ));
        }
        if !(1..=100).contains(&self.login_max_failures) {
            return Err(format!(
                "login_max_failures 应在 1 到 100 之间，现为 {}",
                self.login_max_failures
            ));
        }
        if !(1..=10_240).contains(&self.max_upload_mb) {
            return Err(format!(
                "max_upload_mb 应在 1 到 10240 之间，现为 {}",
                self.max_upload_mb
            ));
        }
        if self.import_workers > 64 {
            return Err(format!(
                "import_workers 最多 64，现为 {}",
                self.import_workers
            ));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(format!(
                "log_format 应为 text 或 json，现为“{}”",
                self.log_format
            ));
        }
        self.metrics_listen()?;
        kaohe_store::DatabaseUrl::parse(&self.database())?;
        Ok(())
    }

    /// The separate `/metrics` address, if one is set.
    pub fn metrics_listen(&self) -> Result<Option<SocketAddr>, String> {
        let addr = self.metrics_addr.trim();
        if addr.is_empty() {
            return Ok(None);
        }
        addr.parse()
            .map(Some)
            .map_err(|_| format!("metrics_addr 的值“{addr}”不是有效地址（如 127.0.0.1:9090）"))
    }

    /// How long a session lasts, in milliseconds.
    pub fn session_millis(&self) -> i64 {
        self.session_hours.clamp(1, 720) as i64 * 3_600_000
    }

    /// How many uploaded files are read at once.
    pub fn import_slots(&self) -> usize {
        if self.import_workers > 0 {
            return self.import_workers;
        }
        std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
    }

    /// The database to open.
    pub fn database(&self) -> String {
        if self.database_url.trim().is_empty() {
            self.data_dir.join("kaohe.db").display().to_string()
        } else {
            self.database_url.trim().to_string()
        }
    }

    /// Upload limit in bytes.
    pub fn max_upload_bytes(&self) -> usize {
        (self.max_upload_mb as usize).saturating_mul(1024 * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_default_is_the_default() {
        let parsed = Config::parse(DEFAULT_TOML).unwrap();
        let d = Config::default();
        assert_eq!(parsed.addr, d.addr);
        assert_eq!(parsed.data_dir, d.data_dir);
        assert_eq!(parsed.max_upload_mb, d.max_upload_mb);
        assert_eq!(parsed.session_hours, d.session_hours);
        assert_eq!(parsed.login_max_failures, d.login_max_failures);
        assert_eq!(parsed.secure_cookies, d.secure_cookies);
        assert_eq!(parsed.log_format, d.log_format);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(Config::parse("adress = \"x\"").is_err());
        assert!(Config::parse("addr = \"not an address\"").is_err());
        let mut c = Config::default();
        let env = |k: &str| (k == "KAOHE_SESSION_HOURS").then(|| "八".to_string());
        assert!(c
            .apply_env(env)
            .unwrap_err()
            .contains("KAOHE_SESSION_HOURS"));
    }

    #[test]
    fn values_that_would_misbehave_are_refused() {
        // (environment variable, value, accepted)
        let cases: &[(&str, &str, bool)] = &[
            ("KAOHE_SESSION_HOURS", "0", false),
            ("KAOHE_SESSION_HOURS", "1", true),
            ("KAOHE_SESSION_HOURS", "720", true),
            ("KAOHE_SESSION_HOURS", "721", false),
            ("KAOHE_SESSION_HOURS", "18446744073709551615", false),
            ("KAOHE_DATABASE_URL", "mysql://x", false),
            ("KAOHE_DATABASE_URL", "Postgres://u@h/db", true),
            ("KAOHE_DATABASE_URL", "postgresql://u@h/db", true),
            ("KAOHE_DATABASE_URL", "sqlite:data/k.db", true),
            ("KAOHE_DATABASE_URL", "data/k.db", true),
            ("KAOHE_DATABASE_URL", "http://example/db", false),
            ("KAOHE_METRICS_ADDR", "127.0.0.1:9090", true),
            ("KAOHE_METRICS_ADDR", "nine", false),
            ("KAOHE_LOGIN_MAX_FAILURES", "0", false),
            ("KAOHE_SECURE_COOKIES", "maybe", false),
        ];
        for (key, value, ok) in cases {
            let mut c = Config::default();
            let result = c
                .apply_env(|k| (k == *key).then(|| value.to_string()))
                .and_then(|()| c.validate());
            assert_eq!(result.is_ok(), *ok, "{key}={value}: {result:?}");
        }
        assert_eq!(Config::default().session_millis(), 8 * 3_600_000);
    }

    #[test]
    fn environment_overrides_file() {
        let mut c = Config::parse("addr = \"127.0.0.1:9000\"").unwrap();
        c.apply_env(|k| match k {
            "KAOHE_ADDR" => Some("0.0.0.0:8081".into()),
            "KAOHE_DATABASE_URL" => Some("postgres://x/y".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.addr.port(), 8081);
        assert_eq!(c.database(), "postgres://x/y");
    }
}
