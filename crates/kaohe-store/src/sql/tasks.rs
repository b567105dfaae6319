//! Tasks and their targets: edits, reviews and corrections, each recomputing
//! the task's targets and verdicts with the core in the same transaction.

use kaohe_core::claim::Claimed;
use kaohe_core::quantity::{Comparator, Period};
use kaohe_core::target::TargetKind;
use kaohe_core::verify::Verdict;
use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::history::{diff, opt_f64_text, FieldChange};
use super::tables::require_editable;
use super::{Args, Conn, DbRow, Dialect, Param, RowsAffected as _, SqlStore, Tx, Value};
use crate::derive::{self, Derived, DerivedTarget, StoredCorrection};
use crate::model::*;
use crate::{Actor, Result, StoreError};

const TASK_COLS: &str = "id, table_id, position, dimension, content, status, problems, claimed, \
     met, not_met, unverified, qualitative, flagged, self_score, review_score, review_comment, \
     report, version, updated_at";

const TARGET_COLS: &str = "id, task_id, position, item, text, kind, comparator, value, unit, \
     period, corrected, verdict, ratio, actual, reason, line, version";

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
    fn task_from(r: &DbRow<D>) -> Result<Task> {
        let report: String = r.try_get("report")?;
        Ok(Task {
            id: r.try_get("id")?,
            table_id: r.try_get("table_id")?,
            position: r.try_get("position")?,
            dimension: r.try_get("dimension")?,
            content: r.try_get("content")?,
            status: r.try_get("status")?,
            problems: r.try_get("problems")?,
            claimed: Self::parsed(r, "claimed", Claimed::parse)?,
            met: r.try_get("met")?,
            not_met: r.try_get("not_met")?,
            unverified: r.try_get("unverified")?,
            qualitative: r.try_get("qualitative")?,
            flagged: r.try_get::<i64, _>("flagged")? != 0,
            self_score: r.try_get("self_score")?,
            review_score: r.try_get("review_score")?,
            review_comment: r.try_get("review_comment")?,
            report: serde_json::value::RawValue::from_string(report)
                .map_err(|e| StoreError::Invalid(format!("任务的核对结果已损坏：{e}")))?,
            version: r.try_get("version")?,
            updated_at: Self::millis(r, "updated_at")?,
        })
    }

    /// A text column read as one of the core's enums.
    fn parsed<T>(r: &DbRow<D>, column: &'static str, parse: fn(&str) -> Option<T>) -> Result<T> {
        let text: String = r.try_get(column)?;
        parse(&text).ok_or_else(|| corrupt(column, &text))
    }

    fn target_from(r: &DbRow<D>) -> Result<Target> {
        Ok(Target {
            id: r.try_get("id")?,
            task_id: r.try_get("task_id")?,
            position: r.try_get("position")?,
            item: r.try_get("item")?,
            text: r.try_get("text")?,
            kind: Self::parsed(r, "kind", TargetKind::parse)?,
            comparator: match r.try_get::<Option<String>, _>("comparator")? {
                None => None,
                Some(c) => Some(Comparator::parse(&c).ok_or_else(|| corrupt("comparator", &c))?),
            },
            value: r.try_get("value")?,
            unit: r.try_get("unit")?,
            period: Self::parsed(r, "period", Period::parse)?,
            corrected: r.try_get::<i64, _>("corrected")? != 0,
            verdict: Self::parsed(r, "verdict", Verdict::parse)?,
            ratio: r.try_get("ratio")?,
            actual: r.try_get("actual")?,
            reason: r.try_get("reason")?,
            line: r.try_get("line")?,
            version: r.try_get("version")?,
        })
    }

    pub(super) async fn task_in<'e, E: Executor<'e, Database = D::Db>>(
        ex: E,
        id: Id,
    ) -> Result<Task> {
        Self::by_id(
            ex,
            &format!("SELECT {TASK_COLS} FROM tasks WHERE id = $1"),
            id,
            "任务",
            Self::task_from,
        )
        .await
    }

    /// A task with its stored line pieces, in one round trip.
    async fn task_and_pieces_in(tx: &mut Tx<'_, D>, id: Id) -> Result<(Task, SourcePieces)> {
        let sql = format!("SELECT {TASK_COLS}, source_pieces FROM tasks WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound("任务"))?;
        let pieces: String = row.try_get("source_pieces")?;
        Ok((Self::task_from(&row)?, SourcePieces::from_stored(&pieces)))
    }

    async fn target_in<'e, E: Executor<'e, Database = D::Db>>(ex: E, id: Id) -> Result<Target> {
        Self::by_id(
            ex,
            &format!("SELECT {TARGET_COLS} FROM targets WHERE id = $1"),
            id,
            "目标",
            Self::target_from,
        )
        .await
    }

    async fn corrections_of(tx: &mut Tx<'_, D>, task_id: Id) -> Result<Vec<StoredCorrection>> {
        let sql = format!("SELECT {TARGET_COLS} FROM targets WHERE task_id = $1 AND corrected = 1");
        let rows = sqlx::query(&sql).bind(task_id).fetch_all(&mut **tx).await?;
        rows.iter()
            .map(|r| {
                let t = Self::target_from(r)?;
                Ok(StoredCorrection {
                    position: t.position as usize,
                    text: t.text,
                    correction: TargetCorrection {
                        comparator: t.comparator.map(|c| c.symbol().to_string()),
                        value: t.value,
                        unit: t.unit,
                        period: t.period.as_str().to_string(),
                    },
                })
            })
            .collect()
    }

    /// Writes a task's derived columns and target rows, recording verdict
    /// changes. The caller has checked the task's version.
    async fn write_derived(
        tx: &mut Tx<'_, D>,
        table_id: Id,
        task_id: Id,
        derived: &Derived,
        actor: Actor,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE tasks SET claimed = $1, report = $2, met = $3, not_met = $4, unverified = $5, \
             qualitative = $6, flagged = $7 WHERE id = $8",
        )
        .bind(derived.claimed.as_str())
        .bind(&derived.report)
        .bind(derived.met)
        .bind(derived.not_met)
        .bind(derived.unverified)
        .bind(derived.qualitative)
        .bind(i64::from(derived.flagged))
        .bind(task_id)
        .execute(&mut **tx)
        .await?;
        let sql = format!("SELECT {TARGET_COLS} FROM targets WHERE task_id = $1 ORDER BY position");
        let existing: Vec<Target> = sqlx::query(&sql)
            .bind(task_id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(Self::target_from)
            .collect::<Result<_>>()?;
        for (i, t) in derived.targets.iter().enumerate() {
            match existing.iter().find(|e| e.position == i as i64) {
                Some(e) => {
                    let same = e.item == t.item
                        && e.text == t.text
                        && e.kind == t.kind
                        && e.comparator == t.comparator
                        && e.value == t.value
                        && e.unit == t.unit
                        && e.period == t.period
                        && e.corrected == t.corrected
                        && e.verdict == t.verdict
                        && e.ratio == t.ratio
                        && e.actual == t.actual
                        && e.reason == t.reason
                        && e.line == t.line;
                    if same {
                        continue;
                    }
                    Self::update_target_row(tx, e.id, t).await?;
                    let mut changes = Vec::new();
                    diff(
                        "verdict",
                        e.verdict.as_str(),
                        t.verdict.as_str(),
                        &mut changes,
                    );
                    diff("text", &e.text, &t.text, &mut changes);
                    Self::record(tx, table_id, "target", e.id, e.version + 1, &changes, actor)
                        .await?;
                }
                None => {
                    Self::insert_target_row(tx, task_id, i as i64, t).await?;
                }
            }
        }
        if existing.len() > derived.targets.len() {
            sqlx::query("DELETE FROM targets WHERE task_id = $1 AND position >= $2")
                .bind(task_id)
                .bind(derived.targets.len() as i64)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    async fn update_target_row(tx: &mut Tx<'_, D>, id: Id, t: &DerivedTarget) -> Result<()> {
        sqlx::query(
            "UPDATE targets SET item = $1, text = $2, kind = $3, comparator = $4, value = $5, \
             unit = $6, period = $7, corrected = $8, verdict = $9, ratio = $10, actual = $11, \
             reason = $12, line = $13, version = version + 1 WHERE id = $14",
        )
        .bind(t.item)
        .bind(&t.text)
        .bind(t.kind.as_str())
        .bind(t.comparator.map(Comparator::symbol))
        .bind(&t.value)
        .bind(&t.unit)
        .bind(t.period.as_str())
        .bind(i64::from(t.corrected))
        .bind(t.verdict.as_str())
        .bind(t.ratio)
        .bind(&t.actual)
        .bind(&t.reason)
        .bind(t.line)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    async fn insert_target_row(
        tx: &mut Tx<'_, D>,
        task_id: Id,
        position: i64,
        t: &DerivedTarget,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO targets (task_id, position, item, text, kind, comparator, value, unit, \
             period, corrected, verdict, ratio, actual, reason, line) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(task_id)
        .bind(position)
        .bind(t.item)
        .bind(&t.text)
        .bind(t.kind.as_str())
        .bind(t.comparator.map(Comparator::symbol))
        .bind(&t.value)
        .bind(&t.unit)
        .bind(t.period.as_str())
        .bind(i64::from(t.corrected))
        .bind(t.verdict.as_str())
        .bind(t.ratio)
        .bind(&t.actual)
        .bind(&t.reason)
        .bind(t.line)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    pub(super) async fn insert_tasks(
        tx: &mut Tx<'_, D>,
        table_id: Id,
        tasks: &[ImportedTask],
    ) -> Result<()> {
        let now = Millis::now().0;
        for (i, task) in tasks.iter().enumerate() {
            let position = i + 1;
            let derived = derive::derive(position, &task.text, &task.pieces, &[])?;
            let id: i64 = sqlx::query(
                "INSERT INTO tasks (table_id, position, dimension, content, status, problems, \
                 source_pieces, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(table_id)
            .bind(position as i64)
            .bind(&task.text.dimension)
            .bind(&task.text.content)
            .bind(&task.text.status)
            .bind(&task.text.problems)
            .bind(task.pieces.to_stored())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?;
            Self::write_derived(tx, table_id, id, &derived, None).await?;
        }
        Ok(())
    }

    /// Applies a task patch: checks the version, recomputes, records.
    pub(super) async fn patch_task(
        tx: &mut Tx<'_, D>,
        id: Id,
        version: i64,
        patch: TaskPatch,
        actor: Actor,
    ) -> Result<Task> {
        let (task, mut pieces) = Self::task_and_pieces_in(tx, id).await?;
        let table = Self::table_in(&mut **tx, task.table_id).await?;
        require_editable(&table)?;
        if task.version != version {
            return Err(Self::conflict(tx, "task", id, version, task.version, task.clone()).await);
        }
        let old = TaskText {
            dimension: task.dimension.clone(),
            content: task.content.clone(),
            status: task.status.clone(),
            problems: task.problems.clone(),
        };
        let new = TaskText {
            dimension: patch.dimension.unwrap_or_else(|| old.dimension.clone()),
            content: patch.content.unwrap_or_else(|| old.content.clone()),
            status: patch.status.unwrap_or_else(|| old.status.clone()),
            problems: patch.problems.unwrap_or_else(|| old.problems.clone()),
        };
        let self_score = patch.self_score.unwrap_or(task.self_score);
        let mut changes = Vec::new();
        diff("dimension", &old.dimension, &new.dimension, &mut changes);
        diff("content", &old.content, &new.content, &mut changes);
        diff("status", &old.status, &new.status, &mut changes);
        diff("problems", &old.problems, &new.problems, &mut changes);
        if self_score != task.self_score {
            changes.push(FieldChange {
                field: "self_score",
                old: opt_f64_text(task.self_score),
                new: opt_f64_text(self_score),
            });
        }
        if changes.is_empty() {
            return Ok(task);
        }
        // An edited cell no longer matches the imported lines.
        for c in &changes {
            pieces.forget(c.field);
        }
        let next = task.version + 1;
        let done = sqlx::query(
            "UPDATE tasks SET dimension = $1, content = $2, status = $3, problems = $4, \
             self_score = $5, source_pieces = $6, version = $7, updated_at = $8 \
             WHERE id = $9 AND version = $10",
        )
        .bind(&new.dimension)
        .bind(&new.content)
        .bind(&new.status)
        .bind(&new.problems)
        .bind(self_score)
        .bind(pieces.to_stored())
        .bind(next)
        .bind(Millis::now().0)
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() != 1 {
            let task = Self::task_in(&mut **tx, id).await?;
            return Err(Self::conflict(tx, "task", id, version, task.version, task.clone()).await);
        }
        let texts_changed = changes.iter().any(|c| c.field != "self_score");
        if texts_changed {
            let corrections = Self::corrections_of(tx, id).await?;
            let derived = derive::derive(task.position as usize, &new, &pieces, &corrections)?;
            Self::write_derived(tx, task.table_id, id, &derived, actor).await?;
        }
        Self::record(tx, task.table_id, "task", id, next, &changes, actor).await?;
        Self::touch_table(tx, task.table_id).await?;
        Self::task_in(&mut **tx, id).await
    }

    pub(super) async fn list_tasks(&self, table_id: Id) -> Result<Vec<Task>> {
        let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE table_id = $1 ORDER BY position");
        let rows = sqlx::query(&sql)
            .bind(table_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(Self::task_from).collect()
    }

    pub(super) async fn get_task(&self, id: Id) -> Result<Task> {
        Self::task_in(&self.pool, id).await
    }

    pub(super) async fn update_task(
        &self,
        id: Id,
        version: i64,
        patch: TaskPatch,
        actor: Actor,
    ) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = Self::patch_task(&mut tx, id, version, patch, actor).await?;
        tx.commit().await?;
        Ok(task)
    }

    pub(super) async fn review_task(
        &self,
        id: Id,
        version: i64,
        score: Option<f64>,
        comment: Option<&str>,
        actor: Actor,
    ) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = Self::task_in(&mut *tx, id).await?;
        let table = Self::table_in(&mut *tx, task.table_id).await?;
        if table.status != TableStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "自查表{}，只有已提交的表可以评分",
                table.status.chinese()
            )));
        }
        if task.version != version {
            return Err(
                Self::conflict(&mut tx, "task", id, version, task.version, task.clone()).await,
            );
        }
        let next = version + 1;
        sqlx::query(
            "UPDATE tasks SET review_score = $1, review_comment = $2, version = $3, \
             updated_at = $4 WHERE id = $5",
        )
        .bind(score)
        .bind(comment)
        .bind(next)
        .bind(Millis::now().0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let mut changes = Vec::new();
        if score != task.review_score {
            changes.push(FieldChange {
                field: "review_score",
                old: opt_f64_text(task.review_score),
                new: opt_f64_text(score),
            });
        }
        if comment != task.review_comment.as_deref() {
            changes.push(FieldChange {
                field: "review_comment",
                old: task.review_comment.clone(),
                new: comment.map(str::to_string),
            });
        }
        Self::record(&mut tx, task.table_id, "task", id, next, &changes, actor).await?;
        Self::touch_table(&mut tx, task.table_id).await?;
        let updated = Self::task_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub(super) async fn list_targets(&self, table_id: Id) -> Result<Vec<Target>> {
        let sql =
            "SELECT g.id, g.task_id, g.position, g.item, g.text, g.kind, g.comparator, g.value, \
             g.unit, g.period, g.corrected, g.verdict, g.ratio, g.actual, g.reason, g.line, \
             g.version FROM targets g JOIN tasks k ON k.id = g.task_id \
             WHERE k.table_id = $1 ORDER BY k.position, g.position";
        let rows = sqlx::query(sql)
            .bind(table_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(Self::target_from).collect()
    }

    pub(super) async fn search_tasks(&self, query: &str, limit: i64) -> Result<Vec<Task>> {
        let mut pattern = String::from("%");
        for c in query.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        let sql = format!(
            "SELECT {TASK_COLS} FROM tasks WHERE content LIKE $1 ESCAPE '\\' \
             OR status LIKE $1 ESCAPE '\\' OR problems LIKE $1 ESCAPE '\\' \
             OR dimension LIKE $1 ESCAPE '\\' ORDER BY table_id, position LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(pattern)
            .bind(limit.clamp(1, 1000))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(Self::task_from).collect()
    }

    pub(super) async fn get_target(&self, id: Id) -> Result<Target> {
        Self::target_in(&self.pool, id).await
    }

    pub(super) async fn correct_target(
        &self,
        id: Id,
        version: i64,
        correction: Option<TargetCorrection>,
        actor: Actor,
    ) -> Result<Target> {
        let (_g, mut tx) = self.write_tx().await?;
        let target = Self::target_in(&mut *tx, id).await?;
        let task = Self::task_in(&mut *tx, target.task_id).await?;
        let table = Self::table_in(&mut *tx, task.table_id).await?;
        require_editable(&table)?;
        if target.version != version {
            return Err(Self::conflict(
                &mut tx,
                "target",
                id,
                version,
                target.version,
                target.clone(),
            )
            .await);
        }
        if let Some(c) = &correction {
            derive::to_override(target.position as usize, c)?;
        }
        let mut corrections: Vec<StoredCorrection> = Self::corrections_of(&mut tx, task.id)
            .await?
            .into_iter()
            .filter(|c| c.position != target.position as usize)
            .collect();
        if let Some(c) = correction {
            corrections.push(StoredCorrection {
                position: target.position as usize,
                text: target.text.clone(),
                correction: c,
            });
        }
        let (_, pieces) = Self::task_and_pieces_in(&mut tx, task.id).await?;
        let text = TaskText {
            dimension: task.dimension.clone(),
            content: task.content.clone(),
            status: task.status.clone(),
            problems: task.problems.clone(),
        };
        let derived = derive::derive(task.position as usize, &text, &pieces, &corrections)?;
        Self::write_derived(&mut tx, task.table_id, task.id, &derived, actor).await?;
        sqlx::query("UPDATE tasks SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(Millis::now().0)
            .bind(task.id)
            .execute(&mut *tx)
            .await?;
        let after = Self::target_in(&mut *tx, id).await?;
        let describe = |t: &Target| {
            format!(
                "{}{}{}（{}）",
                t.comparator.map_or("", Comparator::symbol),
                t.value.as_deref().unwrap_or("—"),
                t.unit,
                t.period.as_str()
            )
        };
        let mut changes = Vec::new();
        diff(
            "reading",
            &describe(&target),
            &describe(&after),
            &mut changes,
        );
        Self::record(
            &mut tx,
            task.table_id,
            "target",
            id,
            after.version,
            &changes,
            actor,
        )
        .await?;
        Self::touch_table(&mut tx, task.table_id).await?;
        tx.commit().await?;
        Ok(after)
    }
}

/// A stored spelling the core does not know: the database was changed by
/// hand or by a newer version.
fn corrupt(column: &str, text: &str) -> StoreError {
    StoreError::Invalid(format!("数据库中“{column}”的值“{text}”无法识别"))
}
