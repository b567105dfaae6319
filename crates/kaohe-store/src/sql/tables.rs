//! Tables: import and re-import, title, the review workflow's transitions,
//! deletion, and the counts and score sums kept on each table.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::history::{diff, FieldChange};
use super::{is_fk_violation, is_unique_violation};
use super::{Args, Conn, DbRow, Dialect, Param, RowsAffected as _, SqlStore, Tx, Value};
use crate::model::*;
use crate::{Actor, Result, StoreError};
use kaohe_core::family::Family;

const TABLE_SELECT: &str = "SELECT t.id, t.organization_id, o.name AS organization, t.cycle_id, \
     c.name AS cycle, t.title, t.status, t.source_name, t.source_encoding, t.import_version, \
     t.return_reason, t.warnings, t.family, t.family_report, t.version, t.revision, t.created_by, t.created_at, t.updated_at, \
     t.n_tasks, t.n_met, t.n_not_met, t.n_unverified, t.n_qualitative, t.n_flagged, \
     t.self_score_sum AS self_score, t.review_score_sum AS review_score \
     FROM tables t JOIN organizations o ON o.id = t.organization_id \
     JOIN cycles c ON c.id = t.cycle_id";

pub(super) fn require_editable(table: &TableRecord) -> Result<()> {
    if table.status.editable() {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "自查表{}，不能修改",
            table.status.chinese()
        )))
    }
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
    fn table_from(r: &DbRow<D>) -> Result<TableRecord> {
        let status: String = r.try_get("status")?;
        let warnings: String = r.try_get("warnings")?;
        let family: String = r.try_get("family")?;
        let family_report: Option<String> = r.try_get("family_report")?;
        let counts = Counts {
            tasks: r.try_get("n_tasks")?,
            met: r.try_get("n_met")?,
            not_met: r.try_get("n_not_met")?,
            unverified: r.try_get("n_unverified")?,
            qualitative: r.try_get("n_qualitative")?,
            flagged: r.try_get("n_flagged")?,
            targets: 0,
        };
        Ok(TableRecord {
            id: r.try_get("id")?,
            organization_id: r.try_get("organization_id")?,
            organization: r.try_get("organization")?,
            cycle_id: r.try_get("cycle_id")?,
            cycle: r.try_get("cycle")?,
            title: r.try_get("title")?,
            family: Family::parse(&family).unwrap_or_default(),
            // A report that does not read as JSON (a store written by hand)
            // is none.
            family_report: family_report
                .and_then(|text| serde_json::value::RawValue::from_string(text).ok()),
            status: TableStatus::parse(&status).unwrap_or(TableStatus::Draft),
            source_name: r.try_get("source_name")?,
            source_encoding: r.try_get("source_encoding")?,
            import_version: r.try_get("import_version")?,
            return_reason: r.try_get("return_reason")?,
            counts: Counts {
                targets: counts.met + counts.not_met + counts.unverified,
                ..counts
            },
            self_score: r.try_get("self_score")?,
            review_score: r.try_get("review_score")?,
            // Warnings that do not read (a store written by hand) are none.
            warnings: serde_json::from_str(&warnings).unwrap_or_default(),
            version: r.try_get("version")?,
            revision: r.try_get("revision")?,
            created_by: r.try_get("created_by")?,
            created_at: Self::millis(r, "created_at")?,
            updated_at: Self::millis(r, "updated_at")?,
        })
    }

    pub(super) async fn table_in<'e, E: Executor<'e, Database = D::Db>>(
        ex: E,
        id: Id,
    ) -> Result<TableRecord> {
        Self::by_id(
            ex,
            &format!("{TABLE_SELECT} WHERE t.id = $1"),
            id,
            "自查表",
            Self::table_from,
        )
        .await
    }

    /// Marks a table changed: a new revision, and for a self-check table its
    /// counts and score sums recomputed from its tasks (a table of another
    /// family keeps those its import set, [`Self::set_family_counts`]).
    pub(super) async fn touch_table(tx: &mut Tx<'_, D>, table_id: Id) -> Result<()> {
        sqlx::query(&TOUCH_SQL)
            .bind(Millis::now().0)
            .bind(table_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Sets a table's family, family report, counts and score sums from an
    /// import (for a self-check table: the family, no report; the counts
    /// are its tasks', set by [`Self::touch_table`]).
    async fn set_family(tx: &mut Tx<'_, D>, table_id: Id, content: &TableContent) -> Result<()> {
        match &content.family {
            None => {
                sqlx::query("UPDATE tables SET family = $1, family_report = NULL WHERE id = $2")
                    .bind(Family::SelfCheck.as_str())
                    .bind(table_id)
                    .execute(&mut **tx)
                    .await?;
            }
            Some(report) => {
                let c = report.counts();
                sqlx::query(
                    "UPDATE tables SET family = $1, family_report = $2, n_tasks = $3, n_met = $4, \
                     n_not_met = $5, n_unverified = $6, n_qualitative = $7, n_flagged = $8, \
                     self_score_sum = $9, review_score_sum = NULL WHERE id = $10",
                )
                .bind(report.family.as_str())
                .bind(report.to_stored())
                .bind(c.tasks)
                .bind(c.met)
                .bind(c.not_met)
                .bind(c.unverified)
                .bind(c.qualitative)
                .bind(c.flagged)
                .bind(report.summary.self_score_total)
                .bind(table_id)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }

    pub(super) async fn create_table(&self, table: NewTable, actor: Actor) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let now = Millis::now().0;
        let c = &table.content;
        let id: i64 = sqlx::query(
            "INSERT INTO tables (organization_id, cycle_id, title, source_name, source_encoding, \
             source_text, warnings, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(table.organization_id)
        .bind(table.cycle_id)
        .bind(&c.title)
        .bind(&c.source_name)
        .bind(&c.source_encoding)
        .bind(&c.source_text)
        .bind(warnings_text(&c.warnings))
        .bind(actor)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(
                    "该单位在本考核周期已有自查表；请作为新版本导入到已有的表".into(),
                )
            } else if is_fk_violation(&e) {
                StoreError::Invalid("单位或考核周期不存在".into())
            } else {
                e.into()
            }
        })?
        .try_get("id")?;
        Self::insert_tasks(&mut tx, id, &c.tasks).await?;
        Self::set_family(&mut tx, id, c).await?;
        Self::touch_table(&mut tx, id).await?;
        let changes = [FieldChange {
            field: "import",
            old: None,
            new: Some(format!("导入 {}（{}）", c.source_name, c.rows_text())),
        }];
        Self::record(&mut tx, id, "table", id, 1, &changes, actor).await?;
        let created = Self::table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub(super) async fn reimport_table(
        &self,
        id: Id,
        version: i64,
        content: TableContent,
        actor: Actor,
    ) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let table = Self::table_in(&mut *tx, id).await?;
        require_editable(&table)?;
        if table.version != version {
            return Err(Self::conflict(
                &mut tx,
                "table",
                id,
                version,
                table.version,
                table.clone(),
            )
            .await);
        }
        let old_source: String = sqlx::query("SELECT source_text FROM tables WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("source_text")?;
        let next = table.version + 1;
        sqlx::query(
            "UPDATE tables SET revision = revision + 1, title = $1, source_name = $2, source_encoding = $3, \
             source_text = $4, warnings = $5, import_version = import_version + 1, \
             version = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(&content.title)
        .bind(&content.source_name)
        .bind(&content.source_encoding)
        .bind(&content.source_text)
        .bind(warnings_text(&content.warnings))
        .bind(next)
        .bind(Millis::now().0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM tasks WHERE table_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Self::insert_tasks(&mut tx, id, &content.tasks).await?;
        Self::set_family(&mut tx, id, &content).await?;
        Self::touch_table(&mut tx, id).await?;
        let mut changes = vec![FieldChange {
            field: "import",
            old: Some(format!("第 {} 版", table.import_version)),
            new: Some(format!(
                "第 {} 版：{}（{}）",
                table.import_version + 1,
                content.source_name,
                content.rows_text()
            )),
        }];
        diff(
            "family",
            table.family.as_str(),
            content.family().as_str(),
            &mut changes,
        );
        diff(
            "source_text",
            &old_source,
            &content.source_text,
            &mut changes,
        );
        diff("title", &table.title, &content.title, &mut changes);
        Self::record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = Self::table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub(super) async fn list_tables(&self, filter: &TableFilter) -> Result<Page<TableRecord>> {
        let limit = filter.limit.clamp(1, 200);
        let offset = filter.offset.max(0);
        let cond = "WHERE ($1 IS NULL OR t.organization_id = $1) \
             AND ($2 IS NULL OR t.cycle_id = $2) \
             AND ($3 IS NULL OR t.status = $3) \
             AND ($4 IS NULL OR t.cycle_id IN \
                  (SELECT r.cycle_id FROM cycle_reviewers r WHERE r.user_id = $4))";
        let status = filter.status.map(|s| s.as_str().to_string());
        let sql = format!("{TABLE_SELECT} {cond} ORDER BY t.id LIMIT $5 OFFSET $6");
        let rows = sqlx::query(&sql)
            .bind(filter.organization_id)
            .bind(filter.cycle_id)
            .bind(&status)
            .bind(filter.reviewer_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let count_sql = format!("SELECT COUNT(*) AS n FROM tables t {cond}");
        let total: i64 = sqlx::query(&count_sql)
            .bind(filter.organization_id)
            .bind(filter.cycle_id)
            .bind(&status)
            .bind(filter.reviewer_id)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok(Page {
            items: rows.iter().map(Self::table_from).collect::<Result<_>>()?,
            total,
            offset,
            limit,
        })
    }

    pub(super) async fn get_table(&self, id: Id) -> Result<TableRecord> {
        Self::table_in(&self.pool, id).await
    }

    pub(super) async fn table_source(&self, id: Id) -> Result<String> {
        Ok(sqlx::query("SELECT source_text FROM tables WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("自查表"))?
            .try_get("source_text")?)
    }

    pub(super) async fn update_table_title(
        &self,
        id: Id,
        version: i64,
        title: &str,
        actor: Actor,
    ) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let table = Self::table_in(&mut *tx, id).await?;
        require_editable(&table)?;
        if table.version != version {
            return Err(Self::conflict(
                &mut tx,
                "table",
                id,
                version,
                table.version,
                table.clone(),
            )
            .await);
        }
        let next = version + 1;
        sqlx::query("UPDATE tables SET revision = revision + 1, title = $1, version = $2, updated_at = $3 WHERE id = $4")
            .bind(title)
            .bind(next)
            .bind(Millis::now().0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut changes = Vec::new();
        diff("title", &table.title, title, &mut changes);
        Self::record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = Self::table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub(super) async fn transition_table(
        &self,
        id: Id,
        version: i64,
        from: &[TableStatus],
        to: TableStatus,
        action: &str,
        reason: &str,
        actor: Actor,
    ) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let table = Self::table_in(&mut *tx, id).await?;
        if table.version != version {
            return Err(Self::conflict(
                &mut tx,
                "table",
                id,
                version,
                table.version,
                table.clone(),
            )
            .await);
        }
        if !from.contains(&table.status) {
            return Err(StoreError::Invalid(format!(
                "自查表{}，不能{}",
                table.status.chinese(),
                match to {
                    TableStatus::Submitted => "提交",
                    TableStatus::Returned => "退回",
                    TableStatus::Approved => "审定",
                    TableStatus::Draft => "改为草稿",
                }
            )));
        }
        let next = version + 1;
        let return_reason = (to == TableStatus::Returned).then_some(reason);
        sqlx::query(
            "UPDATE tables SET revision = revision + 1, status = $1, return_reason = $2, version = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(to.as_str())
        .bind(return_reason)
        .bind(next)
        .bind(Millis::now().0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if let Some(user) = actor {
            sqlx::query(
                "INSERT INTO reviews (table_id, user_id, action, reason, at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(user)
            .bind(action)
            .bind(reason)
            .bind(Millis::now().0)
            .execute(&mut *tx)
            .await?;
        }
        let mut changes = Vec::new();
        diff("status", table.status.as_str(), to.as_str(), &mut changes);
        if !reason.is_empty() {
            changes.push(FieldChange {
                field: "reason",
                old: None,
                new: Some(reason.to_string()),
            });
        }
        Self::record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = Self::table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub(super) async fn delete_table(&self, id: Id) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let done = sqlx::query("DELETE FROM tables WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("自查表"));
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn list_reviews(&self, table_id: Id) -> Result<Vec<ReviewEvent>> {
        let rows = sqlx::query(
            "SELECT r.id, r.table_id, r.user_id, u.username, r.action, r.reason, r.at \
             FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.table_id = $1 ORDER BY r.id",
        )
        .bind(table_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReviewEvent {
                    id: r.try_get("id")?,
                    table_id: r.try_get("table_id")?,
                    user_id: r.try_get("user_id")?,
                    username: r.try_get("username")?,
                    action: r.try_get("action")?,
                    reason: r.try_get("reason")?,
                    at: Self::millis(r, "at")?,
                })
            })
            .collect()
    }
}

/// The statement of [`SqlStore::touch_table`]: a new revision, and the
/// counts and sums of a self-check table from its tasks.
static TOUCH_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let from_tasks = [
        ("n_tasks", "COUNT(*)"),
        ("n_met", "COALESCE(SUM(k.met), 0)"),
        ("n_not_met", "COALESCE(SUM(k.not_met), 0)"),
        ("n_unverified", "COALESCE(SUM(k.unverified), 0)"),
        ("n_qualitative", "COALESCE(SUM(k.qualitative), 0)"),
        ("n_flagged", "COALESCE(SUM(k.flagged), 0)"),
        ("self_score_sum", "SUM(k.self_score)"),
        ("review_score_sum", "SUM(k.review_score)"),
    ];
    let sets: Vec<String> = from_tasks
        .iter()
        .map(|(column, aggregate)| {
            format!(
                "{column} = CASE WHEN family = 'self_check' THEN \
                 (SELECT {aggregate} FROM tasks k WHERE k.table_id = tables.id) ELSE {column} END"
            )
        })
        .collect();
    format!(
        "UPDATE tables SET updated_at = $1, revision = revision + 1, {} WHERE id = $2",
        sets.join(", ")
    )
});

/// Warnings as the `warnings` column stores them: a JSON list.
fn warnings_text(warnings: &[kaohe_core::Diagnostic]) -> String {
    serde_json::to_string(warnings).unwrap_or_else(|_| "[]".into())
}
