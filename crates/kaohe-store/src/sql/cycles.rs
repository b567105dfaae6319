//! Assessment cycles and their reviewers. Changes go to the audit log.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::history::{diff, FieldChange};
use super::{is_fk_violation, is_unique_violation};
use super::{Args, Conn, DbRow, Dialect, Param, RowsAffected as _, SqlStore, Value};
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
    pub(super) async fn create_cycle(
        &self,
        name: &str,
        year: i64,
        deadline: Option<&str>,
        actor: Actor,
    ) -> Result<Cycle> {
        let (_g, mut tx) = self.write_tx().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO cycles (name, year, deadline, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id",
        )
        .bind(name)
        .bind(year)
        .bind(deadline)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let change = [FieldChange {
            field: "create",
            old: None,
            new: Some(format!("{name}（{year}年度）")),
        }];
        Self::record_audit(&mut tx, "cycle", id, &change, actor).await?;
        tx.commit().await?;
        self.get_cycle(id).await
    }

    pub(super) async fn list_cycles(&self) -> Result<Vec<Cycle>> {
        let rows = sqlx::query("SELECT * FROM cycles ORDER BY year DESC, id DESC")
            .fetch_all(&self.pool)
            .await?;
        let reviewers = sqlx::query("SELECT cycle_id, user_id FROM cycle_reviewers")
            .fetch_all(&self.pool)
            .await?;
        let mut cycles = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let mut reviewer_ids = Vec::new();
            for rv in &reviewers {
                if rv.try_get::<i64, _>("cycle_id")? == id {
                    reviewer_ids.push(rv.try_get("user_id")?);
                }
            }
            cycles.push(Cycle {
                id,
                name: r.try_get("name")?,
                year: r.try_get("year")?,
                deadline: r.try_get("deadline")?,
                reviewer_ids,
                version: r.try_get("version")?,
                created_at: Self::millis(r, "created_at")?,
            });
        }
        Ok(cycles)
    }

    pub(super) async fn get_cycle(&self, id: Id) -> Result<Cycle> {
        let r = sqlx::query("SELECT * FROM cycles WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("考核周期"))?;
        let reviewer_ids =
            sqlx::query("SELECT user_id FROM cycle_reviewers WHERE cycle_id = $1 ORDER BY user_id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("user_id"))
                .collect::<Result<_, _>>()?;
        Ok(Cycle {
            id,
            name: r.try_get("name")?,
            year: r.try_get("year")?,
            deadline: r.try_get("deadline")?,
            reviewer_ids,
            version: r.try_get("version")?,
            created_at: Self::millis(&r, "created_at")?,
        })
    }

    pub(super) async fn update_cycle(
        &self,
        id: Id,
        version: i64,
        patch: CyclePatch,
        actor: Actor,
    ) -> Result<Cycle> {
        let current = self.get_cycle(id).await?;
        let (_g, mut tx) = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE cycles SET name = $1, year = $2, deadline = $3, version = version + 1 \
             WHERE id = $4 AND version = $5",
        )
        .bind(patch.name.unwrap_or(current.name.clone()))
        .bind(patch.year.unwrap_or(current.year))
        .bind(patch.deadline.unwrap_or(current.deadline.clone()))
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE tables SET revision = revision + 1 WHERE cycle_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            drop(tx);
            let now = self.get_cycle(id).await?;
            return Err(StoreError::Conflict {
                current_version: now.version,
                current: now.clone().into(),
                changes: vec![],
            });
        }
        let after = sqlx::query("SELECT name, year, deadline FROM cycles WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mut changes = Vec::new();
        diff(
            "name",
            &current.name,
            &after.try_get::<String, _>("name")?,
            &mut changes,
        );
        diff(
            "year",
            &current.year.to_string(),
            &after.try_get::<i64, _>("year")?.to_string(),
            &mut changes,
        );
        diff(
            "deadline",
            current.deadline.as_deref().unwrap_or(""),
            after
                .try_get::<Option<String>, _>("deadline")?
                .as_deref()
                .unwrap_or(""),
            &mut changes,
        );
        Self::record_audit(&mut tx, "cycle", id, &changes, actor).await?;
        tx.commit().await?;
        drop(_g);
        self.get_cycle(id).await
    }

    pub(super) async fn set_cycle_reviewers(
        &self,
        cycle_id: Id,
        user_ids: &[Id],
        actor: Actor,
    ) -> Result<Cycle> {
        let before = self.get_cycle(cycle_id).await?.reviewer_ids;
        let (_g, mut tx) = self.write_tx().await?;
        sqlx::query("DELETE FROM cycle_reviewers WHERE cycle_id = $1")
            .bind(cycle_id)
            .execute(&mut *tx)
            .await?;
        for user in user_ids {
            sqlx::query("INSERT INTO cycle_reviewers (cycle_id, user_id) VALUES ($1, $2)")
                .bind(cycle_id)
                .bind(user)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    if is_fk_violation(&e) {
                        StoreError::Invalid("考核周期或审核人不存在".into())
                    } else if is_unique_violation(&e) {
                        StoreError::Invalid("审核人重复".into())
                    } else {
                        e.into()
                    }
                })?;
        }
        let list = |ids: &[Id]| {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut changes = Vec::new();
        diff("reviewers", &list(&before), &list(user_ids), &mut changes);
        Self::record_audit(&mut tx, "cycle", cycle_id, &changes, actor).await?;
        tx.commit().await?;
        drop(_g);
        self.get_cycle(cycle_id).await
    }
}
