//! The SQLite store: one file under the data directory, WAL mode.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Backend, Result};

type Db = sqlx::Sqlite;
type StoreImpl = SqliteStore;
const BACKEND: Backend = Backend::Sqlite;
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_revision.sql")),
    (
        3,
        include_str!("../migrations/sqlite/0003_login_throttle.sql"),
    ),
];

/// kaohe's records in a SQLite file.
pub struct SqliteStore {
    pool: sqlx::Pool<Db>,
    /// SQLite allows one writer; taking turns here avoids busy errors when
    /// two transactions of this process both want to write.
    write: tokio::sync::Mutex<()>,
    /// The background checkpointer, stopped with the store.
    checkpoints: tokio::task::AbortHandle,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.checkpoints.abort();
    }
}

impl SqliteStore {
    /// Opens the file, creating and migrating it.
    pub async fn open(path: &Path) -> Result<SqliteStore> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Invalid(format!("无法创建数据目录 {}：{e}", dir.display()))
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Checkpoints run in the background (below), not inside the
            // commit that crosses the threshold while holding the writer lock.
            .pragma("wal_autocheckpoint", "0");
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let checkpoints = {
            let pool = pool.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                        .execute(&pool)
                        .await
                    {
                        tracing::warn!(error = %e, "WAL checkpoint failed");
                    }
                }
            })
            .abort_handle()
        };
        let store = SqliteStore {
            pool,
            write: tokio::sync::Mutex::new(()),
            checkpoints,
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn write_guard(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        Some(self.write.lock().await)
    }

    async fn lock_migrations(_tx: &mut sqlx::Transaction<'_, Db>) -> Result<()> {
        Ok(())
    }

    async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'_, Db>> {
        Ok(self.pool.begin().await?)
    }

    async fn after_load(_tx: &mut sqlx::Transaction<'_, Db>) -> Result<()> {
        Ok(())
    }
}

include!("sql/common.rs");
