//! Dump and load: every row of every lasting table, as [`crate::backup`] describes.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::{Args, Conn, DbRow, Dialect, Param, SqlStore, Value};
use crate::backup::{self, Col, Dump};
use crate::model::*;
use crate::{Result, StoreError};

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
    pub(super) async fn dump(&self) -> Result<Dump> {
        let mut tx = D::begin_snapshot(&self.pool).await?;
        let mut dump = Dump {
            format: backup::FORMAT.into(),
            schema_version: backup::SCHEMA_VERSION,
            created_at: rfc3339(Millis::now().0),
            tables: Default::default(),
        };
        for (table, cols) in backup::TABLES {
            let names: Vec<&str> = cols.iter().map(|(c, _)| *c).collect();
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {}",
                names.join(", "),
                names[0]
            );
            let rows = sqlx::query(&sql).fetch_all(&mut *tx).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let mut values = Vec::with_capacity(cols.len());
                for (name, col) in cols.iter() {
                    let v = match col {
                        Col::Int => serde_json::json!(r.try_get::<Option<i64>, _>(*name)?),
                        Col::Real => serde_json::json!(r.try_get::<Option<f64>, _>(*name)?),
                        Col::Text => serde_json::json!(r.try_get::<Option<String>, _>(*name)?),
                        Col::Blob => serde_json::json!(r
                            .try_get::<Option<Vec<u8>>, _>(*name)?
                            .map(|b| backup::to_hex(&b))),
                    };
                    values.push(v);
                }
                out.push(values);
            }
            dump.tables.insert((*table).to_string(), out);
        }
        tx.commit().await?;
        Ok(dump)
    }

    pub(super) async fn load(&self, dump: &Dump) -> Result<()> {
        dump.validate().map_err(StoreError::Invalid)?;
        let (_g, mut tx) = self.write_tx().await?;
        let existing: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organizations) AS n",
        )
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if existing > 0 {
            return Err(StoreError::Invalid(
                "目标数据库已有数据；恢复只能写入空数据库".into(),
            ));
        }
        for (table, cols) in backup::TABLES {
            let Some(rows) = dump.tables.get(*table) else {
                continue;
            };
            let cols = backup::columns(table, cols, dump.schema_version);
            let names: Vec<&str> = cols.iter().map(|(c, _)| *c).collect();
            let params: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                params.join(", ")
            );
            for (n, row) in rows.iter().enumerate() {
                let mut q = sqlx::query(&sql);
                for ((name, col), v) in cols.iter().zip(row) {
                    let bad = || {
                        StoreError::Invalid(format!(
                            "备份中表 {table} 第 {} 行的 {name} 值不对",
                            n + 1
                        ))
                    };
                    q = match col {
                        Col::Int => q.bind(if v.is_null() {
                            None
                        } else {
                            Some(v.as_i64().ok_or_else(bad)?)
                        }),
                        Col::Real => q.bind(if v.is_null() {
                            None
                        } else {
                            Some(v.as_f64().ok_or_else(bad)?)
                        }),
                        Col::Text => q.bind(if v.is_null() {
                            None
                        } else {
                            Some(v.as_str().ok_or_else(bad)?.to_string())
                        }),
                        Col::Blob => q.bind(if v.is_null() {
                            None
                        } else {
                            Some(backup::from_hex(v.as_str().ok_or_else(bad)?).ok_or_else(bad)?)
                        }),
                    };
                }
                q.execute(&mut *tx).await?;
            }
        }
        D::after_load(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
