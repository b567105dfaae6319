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

# 数据库地址。留空则使用数据目录下的 SQLite 文件；
# 多台服务器共用时填 PostgreSQL，如 "postgres://kaohe:密码@db.example/kaohe"。
database_url = ""

# 日志格式："text"（便于阅读）或 "json"（便于收集）。
log_format = "text"

# 日志级别：error、warn、info、debug。
log_level = "info"

# 上传文件（自查表、佐证材料）的大小上限，单位 MB。
max_upload_mb = 20

# 登录有效时长，单位小时。
session_hours = 8

# 同一用户名 15 分钟内登录失败达到此次数后暂停登录。
login_max_failures = 5

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
    /// Failed logins per name in 15 minutes before logins pause.
    pub login_max_failures: i64,
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
            self.secure_cookies = matches!(v.trim(), "1" | "true" | "yes");
        }
        Ok(())
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
