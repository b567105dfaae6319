//! The PostgreSQL dialect, for a database shared by several `kaohe serve`
//! processes.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Pool, Transaction};
use tokio::sync::MutexGuard;

use crate::sql::{Dialect, SqlStore};
use crate::{Backend, Result};

/// Held while migrating so that servers starting together migrate once.
const MIGRATION_LOCK: i64 = 0x6b616f6865;

/// kaohe's records in PostgreSQL.
pub type PgStore = SqlStore<PostgresDialect>;

/// What PostgreSQL needs beyond the shared SQL: nothing kept, the server
/// does the locking.
pub struct PostgresDialect;

impl PgStore {
    /// Connects and migrates.
    pub async fn open(url: &str) -> Result<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        SqlStore::open_with(pool, PostgresDialect).await
    }
}

impl Dialect for PostgresDialect {
    type Db = sqlx::Postgres;
    const BACKEND: Backend = Backend::Postgres;
    const MIGRATIONS: &'static [(i64, &'static str)] = &[
        (1, include_str!("../migrations/postgres/0001_init.sql")),
        (2, include_str!("../migrations/postgres/0002_revision.sql")),
        (
            3,
            include_str!("../migrations/postgres/0003_login_throttle.sql"),
        ),
        (4, include_str!("../migrations/postgres/0004_family.sql")),
    ];

    async fn write_guard(&self) -> Option<MutexGuard<'_, ()>> {
        None
    }

    async fn lock_migrations(tx: &mut Transaction<'_, sqlx::Postgres>) -> Result<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn begin_snapshot(
        pool: &Pool<sqlx::Postgres>,
    ) -> Result<Transaction<'static, sqlx::Postgres>> {
        let mut tx = pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// Loaded rows keep their ids; the id sequences must move past them.
    async fn after_load(tx: &mut Transaction<'_, sqlx::Postgres>) -> Result<()> {
        for (table, cols) in crate::backup::TABLES {
            if cols.first().is_some_and(|(c, _)| *c == "id") {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(&sql).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }
}
