// The store's SQL, shared by both backends: this file is included into the
// `sqlite` and `postgres` modules, each of which defines `Db`, `StoreImpl`,
// `BACKEND`, `MIGRATIONS` and the hooks `write_guard`, `lock_migrations`,
// `begin_snapshot` and `after_load`. The SQL is the dialect both speak.

use async_trait::async_trait;
use sqlx::Row as _;

use crate::backup::{self, Col, Dump};
use crate::derive::{self, Derived, DerivedTarget, StoredCorrection};
use crate::model::*;
use crate::{Actor, Store, StoreError};

type Tx<'a> = sqlx::Transaction<'a, Db>;
type DbRow = <Db as sqlx::Database>::Row;

const USER_COLS: &str =
    "u.id, u.username, u.display_name, u.role, u.organization_id, u.active, u.version, u.created_at";
const TABLE_SELECT: &str = "SELECT t.id, t.organization_id, o.name AS organization, t.cycle_id, \
     c.name AS cycle, t.title, t.status, t.source_name, t.source_encoding, t.import_version, \
     t.return_reason, t.warnings, t.version, t.revision, t.created_by, t.created_at, t.updated_at, \
     t.n_tasks, t.n_met, t.n_not_met, t.n_unverified, t.n_qualitative, t.n_flagged, \
     t.self_score_sum AS self_score, t.review_score_sum AS review_score \
     FROM tables t JOIN organizations o ON o.id = t.organization_id \
     JOIN cycles c ON c.id = t.cycle_id";
const TASK_COLS: &str = "id, table_id, position, dimension, content, status, problems, claimed, \
     met, not_met, unverified, qualitative, flagged, self_score, review_score, review_comment, \
     report, version, updated_at";
const TARGET_COLS: &str = "id, task_id, position, item, text, kind, comparator, value, unit, \
     period, corrected, verdict, ratio, actual, reason, line, version";
const CHANGE_SELECT: &str = "SELECT h.id, h.table_id, h.entity, h.entity_id, h.version, h.field, \
     h.old_value, h.new_value, h.user_id, u.username, h.at \
     FROM history h LEFT JOIN users u ON u.id = h.user_id";

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn is_fk_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}

fn millis(r: &DbRow, col: &str) -> Result<Millis> {
    Ok(Millis(r.try_get::<i64, _>(col)?))
}

fn org_from(r: &DbRow) -> Result<Organization> {
    Ok(Organization {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        version: r.try_get("version")?,
        created_at: millis(r, "created_at")?,
    })
}

fn user_from(r: &DbRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
        organization_id: r.try_get("organization_id")?,
        active: r.try_get::<i64, _>("active")? != 0,
        version: r.try_get("version")?,
        created_at: millis(r, "created_at")?,
    })
}

fn token_from(r: &DbRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        user_id: r.try_get("user_id")?,
        name: r.try_get("name")?,
        created_at: millis(r, "created_at")?,
        last_used_at: r.try_get::<Option<i64>, _>("last_used_at")?.map(Millis),
        revoked: r.try_get::<i64, _>("revoked")? != 0,
    })
}

fn table_from(r: &DbRow) -> Result<TableRecord> {
    let status: String = r.try_get("status")?;
    let warnings: String = r.try_get("warnings")?;
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
        warnings: serde_json::from_str(&warnings).unwrap_or(serde_json::Value::Array(vec![])),
        version: r.try_get("version")?,
        revision: r.try_get("revision")?,
        created_by: r.try_get("created_by")?,
        created_at: millis(r, "created_at")?,
        updated_at: millis(r, "updated_at")?,
    })
}

fn task_from(r: &DbRow) -> Result<Task> {
    let report: String = r.try_get("report")?;
    Ok(Task {
        id: r.try_get("id")?,
        table_id: r.try_get("table_id")?,
        position: r.try_get("position")?,
        dimension: r.try_get("dimension")?,
        content: r.try_get("content")?,
        status: r.try_get("status")?,
        problems: r.try_get("problems")?,
        claimed: r.try_get("claimed")?,
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
        updated_at: millis(r, "updated_at")?,
    })
}

fn target_from(r: &DbRow) -> Result<Target> {
    Ok(Target {
        id: r.try_get("id")?,
        task_id: r.try_get("task_id")?,
        position: r.try_get("position")?,
        item: r.try_get("item")?,
        text: r.try_get("text")?,
        kind: r.try_get("kind")?,
        comparator: r.try_get("comparator")?,
        value: r.try_get("value")?,
        unit: r.try_get("unit")?,
        period: r.try_get("period")?,
        corrected: r.try_get::<i64, _>("corrected")? != 0,
        verdict: r.try_get("verdict")?,
        ratio: r.try_get("ratio")?,
        actual: r.try_get("actual")?,
        reason: r.try_get("reason")?,
        line: r.try_get("line")?,
        version: r.try_get("version")?,
    })
}

