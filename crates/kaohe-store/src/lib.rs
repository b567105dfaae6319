//! kaohe's records on SQLite (the default, a file, no setup) or PostgreSQL
//! (shared by several servers).
//!
//! One [`Store`] trait, one implementation: `sql::SqlStore<D>`, generic over
//! a small `Dialect` (the sqlx database type, the migrations and four
//! hooks) that `sqlite` and `postgres` each provide. The SQL is written once,
//! in the dialect both speak: `$n` parameters, `RETURNING`, integers for
//! times and flags.
//!
//! **Invariants**
//! - Every editable record carries a `version`; an update names the version it
//!   read and is refused with [`StoreError::Conflict`] when it is stale.
//! - Every change to a table, task or target writes [`Change`] rows in the
//!   same transaction, so history is never missing a step.
//! - A task's targets and verdicts are recomputed by the core
//!   ([`derive::derive`]) inside the transaction that changes its text or a
//!   target, so stored verdicts always match the stored text.
//! - Nothing a request needs lives only in one process: sessions, login
//!   throttling and evidence files are rows.

pub mod auth;
pub mod backup;
pub mod derive;
pub mod model;
mod postgres;
mod sql;
mod sqlite;

use async_trait::async_trait;
pub use model::*;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record.
    #[error("找不到{0}")]
    NotFound(&'static str),
    /// The record changed since the caller read it.
    #[error("记录已被他人修改（当前版本 {current_version}），请刷新后再保存")]
    Conflict {
        current_version: i64,
        /// The record as it is now.
        current: Record,
        /// What changed since the version the caller read.
        changes: Vec<Change>,
    },
    /// The request breaks a rule (duplicate name, bad value, wrong state).
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
}

/// Result of a store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A user's access as the store sees it, for history.
pub type Actor = Option<Id>;

