//! Evidence files, kept as bytes in the database so that every server sees them.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::history::FieldChange;
use super::is_fk_violation;
use super::{Args, Conn, DbRow, Dialect, Param, SqlStore, Value};
use crate::model::*;
use crate::{Actor, Result, StoreError};

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
    fn evidence_from(r: &DbRow<D>) -> Result<Evidence> {
        Ok(Evidence {
            id: r.try_get("id")?,
            table_id: r.try_get("table_id")?,
            task_id: r.try_get("task_id")?,
            target_id: r.try_get("target_id")?,
            filename: r.try_get("filename")?,
            content_type: r.try_get("content_type")?,
            size: r.try_get("size")?,
            sha256: r.try_get("sha256")?,
            uploaded_by: r.try_get("uploaded_by")?,
            created_at: Self::millis(r, "created_at")?,
        })
    }

    pub(super) async fn add_evidence(&self, file: NewEvidence, actor: Actor) -> Result<Evidence> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query(
            "INSERT INTO evidence (table_id, task_id, target_id, filename, content_type, size, \
             sha256, data, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING id, table_id, task_id, target_id, filename, content_type, size, sha256, \
             uploaded_by, created_at",
        )
        .bind(file.table_id)
        .bind(file.task_id)
        .bind(file.target_id)
        .bind(&file.filename)
        .bind(&file.content_type)
        .bind(file.data.len() as i64)
        .bind(crate::auth::sha256_hex(&file.data))
        .bind(&file.data)
        .bind(actor)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_fk_violation(&e) {
                StoreError::Invalid("佐证材料所属的任务或目标不存在".into())
            } else {
                e.into()
            }
        })?;
        let evidence = Self::evidence_from(&row)?;
        let changes = [FieldChange {
            field: "evidence",
            old: None,
            new: Some(file.filename.clone()),
        }];
        Self::record(
            &mut tx,
            file.table_id,
            "evidence",
            evidence.id,
            1,
            &changes,
            actor,
        )
        .await?;
        Self::touch_table(&mut tx, file.table_id).await?;
        tx.commit().await?;
        Ok(evidence)
    }

    pub(super) async fn list_evidence(&self, table_id: Id) -> Result<Vec<Evidence>> {
        let rows = sqlx::query(
            "SELECT id, table_id, task_id, target_id, filename, content_type, size, sha256, \
             uploaded_by, created_at FROM evidence WHERE table_id = $1 ORDER BY id",
        )
        .bind(table_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(Self::evidence_from).collect()
    }

    pub(super) async fn get_evidence(&self, id: Id) -> Result<(Evidence, Vec<u8>)> {
        let row = sqlx::query("SELECT * FROM evidence WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("佐证材料"))?;
        Ok((Self::evidence_from(&row)?, row.try_get("data")?))
    }

    pub(super) async fn delete_evidence(&self, id: Id, actor: Actor) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query("SELECT table_id, filename FROM evidence WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("佐证材料"))?;
        let table_id: i64 = row.try_get("table_id")?;
        let filename: String = row.try_get("filename")?;
        sqlx::query("DELETE FROM evidence WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let changes = [FieldChange {
            field: "evidence",
            old: Some(filename),
            new: None,
        }];
        Self::record(&mut tx, table_id, "evidence", id, 2, &changes, actor).await?;
        Self::touch_table(&mut tx, table_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
