//! The PostgreSQL store, shared by several `kaohe serve` processes.

use std::time::Duration;

use sqlx::postgres::PgPoolOptions;

use crate::{Backend, Result};

type Db = sqlx::Postgres;
type StoreImpl = PgStore;
const BACKEND: Backend = Backend::Postgres;
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_revision.sql")),
    (
        3,
        include_str!("../migrations/postgres/0003_login_throttle.sql"),
    ),
];
/// Held while migrating so that servers starting together migrate once.
const MIGRATION_LOCK: i64 = 0x6b616f6865;

/// kaohe's records in PostgreSQL.
pub struct PgStore {
    pool: sqlx::Pool<Db>,
}

impl PgStore {
    /// Connects and migrates.
    pub async fn open(url: &str) -> Result<PgStore> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        let store = PgStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn write_guard(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        None
    }

    async fn lock_migrations(tx: &mut sqlx::Transaction<'_, Db>) -> Result<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'_, Db>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// Loaded rows keep their ids; the id sequences must move past them.
    async fn after_load(tx: &mut sqlx::Transaction<'_, Db>) -> Result<()> {
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

include!("sql/common.rs");