/// Everything kaohe keeps.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which database this is.
    fn backend(&self) -> Backend;
    /// A cheap query, for /healthz.
    async fn ping(&self) -> Result<()>;

    // Organizations.
    async fn create_organization(
        &self,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization>;
    async fn list_organizations(&self) -> Result<Vec<Organization>>;
    async fn get_organization(&self, id: Id) -> Result<Organization>;
    async fn update_organization(
        &self,
        id: Id,
        version: i64,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization>;

    // Users.
    async fn create_user(&self, user: NewUser, actor: Actor) -> Result<User>;
    async fn get_user(&self, id: Id) -> Result<User>;
    /// The user and password hash for a login name.
    async fn find_login(&self, username: &str) -> Result<Option<(User, String)>>;
    async fn list_users(&self) -> Result<Vec<User>>;
    async fn update_user(
        &self,
        id: Id,
        version: i64,
        patch: UserPatch,
        actor: Actor,
    ) -> Result<User>;
    async fn count_users(&self) -> Result<i64>;

    // Sessions, tokens and login throttling.
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        csrf_token: &str,
        expires_at: Millis,
    ) -> Result<()>;
    /// The live session for a token hash.
    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn create_api_token(&self, user_id: Id, name: &str, token_hash: &str)
        -> Result<ApiToken>;
    async fn list_api_tokens(&self, user_id: Id) -> Result<Vec<ApiToken>>;
    async fn revoke_api_token(&self, user_id: Id, id: Id) -> Result<()>;
    /// The active user behind an unrevoked token.
    async fn api_token_user(&self, token_hash: &str, now: Millis) -> Result<Option<User>>;
    /// Counts a login attempt against every throttle, atomically and before
    /// its password is checked, so that simultaneous guesses all count. When
    /// a throttle refuses, nothing is counted and the answer is the time the
    /// next attempt is allowed.
    async fn begin_login_attempt(
        &self,
        throttles: &[Throttle],
        now: Millis,
    ) -> Result<Option<Millis>>;
    /// Forgets the attempts counted under these keys (after a good login).
    async fn clear_login_throttles(&self, keys: &[String]) -> Result<()>;
    /// Keeps a failed login for the administrator (a day's worth is kept).
    async fn record_login_failure(
        &self,
        username: &str,
        address: Option<&str>,
        now: Millis,
    ) -> Result<()>;
    /// The latest failed logins, newest first.
    async fn recent_login_failures(&self, limit: i64) -> Result<Vec<LoginFailure>>;

    // Cycles.
    async fn create_cycle(
        &self,
        name: &str,
        year: i64,
        deadline: Option<&str>,
        actor: Actor,
    ) -> Result<Cycle>;
    async fn list_cycles(&self) -> Result<Vec<Cycle>>;
    async fn get_cycle(&self, id: Id) -> Result<Cycle>;
    async fn update_cycle(
        &self,
        id: Id,
        version: i64,
        patch: CyclePatch,
        actor: Actor,
    ) -> Result<Cycle>;
    async fn set_cycle_reviewers(
        &self,
        cycle_id: Id,
        user_ids: &[Id],
        actor: Actor,
    ) -> Result<Cycle>;
    /// Changes to organizations, users and cycles, newest first.
    async fn audit(&self, offset: i64, limit: i64) -> Result<Page<AuditEntry>>;

    // Tables.
    async fn create_table(&self, table: NewTable, actor: Actor) -> Result<TableRecord>;
    /// Replaces a table's rows with a new import (a new version of the table).
    async fn reimport_table(
        &self,
        id: Id,
        version: i64,
        content: TableContent,
        actor: Actor,
    ) -> Result<TableRecord>;
    async fn list_tables(&self, filter: &TableFilter) -> Result<Page<TableRecord>>;
    async fn get_table(&self, id: Id) -> Result<TableRecord>;
    /// The text as imported, unchanged.
    async fn table_source(&self, id: Id) -> Result<String>;
    async fn update_table_title(
        &self,
        id: Id,
        version: i64,
        title: &str,
        actor: Actor,
    ) -> Result<TableRecord>;
    /// Moves a table to `to` if it is in one of `from`, recording a review
    /// event with `action` and `reason`.
    async fn transition_table(
        &self,
        id: Id,
        version: i64,
        from: &[TableStatus],
        to: TableStatus,
        action: &str,
        reason: &str,
        actor: Actor,
    ) -> Result<TableRecord>;
    async fn delete_table(&self, id: Id) -> Result<()>;
    async fn list_reviews(&self, table_id: Id) -> Result<Vec<ReviewEvent>>;

    // Tasks and targets.
    async fn list_tasks(&self, table_id: Id) -> Result<Vec<Task>>;
    async fn get_task(&self, id: Id) -> Result<Task>;
    async fn update_task(
        &self,
        id: Id,
        version: i64,
        patch: TaskPatch,
        actor: Actor,
    ) -> Result<Task>;
    /// Sets the reviewer's score and comment.
    async fn review_task(
        &self,
        id: Id,
        version: i64,
        score: Option<f64>,
        comment: Option<&str>,
        actor: Actor,
    ) -> Result<Task>;
    /// Puts a task's texts back as they were right after change `change_id`
    /// (as a new change, itself recorded).
    async fn restore_task(&self, id: Id, change_id: Id, actor: Actor) -> Result<Task>;
    async fn list_targets(&self, table_id: Id) -> Result<Vec<Target>>;
    /// Tasks whose texts contain `query` (plain text, not a pattern), in
    /// table order, at most `limit`.
    async fn search_tasks(&self, query: &str, limit: i64) -> Result<Vec<Task>>;
    async fn get_target(&self, id: Id) -> Result<Target>;
    /// Corrects a target's reading (or, with `None`, goes back to the parsed
    /// one) and recomputes the task.
    async fn correct_target(
        &self,
        id: Id,
        version: i64,
        correction: Option<TargetCorrection>,
        actor: Actor,
    ) -> Result<Target>;

    // Evidence.
    async fn add_evidence(&self, file: NewEvidence, actor: Actor) -> Result<Evidence>;
    async fn list_evidence(&self, table_id: Id) -> Result<Vec<Evidence>>;
    async fn get_evidence(&self, id: Id) -> Result<(Evidence, Vec<u8>)>;
    async fn delete_evidence(&self, id: Id, actor: Actor) -> Result<()>;

    // History.
    async fn history(&self, table_id: Id, offset: i64, limit: i64) -> Result<Page<Change>>;

    // Backup.
    /// Every row of every table, read in one transaction.
    async fn dump(&self) -> Result<backup::Dump>;
    /// Loads a dump into an empty database.
    async fn load(&self, dump: &backup::Dump) -> Result<()>;
}