fn change_from(r: &DbRow) -> Result<Change> {
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
        at: millis(r, "at")?,
    })
}

fn evidence_from(r: &DbRow) -> Result<Evidence> {
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
        created_at: millis(r, "created_at")?,
    })
}

fn opt_f64_text(v: Option<f64>) -> Option<String> {
    v.map(kaohe_core::verify::fmt_num)
}

/// One field's change, before it is written.
struct FieldChange {
    field: &'static str,
    old: Option<String>,
    new: Option<String>,
}

fn diff(field: &'static str, old: &str, new: &str, out: &mut Vec<FieldChange>) {
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

async fn record(
    tx: &mut Tx<'_>,
    table_id: Id,
    entity: &str,
    entity_id: Id,
    version: i64,
    changes: &[FieldChange],
    actor: Actor,
) -> Result<()> {
    write_log(tx, Log::History(table_id), entity, entity_id, version, changes, actor).await
}

async fn audit(
    tx: &mut Tx<'_>,
    entity: &str,
    entity_id: Id,
    changes: &[FieldChange],
    actor: Actor,
) -> Result<()> {
    write_log(tx, Log::Audit, entity, entity_id, 0, changes, actor).await
}

async fn write_log(
    tx: &mut Tx<'_>,
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
            let params: Vec<String> = (1..=width).map(|k| format!("${}", i * width + k)).collect();
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
    tx: &mut Tx<'_>,
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
    rows.iter().map(change_from).collect()
}

async fn conflict<T: serde::Serialize>(
    tx: &mut Tx<'_>,
    entity: &str,
    entity_id: Id,
    read_version: i64,
    current_version: i64,
    current: &T,
) -> StoreError {
    let changes = match changes_since(tx, entity, entity_id, read_version).await {
        Ok(c) => c,
        Err(e) => return e,
    };
    StoreError::Conflict {
        current_version,
        current: serde_json::to_value(current).unwrap_or_default(),
        changes,
    }
}

/// One row by id, mapped; `what` names it when there is none. Works on the
/// pool and inside a transaction alike.
async fn by_id<'e, E, T>(
    ex: E,
    sql: &str,
    id: Id,
    what: &'static str,
    map: fn(&DbRow) -> Result<T>,
) -> Result<T>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .ok_or(StoreError::NotFound(what))?;
    map(&row)
}

async fn table_in<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E, id: Id) -> Result<TableRecord> {
    by_id(ex, &format!("{TABLE_SELECT} WHERE t.id = $1"), id, "自查表", table_from).await
}

async fn task_in<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E, id: Id) -> Result<Task> {
    by_id(ex, &format!("SELECT {TASK_COLS} FROM tasks WHERE id = $1"), id, "任务", task_from).await
}

/// A task with its stored line pieces, in one round trip.
async fn task_and_pieces_in(tx: &mut Tx<'_>, id: Id) -> Result<(Task, serde_json::Value)> {
    let sql = format!("SELECT {TASK_COLS}, source_pieces FROM tasks WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("任务"))?;
    let pieces: String = row.try_get("source_pieces")?;
    Ok((
        task_from(&row)?,
        serde_json::from_str(&pieces).unwrap_or(serde_json::json!({})),
    ))
}

async fn target_in<'e, E: sqlx::Executor<'e, Database = Db>>(ex: E, id: Id) -> Result<Target> {
    by_id(ex, &format!("SELECT {TARGET_COLS} FROM targets WHERE id = $1"), id, "目标", target_from).await
}

fn require_editable(table: &TableRecord) -> Result<()> {
    if table.status.editable() {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "自查表{}，不能修改",
            table.status.chinese()
        )))
    }
}

