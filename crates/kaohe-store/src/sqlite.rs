//! The SQLite dialect: one file under the data directory, WAL mode, one
//! writer at a time.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use crate::sql::{Dialect, SqlStore};
use crate::{Backend, Result, StoreError};

/// kaohe's records in a SQLite file.
pub type SqliteStore = SqlStore<SqliteDialect>;

/// What SQLite needs beyond the shared SQL.
pub struct SqliteDialect {
    /// SQLite allows one writer; taking turns here avoids busy errors when
    /// two transactions of this process both want to write.
    write: Mutex<()>,
    /// The background checkpointer, stopped with the store.
    checkpoints: tokio::task::AbortHandle,
}

impl Drop for SqliteDialect {
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
        let dialect = SqliteDialect {
            write: Mutex::new(()),
            checkpoints,
        };
        SqlStore::open_with(pool, dialect).await
    }
}

impl Dialect for SqliteDialect {
    type Db = sqlx::Sqlite;
    const BACKEND: Backend = Backend::Sqlite;
    const MIGRATIONS: &'static [(i64, &'static str)] = &[
        (1, include_str!("../migrations/sqlite/0001_init.sql")),
        (2, include_str!("../migrations/sqlite/0002_revision.sql")),
        (
            3,
            include_str!("../migrations/sqlite/0003_login_throttle.sql"),
        ),
        (4, include_str!("../migrations/sqlite/0004_family.sql")),
    ];

    async fn write_guard(&self) -> Option<MutexGuard<'_, ()>> {
        Some(self.write.lock().await)
    }

    async fn lock_migrations(_tx: &mut Transaction<'_, sqlx::Sqlite>) -> Result<()> {
        Ok(())
    }

    async fn begin_snapshot(
        pool: &Pool<sqlx::Sqlite>,
    ) -> Result<Transaction<'static, sqlx::Sqlite>> {
        Ok(pool.begin().await?)
    }

    async fn after_load(_tx: &mut Transaction<'_, sqlx::Sqlite>) -> Result<()> {
        Ok(())
    }
}
