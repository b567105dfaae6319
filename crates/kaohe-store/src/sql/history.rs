//! What changed, by whom and when: a table's history (tables, tasks, targets,
//! evidence), the audit of organizations, users and cycles, the conflict
//! answer built from them, and restoring a task from its history.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::{Args, Conn, DbRow, Dialect, Param, SqlStore, Tx, Value};
use crate::model::*;
use crate::{Actor, Result, StoreError};

const CHANGE_SELECT: &str = "SELECT h.id, h.table_id, h.entity, h.entity_id, h.version, h.field, \
     h.old_value, h.new_value, h.user_id, u.username, h.at \
     FROM history h LEFT JOIN users u ON u.id = h.user_id";

pub(super) fn opt_f64_text(v: Option<f64>) -> Option<String> {
    v.map(kaohe_core::verify::fmt_num)
}

/// One field's change, before it is written.
pub(super) struct FieldChange {
    pub(super) field: &'static str,
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
}

pub(super) fn diff(field: &'static str, old: &str, new: &str, out: &mut Vec<FieldChange>) {
    if old != new {
        out.push(FieldChange {
            field,
            old: Some(old.to_string()),
            new: Some(new.to_string()),
        });
    }
}

/// Where a change is written: a table's history, or the audit of
/// organizations, users and cycles.
#[derive(Clone, Copy)]
enum Log {
    History(Id),
    Audit,
}

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
    fn change_from(r: &DbRow<D>) -> Result<Change> {
        Ok(Change {
            id: r.try_get("id")?,
            table_id: r.try_get("table_id")?,
            entity: r.try_get("entity")?,
            entity_id: r.try_get("entity_id")?,
            version: r.try_get("version")?,
            field: r.try_get("field")?,
            old_value: r.try_get("old_value")?,
            new_value: r.try_get("new_value")?,
            user_id: r.try_get("user_id")?,
            username: r.try_get("username")?,
            at: Self::millis(r, "at")?,
        })
    }

    pub(super) async fn record(
        tx: &mut Tx<'_, D>,
        table_id: Id,
        entity: &str,
        entity_id: Id,
        version: i64,
        changes: &[FieldChange],
        actor: Actor,
    ) -> Result<()> {
        Self::write_log(
            tx,
            Log::History(table_id),
            entity,
            entity_id,
            version,
            changes,
            actor,
        )
        .await
    }

    pub(super) async fn record_audit(
        tx: &mut Tx<'_, D>,
        entity: &str,
        entity_id: Id,
        changes: &[FieldChange],
        actor: Actor,
    ) -> Result<()> {
        Self::write_log(tx, Log::Audit, entity, entity_id, 0, changes, actor).await
    }

    async fn write_log(
        tx: &mut Tx<'_, D>,
        log: Log,
        entity: &str,
        entity_id: Id,
        version: i64,
        changes: &[FieldChange],
        actor: Actor,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let now = Millis::now().0;
        let (head, width) = match log {
            Log::History(_) => (
                "INSERT INTO history (table_id, version, entity, entity_id, field, old_value, \
                 new_value, user_id, at) VALUES ",
                9,
            ),
            Log::Audit => (
                "INSERT INTO audit (entity, entity_id, field, old_value, new_value, user_id, at) \
                 VALUES ",
                7,
            ),
        };
        // One statement for all fields: each statement is a round trip.
        let rows: Vec<String> = (0..changes.len())
            .map(|i| {
                let params: Vec<String> =
                    (1..=width).map(|k| format!("${}", i * width + k)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let sql = format!("{head}{}", rows.join(", "));
        let mut q = sqlx::query(&sql);
        for c in changes {
            if let Log::History(table_id) = log {
                q = q.bind(table_id).bind(version);
            }
            q = q
                .bind(entity)
                .bind(entity_id)
                .bind(c.field)
                .bind(&c.old)
                .bind(&c.new)
                .bind(actor)
                .bind(now);
        }
        q.execute(&mut **tx).await?;
        Ok(())
    }

    async fn changes_since(
        tx: &mut Tx<'_, D>,
        entity: &str,
        entity_id: Id,
        version: i64,
    ) -> Result<Vec<Change>> {
        let sql = format!(
            "{CHANGE_SELECT} WHERE h.entity = $1 AND h.entity_id = $2 AND h.version > $3 ORDER BY h.id"
        );
        let rows = sqlx::query(&sql)
            .bind(entity)
            .bind(entity_id)
            .bind(version)
            .fetch_all(&mut **tx)
            .await?;
        rows.iter().map(Self::change_from).collect()
    }

    pub(super) async fn conflict(
        tx: &mut Tx<'_, D>,
        entity: &str,
        entity_id: Id,
        read_version: i64,
        current_version: i64,
        current: impl Into<crate::Record>,
    ) -> StoreError {
        let changes = match Self::changes_since(tx, entity, entity_id, read_version).await {
            Ok(c) => c,
            Err(e) => return e,
        };
        StoreError::Conflict {
            current_version,
            current: current.into(),
            changes,
        }
    }

    pub(super) async fn audit(&self, offset: i64, limit: i64) -> Result<Page<AuditEntry>> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let rows = sqlx::query(
            "SELECT a.id, a.entity, a.entity_id, a.field, a.old_value, a.new_value, a.user_id, \
             u.username, a.at FROM audit a LEFT JOIN users u ON u.id = a.user_id \
             ORDER BY a.id DESC LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    entity: r.try_get("entity")?,
                    entity_id: r.try_get("entity_id")?,
                    field: r.try_get("field")?,
                    old_value: r.try_get("old_value")?,
                    new_value: r.try_get("new_value")?,
                    user_id: r.try_get("user_id")?,
                    username: r.try_get("username")?,
                    at: Self::millis(r, "at")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page {
            items,
            total,
            offset,
            limit,
        })
    }

    pub(super) async fn history(
        &self,
        table_id: Id,
        offset: i64,
        limit: i64,
    ) -> Result<Page<Change>> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let sql =
            format!("{CHANGE_SELECT} WHERE h.table_id = $1 ORDER BY h.id DESC LIMIT $2 OFFSET $3");
        let rows = sqlx::query(&sql)
            .bind(table_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM history WHERE table_id = $1")
            .bind(table_id)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok(Page {
            items: rows.iter().map(Self::change_from).collect::<Result<_>>()?,
            total,
            offset,
            limit,
        })
    }

    pub(super) async fn restore_task(&self, id: Id, change_id: Id, actor: Actor) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = Self::task_in(&mut *tx, id).await?;
        let sql = format!(
            "{CHANGE_SELECT} WHERE h.entity = 'task' AND h.entity_id = $1 AND h.id > $2 \
             ORDER BY h.id"
        );
        let later: Vec<Change> = sqlx::query(&sql)
            .bind(id)
            .bind(change_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(Self::change_from)
            .collect::<Result<_>>()?;
        let known: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM history WHERE id = $1 AND entity = 'task' AND entity_id = $2",
        )
        .bind(change_id)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if known == 0 {
            return Err(StoreError::NotFound("该任务的这条修改记录"));
        }
        // The value a field had right after the change is the old value of
        // its first later change.
        let first_old = |field: &str| -> Option<Option<String>> {
            later
                .iter()
                .find(|c| c.field == field)
                .map(|c| c.old_value.clone())
        };
        let text = |field: &str| first_old(field).map(|v| v.unwrap_or_default());
        let patch = TaskPatch {
            dimension: text("dimension"),
            content: text("content"),
            status: text("status"),
            problems: text("problems"),
            self_score: first_old("self_score").map(|v| v.and_then(|s| s.parse().ok())),
        };
        let restored = Self::patch_task(&mut tx, id, task.version, patch, actor).await?;
        tx.commit().await?;
        Ok(restored)
    }
}