/// Marks a table changed: a new revision, and its counts and score sums
/// recomputed from its tasks.
async fn touch_table(tx: &mut Tx<'_>, table_id: Id) -> Result<()> {
    sqlx::query(
        "UPDATE tables SET updated_at = $1, revision = revision + 1, \
         n_tasks = (SELECT COUNT(*) FROM tasks k WHERE k.table_id = tables.id), \
         n_met = (SELECT COALESCE(SUM(k.met), 0) FROM tasks k WHERE k.table_id = tables.id), \
         n_not_met = (SELECT COALESCE(SUM(k.not_met), 0) FROM tasks k WHERE k.table_id = tables.id), \
         n_unverified = (SELECT COALESCE(SUM(k.unverified), 0) FROM tasks k WHERE k.table_id = tables.id), \
         n_qualitative = (SELECT COALESCE(SUM(k.qualitative), 0) FROM tasks k WHERE k.table_id = tables.id), \
         n_flagged = (SELECT COALESCE(SUM(k.flagged), 0) FROM tasks k WHERE k.table_id = tables.id), \
         self_score_sum = (SELECT SUM(k.self_score) FROM tasks k WHERE k.table_id = tables.id), \
         review_score_sum = (SELECT SUM(k.review_score) FROM tasks k WHERE k.table_id = tables.id) \
         WHERE id = $2",
    )
    .bind(Millis::now().0)
        .bind(table_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn corrections_of(tx: &mut Tx<'_>, task_id: Id) -> Result<Vec<StoredCorrection>> {
    let sql = format!("SELECT {TARGET_COLS} FROM targets WHERE task_id = $1 AND corrected = 1");
    let rows = sqlx::query(&sql).bind(task_id).fetch_all(&mut **tx).await?;
    rows.iter()
        .map(|r| {
            let t = target_from(r)?;
            Ok(StoredCorrection {
                position: t.position as usize,
                text: t.text,
                correction: TargetCorrection {
                    comparator: t.comparator,
                    value: t.value,
                    unit: t.unit,
                    period: t.period,
                },
            })
        })
        .collect()
}

/// Writes a task's derived columns and target rows, recording verdict
/// changes. The caller has checked the task's version.
async fn write_derived(
    tx: &mut Tx<'_>,
    table_id: Id,
    task_id: Id,
    derived: &Derived,
    actor: Actor,
) -> Result<()> {
    sqlx::query(
        "UPDATE tasks SET claimed = $1, report = $2, met = $3, not_met = $4, unverified = $5, \
         qualitative = $6, flagged = $7 WHERE id = $8",
    )
    .bind(&derived.claimed)
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
        .map(target_from)
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
                update_target_row(tx, e.id, t).await?;
                let mut changes = Vec::new();
                diff("verdict", &e.verdict, &t.verdict, &mut changes);
                diff("text", &e.text, &t.text, &mut changes);
                record(tx, table_id, "target", e.id, e.version + 1, &changes, actor).await?;
            }
            None => {
                insert_target_row(tx, task_id, i as i64, t).await?;
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

async fn update_target_row(tx: &mut Tx<'_>, id: Id, t: &DerivedTarget) -> Result<()> {
    sqlx::query(
        "UPDATE targets SET item = $1, text = $2, kind = $3, comparator = $4, value = $5, \
         unit = $6, period = $7, corrected = $8, verdict = $9, ratio = $10, actual = $11, \
         reason = $12, line = $13, version = version + 1 WHERE id = $14",
    )
    .bind(t.item)
    .bind(&t.text)
    .bind(&t.kind)
    .bind(&t.comparator)
    .bind(&t.value)
    .bind(&t.unit)
    .bind(&t.period)
    .bind(i64::from(t.corrected))
    .bind(&t.verdict)
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
    tx: &mut Tx<'_>,
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
    .bind(&t.kind)
    .bind(&t.comparator)
    .bind(&t.value)
    .bind(&t.unit)
    .bind(&t.period)
    .bind(i64::from(t.corrected))
    .bind(&t.verdict)
    .bind(t.ratio)
    .bind(&t.actual)
    .bind(&t.reason)
    .bind(t.line)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_tasks(tx: &mut Tx<'_>, table_id: Id, tasks: &[ImportedTask]) -> Result<()> {
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
        .bind(task.pieces.to_string())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        write_derived(tx, table_id, id, &derived, None).await?;
    }
    Ok(())
}

/// Applies a task patch: checks the version, recomputes, records.
async fn patch_task(
    tx: &mut Tx<'_>,
    id: Id,
    version: i64,
    patch: TaskPatch,
    actor: Actor,
) -> Result<Task> {
    let (task, mut pieces) = task_and_pieces_in(tx, id).await?;
    let table = table_in(&mut **tx, task.table_id).await?;
    require_editable(&table)?;
    if task.version != version {
        return Err(conflict(tx, "task", id, version, task.version, &task).await);
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
        if let Some(obj) = pieces.as_object_mut() {
            obj.remove(c.field);
        }
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
    .bind(pieces.to_string())
    .bind(next)
    .bind(Millis::now().0)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        let task = task_in(&mut **tx, id).await?;
        return Err(conflict(tx, "task", id, version, task.version, &task).await);
    }
    let texts_changed = changes.iter().any(|c| c.field != "self_score");
    if texts_changed {
        let corrections = corrections_of(tx, id).await?;
        let derived = derive::derive(task.position as usize, &new, &pieces, &corrections)?;
        write_derived(tx, task.table_id, id, &derived, actor).await?;
    }
    record(tx, task.table_id, "task", id, next, &changes, actor).await?;
    touch_table(tx, task.table_id).await?;
    task_in(&mut **tx, id).await
}

impl StoreImpl {
    async fn migrate(&self) -> Result<()> {
        let _guard = self.write_guard().await;
        let mut tx = self.pool.begin().await?;
        Self::lock_migrations(&mut tx).await?;
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
        for (version, sql) in MIGRATIONS {
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

    async fn write_tx(&self) -> Result<(Option<tokio::sync::MutexGuard<'_, ()>>, Tx<'_>)> {
        let guard = self.write_guard().await;
        let tx = self.pool.begin().await?;
        Ok((guard, tx))
    }
}

#[async_trait]
impl Store for StoreImpl {
    fn backend(&self) -> crate::Backend {
        BACKEND
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn create_organization(
        &self,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query(
            "INSERT INTO organizations (name, kind, created_at) VALUES ($1, $2, $3) \
             RETURNING id, name, kind, version, created_at",
        )
        .bind(name)
        .bind(kind)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("单位“{name}”已存在"))
            } else {
                e.into()
            }
        })?;
        let org = org_from(&row)?;
        let created = [FieldChange {
            field: "create",
            old: None,
            new: Some(format!("{name}（{kind}）")),
        }];
        audit(&mut tx, "organization", org.id, &created, actor).await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn list_organizations(&self) -> Result<Vec<Organization>> {
        let rows = sqlx::query("SELECT * FROM organizations ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(org_from).collect()
    }

    async fn get_organization(&self, id: Id) -> Result<Organization> {
        let row = sqlx::query("SELECT * FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("单位"))?;
        org_from(&row)
    }

    async fn update_organization(
        &self,
        id: Id,
        version: i64,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        let (_g, mut tx) = self.write_tx().await?;
        let before = org_from(
            &sqlx::query("SELECT * FROM organizations WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("单位"))?,
        )?;
        let done = sqlx::query(
            "UPDATE organizations SET name = $1, kind = $2, version = version + 1 \
             WHERE id = $3 AND version = $4",
        )
        .bind(name)
        .bind(kind)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("单位“{name}”已存在"))
            } else {
                e.into()
            }
        })?;
        // The organization's name is part of every view of its tables.
        sqlx::query("UPDATE tables SET revision = revision + 1 WHERE organization_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT * FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("单位"))?;
        let org = org_from(&row)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                current_version: org.version,
                current: serde_json::to_value(&org).unwrap_or_default(),
                changes: vec![],
            });
        }
        let mut changes = Vec::new();
        diff("name", &before.name, &org.name, &mut changes);
        diff("kind", &before.kind, &org.kind, &mut changes);
        audit(&mut tx, "organization", id, &changes, actor).await?;
        tx.commit().await?;
        Ok(org)
    }

    async fn create_user(&self, user: NewUser, actor: Actor) -> Result<User> {
        let (_g, mut tx) = self.write_tx().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, organization_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(user.role.as_str())
        .bind(user.organization_id)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("用户名“{}”已被使用", user.username))
            } else if is_fk_violation(&e) {
                StoreError::Invalid("所属单位不存在".into())
            } else {
                e.into()
            }
        })?
        .try_get("id")?;
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let created = user_from(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
        let change = [FieldChange {
            field: "create",
            old: None,
            new: Some(format!("{}（{}）", created.username, created.role.chinese())),
        }];
        audit(&mut tx, "user", id, &change, actor).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn get_user(&self, id: Id) -> Result<User> {
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("用户"))?;
        user_from(&row)
    }

    async fn find_login(&self, username: &str) -> Result<Option<(User, String)>> {
        let sql = format!("SELECT {USER_COLS}, u.password_hash FROM users u WHERE u.username = $1");
        let Some(row) = sqlx::query(&sql)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some((user_from(&row)?, row.try_get("password_hash")?)))
    }

    async fn list_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users u ORDER BY u.id");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(user_from).collect()
    }

    async fn update_user(
        &self,
        id: Id,
        version: i64,
        patch: UserPatch,
        actor: Actor,
    ) -> Result<User> {
        let (_g, mut tx) = self.write_tx().await?;
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("用户"))?;
        let user = user_from(&row)?;
        if user.version != version {
            return Err(StoreError::Conflict {
                current_version: user.version,
                current: serde_json::to_value(&user).unwrap_or_default(),
                changes: vec![],
            });
        }
        let display_name = patch.display_name.unwrap_or(user.display_name.clone());
        let role = patch.role.unwrap_or(user.role);
        let organization_id = patch.organization_id.unwrap_or(user.organization_id);
        let active = patch.active.unwrap_or(user.active);
        sqlx::query(
            "UPDATE users SET display_name = $1, role = $2, organization_id = $3, active = $4, \
             password_hash = COALESCE($5, password_hash), version = version + 1 WHERE id = $6",
        )
        .bind(&display_name)
        .bind(role.as_str())
        .bind(organization_id)
        .bind(i64::from(active))
        .bind(&patch.password_hash)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_fk_violation(&e) {
                StoreError::Invalid("所属单位不存在".into())
            } else {
                e.into()
            }
        })?;
        if !active || patch.password_hash.is_some() {
            // A new password or a disabled account ends every way in that
            // the old state handed out: sessions and API tokens alike, so
            // re-enabling an account does not bring its tokens back.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1 AND revoked = 0")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
        let updated = user_from(&row)?;
        let mut changes = Vec::new();
        diff("display_name", &user.display_name, &updated.display_name, &mut changes);
        diff("role", user.role.as_str(), updated.role.as_str(), &mut changes);
        let org = |o: Option<Id>| o.map(|o| o.to_string()).unwrap_or_default();
        diff("organization_id", &org(user.organization_id), &org(updated.organization_id), &mut changes);
        diff("active", &user.active.to_string(), &updated.active.to_string(), &mut changes);
        if patch.password_hash.is_some() {
            // Never the hash itself.
            changes.push(FieldChange {
                field: "password",
                old: None,
                new: Some("（已重设）".into()),
            });
        }
        audit(&mut tx, "user", id, &changes, actor).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        csrf_token: &str,
        expires_at: Millis,
    ) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let now = Millis::now().0;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>> {
        let sql = format!(
            "SELECT {USER_COLS}, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            user: user_from(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            expires_at: millis(&row, "expires_at")?,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        user_id: Id,
        name: &str,
        token_hash: &str,
    ) -> Result<ApiToken> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING *",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await?;
        let token = token_from(&row)?;
        tx.commit().await?;
        Ok(token)
    }

    async fn list_api_tokens(&self, user_id: Id) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(token_from).collect()
    }

    async fn revoke_api_token(&self, user_id: Id, id: Id) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("令牌"));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn api_token_user(&self, token_hash: &str, now: Millis) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {USER_COLS}, a.id AS token_id, a.last_used_at FROM api_tokens a \
             JOIN users u ON u.id = a.user_id \
             WHERE a.token_hash = $1 AND a.revoked = 0 AND u.active = 1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        // Writing on every request would serialize readers on SQLite; once a
        // minute is precise enough for "last used".
        let last: Option<i64> = row.try_get("last_used_at")?;
        if last.is_none_or(|t| now.0 - t > 60_000) {
            let (_g, mut tx) = self.write_tx().await?;
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(row.try_get::<i64, _>("token_id")?)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(user_from(&row)?))
    }

    async fn begin_login_attempt(
        &self,
        throttles: &[Throttle],
        now: Millis,
    ) -> Result<Option<Millis>> {
        let (_g, mut tx) = self.write_tx().await?;
        let mut refused_until: Option<i64> = None;
        // Keys are taken in the caller's order, the same for every request,
        // so that two transactions never wait on each other's rows.
        for throttle in throttles {
            let mut counted = false;
            // A compare-and-swap: a concurrent attempt that changed the row
            // first makes ours read it again.
            for _ in 0..8 {
                let row = sqlx::query(
                    "SELECT attempts, next_at, updated_at FROM login_throttle WHERE throttle_key = $1",
                )
                .bind(&throttle.key)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    let inserted = sqlx::query(
                        "INSERT INTO login_throttle (throttle_key, attempts, next_at, updated_at) \
                         VALUES ($1, 1, $2, $3) ON CONFLICT (throttle_key) DO NOTHING",
                    )
                    .bind(&throttle.key)
                    .bind(now.0.saturating_add(throttle.delay_after(1)))
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
                    if inserted.rows_affected() == 1 {
                        counted = true;
                        break;
                    }
                    continue;
                };
                let (attempts, next_at, updated_at): (i64, i64, i64) = (
                    row.try_get("attempts")?,
                    row.try_get("next_at")?,
                    row.try_get("updated_at")?,
                );
                let stale = now.0.saturating_sub(updated_at) > throttle.window_ms;
                if next_at > now.0 && !stale {
                    refused_until = Some(refused_until.map_or(next_at, |r| r.max(next_at)));
                    counted = true;
                    break;
                }
                let attempts_now = if stale { 1 } else { attempts.saturating_add(1) };
                let swapped = sqlx::query(
                    "UPDATE login_throttle SET attempts = $1, next_at = $2, updated_at = $3 \
                     WHERE throttle_key = $4 AND attempts = $5 AND next_at = $6 AND updated_at = $7",
                )
                .bind(attempts_now)
                .bind(now.0.saturating_add(throttle.delay_after(attempts_now)))
                .bind(now.0)
                .bind(&throttle.key)
                .bind(attempts)
                .bind(next_at)
                .bind(updated_at)
                .execute(&mut *tx)
                .await?;
                if swapped.rows_affected() == 1 {
                    counted = true;
                    break;
                }
            }
            if !counted {
                // Too much contention on one key: that is itself a flood.
                refused_until = Some(now.0.saturating_add(1000));
            }
        }
        if let Some(until) = refused_until {
            tx.rollback().await?;
            return Ok(Some(Millis(until)));
        }
        tx.commit().await?;
        Ok(None)
    }

    async fn clear_login_throttles(&self, keys: &[String]) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        for key in keys {
            sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn record_login_failure(
        &self,
        username: &str,
        address: Option<&str>,
        now: Millis,
    ) -> Result<()> {
        let day_ago = now.0 - 24 * 3_600_000;
        let (_g, mut tx) = self.write_tx().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(day_ago)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_throttle WHERE updated_at < $1")
            .bind(day_ago)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (login_key, address, at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(address)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recent_login_failures(&self, limit: i64) -> Result<Vec<LoginFailure>> {
        let rows = sqlx::query(
            "SELECT login_key, address, at FROM login_failures ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LoginFailure {
                    username: r.try_get("login_key")?,
                    address: r.try_get("address")?,
                    at: millis(r, "at")?,
                })
            })
            .collect()
    }

    async fn create_cycle(
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
        audit(&mut tx, "cycle", id, &change, actor).await?;
        tx.commit().await?;
        self.get_cycle(id).await
    }

    async fn list_cycles(&self) -> Result<Vec<Cycle>> {
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
                created_at: millis(r, "created_at")?,
            });
        }
        Ok(cycles)
    }

    async fn get_cycle(&self, id: Id) -> Result<Cycle> {
        let r = sqlx::query("SELECT * FROM cycles WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("考核周期"))?;
        let reviewer_ids = sqlx::query(
            "SELECT user_id FROM cycle_reviewers WHERE cycle_id = $1 ORDER BY user_id",
        )
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
            created_at: millis(&r, "created_at")?,
        })
    }

    async fn update_cycle(
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
                current: serde_json::to_value(&now).unwrap_or_default(),
                changes: vec![],
            });
        }
        let after = sqlx::query("SELECT name, year, deadline FROM cycles WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let mut changes = Vec::new();
        diff("name", &current.name, &after.try_get::<String, _>("name")?, &mut changes);
        diff("year", &current.year.to_string(), &after.try_get::<i64, _>("year")?.to_string(), &mut changes);
        diff(
            "deadline",
            current.deadline.as_deref().unwrap_or(""),
            after.try_get::<Option<String>, _>("deadline")?.as_deref().unwrap_or(""),
            &mut changes,
        );
        audit(&mut tx, "cycle", id, &changes, actor).await?;
        tx.commit().await?;
        drop(_g);
        self.get_cycle(id).await
    }

    async fn set_cycle_reviewers(
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
            ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
        };
        let mut changes = Vec::new();
        diff("reviewers", &list(&before), &list(user_ids), &mut changes);
        audit(&mut tx, "cycle", cycle_id, &changes, actor).await?;
        tx.commit().await?;
        drop(_g);
        self.get_cycle(cycle_id).await
    }

    async fn audit(&self, offset: i64, limit: i64) -> Result<Page<AuditEntry>> {
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
                    at: millis(r, "at")?,
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

    async fn create_table(&self, table: NewTable, actor: Actor) -> Result<TableRecord> {
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
        .bind(c.warnings.to_string())
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
        insert_tasks(&mut tx, id, &c.tasks).await?;
        touch_table(&mut tx, id).await?;
        let changes = [FieldChange {
            field: "import",
            old: None,
            new: Some(format!("导入 {}（{} 项任务）", c.source_name, c.tasks.len())),
        }];
        record(&mut tx, id, "table", id, 1, &changes, actor).await?;
        let created = table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn reimport_table(
        &self,
        id: Id,
        version: i64,
        content: TableContent,
        actor: Actor,
    ) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let table = table_in(&mut *tx, id).await?;
        require_editable(&table)?;
        if table.version != version {
            return Err(conflict(&mut tx, "table", id, version, table.version, &table).await);
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
        .bind(content.warnings.to_string())
        .bind(next)
        .bind(Millis::now().0)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM tasks WHERE table_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_tasks(&mut tx, id, &content.tasks).await?;
        touch_table(&mut tx, id).await?;
        let mut changes = vec![FieldChange {
            field: "import",
            old: Some(format!("第 {} 版", table.import_version)),
            new: Some(format!(
                "第 {} 版：{}（{} 项任务）",
                table.import_version + 1,
                content.source_name,
                content.tasks.len()
            )),
        }];
        diff("source_text", &old_source, &content.source_text, &mut changes);
        diff("title", &table.title, &content.title, &mut changes);
        record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn list_tables(&self, filter: &TableFilter) -> Result<Page<TableRecord>> {
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
            items: rows.iter().map(table_from).collect::<Result<_>>()?,
            total,
            offset,
            limit,
        })
    }

    async fn get_table(&self, id: Id) -> Result<TableRecord> {
        table_in(&self.pool, id).await
    }

    async fn table_source(&self, id: Id) -> Result<String> {
        Ok(sqlx::query("SELECT source_text FROM tables WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("自查表"))?
            .try_get("source_text")?)
    }

    async fn update_table_title(
        &self,
        id: Id,
        version: i64,
        title: &str,
        actor: Actor,
    ) -> Result<TableRecord> {
        let (_g, mut tx) = self.write_tx().await?;
        let table = table_in(&mut *tx, id).await?;
        require_editable(&table)?;
        if table.version != version {
            return Err(conflict(&mut tx, "table", id, version, table.version, &table).await);
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
        record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn transition_table(
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
        let table = table_in(&mut *tx, id).await?;
        if table.version != version {
            return Err(conflict(&mut tx, "table", id, version, table.version, &table).await);
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
        record(&mut tx, id, "table", id, next, &changes, actor).await?;
        let updated = table_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn delete_table(&self, id: Id) -> Result<()> {
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

    async fn list_reviews(&self, table_id: Id) -> Result<Vec<ReviewEvent>> {
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
                    at: millis(r, "at")?,
                })
            })
            .collect()
    }

    async fn list_tasks(&self, table_id: Id) -> Result<Vec<Task>> {
        let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE table_id = $1 ORDER BY position");
        let rows = sqlx::query(&sql)
            .bind(table_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(task_from).collect()
    }

    async fn get_task(&self, id: Id) -> Result<Task> {
        task_in(&self.pool, id).await
    }

    async fn update_task(
        &self,
        id: Id,
        version: i64,
        patch: TaskPatch,
        actor: Actor,
    ) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = patch_task(&mut tx, id, version, patch, actor).await?;
        tx.commit().await?;
        Ok(task)
    }

    async fn review_task(
        &self,
        id: Id,
        version: i64,
        score: Option<f64>,
        comment: Option<&str>,
        actor: Actor,
    ) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = task_in(&mut *tx, id).await?;
        let table = table_in(&mut *tx, task.table_id).await?;
        if table.status != TableStatus::Submitted {
            return Err(StoreError::Invalid(format!(
                "自查表{}，只有已提交的表可以评分",
                table.status.chinese()
            )));
        }
        if task.version != version {
            return Err(conflict(&mut tx, "task", id, version, task.version, &task).await);
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
        record(&mut tx, task.table_id, "task", id, next, &changes, actor).await?;
        touch_table(&mut tx, task.table_id).await?;
        let updated = task_in(&mut *tx, id).await?;
        tx.commit().await?;
        Ok(updated)
    }

    async fn restore_task(&self, id: Id, change_id: Id, actor: Actor) -> Result<Task> {
        let (_g, mut tx) = self.write_tx().await?;
        let task = task_in(&mut *tx, id).await?;
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
            .map(change_from)
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
        let restored = patch_task(&mut tx, id, task.version, patch, actor).await?;
        tx.commit().await?;
        Ok(restored)
    }

    async fn list_targets(&self, table_id: Id) -> Result<Vec<Target>> {
        let sql =            "SELECT g.id, g.task_id, g.position, g.item, g.text, g.kind, g.comparator, g.value, \
             g.unit, g.period, g.corrected, g.verdict, g.ratio, g.actual, g.reason, g.line, \
             g.version FROM targets g JOIN tasks k ON k.id = g.task_id \
             WHERE k.table_id = $1 ORDER BY k.position, g.position";
        let rows = sqlx::query(sql)
            .bind(table_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(target_from).collect()
    }

    async fn search_tasks(&self, query: &str, limit: i64) -> Result<Vec<Task>> {
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
        rows.iter().map(task_from).collect()
    }

    async fn get_target(&self, id: Id) -> Result<Target> {
        target_in(&self.pool, id).await
    }

    async fn correct_target(
        &self,
        id: Id,
        version: i64,
        correction: Option<TargetCorrection>,
        actor: Actor,
    ) -> Result<Target> {
        let (_g, mut tx) = self.write_tx().await?;
        let target = target_in(&mut *tx, id).await?;
        let task = task_in(&mut *tx, target.task_id).await?;
        let table = table_in(&mut *tx, task.table_id).await?;
        require_editable(&table)?;
        if target.version != version {
            return Err(conflict(&mut tx, "target", id, version, target.version, &target).await);
        }
        if let Some(c) = &correction {
            derive::to_override(target.position as usize, c)?;
        }
        let mut corrections: Vec<StoredCorrection> = corrections_of(&mut tx, task.id)
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
        let (_, pieces) = task_and_pieces_in(&mut tx, task.id).await?;
        let text = TaskText {
            dimension: task.dimension.clone(),
            content: task.content.clone(),
            status: task.status.clone(),
            problems: task.problems.clone(),
        };
        let derived = derive::derive(task.position as usize, &text, &pieces, &corrections)?;
        write_derived(&mut tx, task.table_id, task.id, &derived, actor).await?;
        sqlx::query("UPDATE tasks SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(Millis::now().0)
            .bind(task.id)
            .execute(&mut *tx)
            .await?;
        let after = target_in(&mut *tx, id).await?;
        let describe = |t: &Target| {
            format!(
                "{}{}{}（{}）",
                t.comparator.as_deref().unwrap_or(""),
                t.value.as_deref().unwrap_or("—"),
                t.unit,
                t.period
            )
        };
        let mut changes = Vec::new();
        diff("reading", &describe(&target), &describe(&after), &mut changes);
        record(&mut tx, task.table_id, "target", id, after.version, &changes, actor).await?;
        touch_table(&mut tx, task.table_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn add_evidence(&self, file: NewEvidence, actor: Actor) -> Result<Evidence> {
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
        let evidence = evidence_from(&row)?;
        let changes = [FieldChange {
            field: "evidence",
            old: None,
            new: Some(file.filename.clone()),
        }];
        record(&mut tx, file.table_id, "evidence", evidence.id, 1, &changes, actor).await?;
        touch_table(&mut tx, file.table_id).await?;
        tx.commit().await?;
        Ok(evidence)
    }

    async fn list_evidence(&self, table_id: Id) -> Result<Vec<Evidence>> {
        let rows = sqlx::query(
            "SELECT id, table_id, task_id, target_id, filename, content_type, size, sha256, \
             uploaded_by, created_at FROM evidence WHERE table_id = $1 ORDER BY id",
        )
        .bind(table_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(evidence_from).collect()
    }

    async fn get_evidence(&self, id: Id) -> Result<(Evidence, Vec<u8>)> {
        let row = sqlx::query("SELECT * FROM evidence WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("佐证材料"))?;
        Ok((evidence_from(&row)?, row.try_get("data")?))
    }

    async fn delete_evidence(&self, id: Id, actor: Actor) -> Result<()> {
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
        record(&mut tx, table_id, "evidence", id, 2, &changes, actor).await?;
        touch_table(&mut tx, table_id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn history(&self, table_id: Id, offset: i64, limit: i64) -> Result<Page<Change>> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        let sql = format!("{CHANGE_SELECT} WHERE h.table_id = $1 ORDER BY h.id DESC LIMIT $2 OFFSET $3");
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
            items: rows.iter().map(change_from).collect::<Result<_>>()?,
            total,
            offset,
            limit,
        })
    }

    async fn dump(&self) -> Result<Dump> {
        let mut tx = self.begin_snapshot().await?;
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

    async fn load(&self, dump: &Dump) -> Result<()> {
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
                        Col::Int => q.bind(if v.is_null() { None } else { Some(v.as_i64().ok_or_else(bad)?) }),
                        Col::Real => q.bind(if v.is_null() { None } else { Some(v.as_f64().ok_or_else(bad)?) }),
                        Col::Text => q.bind(if v.is_null() { None } else { Some(v.as_str().ok_or_else(bad)?.to_string()) }),
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
        Self::after_load(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