/// A record as a stale save finds it now, for the caller to show beside
/// what it typed. Serialized as the record itself.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(untagged)]
pub enum Record {
    Table(Box<TableRecord>),
    Task(Box<Task>),
    Target(Box<Target>),
    Organization(Box<Organization>),
    User(Box<User>),
    Cycle(Box<Cycle>),
}

macro_rules! record_from {
    ($($variant:ident($ty:ty)),*) => {$(
        impl From<$ty> for Record {
            fn from(r: $ty) -> Record {
                Record::$variant(Box::new(r))
            }
        }
    )*};
}
record_from!(
    Table(TableRecord),
    Task(Task),
    Target(Target),
    Organization(Organization),
    User(User),
    Cycle(Cycle)
);

/// Where the records live, read strictly from a URL or path: a typo must
/// stop the server, not quietly start it on a new, empty SQLite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file: a plain path, or `sqlite:` / `sqlite://` and a path.
    Sqlite(std::path::PathBuf),
    /// `postgres://…` or `postgresql://…` (the scheme in any case).
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a database URL or a file path.
    pub fn parse(url: &str) -> std::result::Result<DatabaseUrl, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("数据库地址是空的".into());
        }
        if url.chars().any(char::is_control) {
            return Err("数据库地址里有控制字符".into());
        }
        // A scheme is two or more letters, digits, + - . before a colon; one
        // letter is a Windows drive (C:\…), a path.
        let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
            s.len() >= 2
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        let Some(scheme) = scheme else {
            return Ok(DatabaseUrl::Sqlite(url.into()));
        };
        let rest = &url[scheme.len() + 1..];
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" if rest.starts_with("//") => {
                Ok(DatabaseUrl::Postgres(format!("postgres:{rest}")))
            }
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                if path.is_empty() {
                    return Err("sqlite: 后面应写数据库文件的路径".into());
                }
                Ok(DatabaseUrl::Sqlite(path.into()))
            }
            _ => Err(format!(
                "无法识别的数据库地址“{scheme}:…”：应为 postgres://用户@主机/库名、sqlite:文件路径，或直接写文件路径（kaohe 只支持 SQLite 和 PostgreSQL）"
            )),
        }
    }
}

/// Opens the store a URL or path names (see [`DatabaseUrl`]).
pub async fn open(url: &str) -> Result<std::sync::Arc<dyn Store>> {
    match DatabaseUrl::parse(url).map_err(StoreError::Invalid)? {
        DatabaseUrl::Postgres(url) => Ok(std::sync::Arc::new(PgStore::open(&url).await?)),
        DatabaseUrl::Sqlite(path) => Ok(std::sync::Arc::new(SqliteStore::open(&path).await?)),
    }
}

#[cfg(test)]
mod tests {
    use super::DatabaseUrl;

    #[test]
    fn database_urls_are_read_strictly() {
        let sqlite = |p: &str| Ok(DatabaseUrl::Sqlite(p.into()));
        let pg = |u: &str| Ok(DatabaseUrl::Postgres(u.into()));
        let cases: Vec<(&str, Result<DatabaseUrl, ()>)> = vec![
            ("kaohe-data/kaohe.db", sqlite("kaohe-data/kaohe.db")),
            ("/var/lib/kaohe/kaohe.db", sqlite("/var/lib/kaohe/kaohe.db")),
            (r"C:\kaohe\kaohe.db", sqlite(r"C:\kaohe\kaohe.db")),
            ("sqlite:k.db", sqlite("k.db")),
            ("sqlite://k.db", sqlite("k.db")),
            ("postgres://u@h/db", pg("postgres://u@h/db")),
            ("postgresql://u@h/db", pg("postgres://u@h/db")),
            ("Postgres://u@h/db", pg("postgres://u@h/db")),
            ("mysql://x", Err(())),
            ("postgres:u@h", Err(())),
            ("sqlite:", Err(())),
            ("", Err(())),
            ("redis://h", Err(())),
        ];
        for (url, want) in cases {
            assert_eq!(DatabaseUrl::parse(url).map_err(|_| ()), want, "{url:?}");
        }
    }
}
