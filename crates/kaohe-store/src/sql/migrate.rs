//! The schema: each dialect's migrations, applied once, in order, at open.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::{Args, Conn, DbRow, Dialect, Param, SqlStore, Value};
use crate::model::*;
use crate::Result;

impl<D: Dialect> SqlStore<D>
where
    for<'c> &'c mut Conn<D>: Executor<'c, Database = D::Db>,
    for<'q> Args<'q, D>: IntoArguments<'q, D::Db>,
    for<'r> &'r str: ColumnIndex<DbRow<D>>,
    i64: Value<D::Db>,
    Option<i64>: Value<D::Db>,
    f64: Value<D::Db>,
    Option<f64>: Value<D::Db>,
    String: Value<D::Db>,
    Option<String>: Value<D::Db>,
    Vec<u8>: Value<D::Db>,
    Option<Vec<u8>>: Value<D::Db>,
    for<'q> &'q str: Param<'q, D::Db>,
    for<'q> Option<&'q str>: Param<'q, D::Db>,
{
    pub(super) async fn migrate(&self) -> Result<()> {
        let _guard = self.dialect.write_guard().await;
        let mut tx = self.pool.begin().await?;
        D::lock_migrations(&mut tx).await?;
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS kaohe_schema (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let applied: Vec<i64> = sqlx::query("SELECT version FROM kaohe_schema")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.try_get("version"))
            .collect::<Result<_, _>>()?;
        for (version, sql) in D::MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            tracing::info!(version, "applying database migration");
            sqlx::raw_sql(sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO kaohe_schema (version, applied_at) VALUES ($1, $2)")
                .bind(version)
                .bind(Millis::now().0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
