//! Changing a task: its texts and self-score, a reviewer's score and
//! comment, a correction of how a target was read. The limits on what may
//! be typed live here, once.

use kaohe_core::score::{self, Suggestion};
use kaohe_store::{Id, Target, TargetCorrection, Task, TaskPatch, User};

use super::{check_len, ServiceError, ServiceResult};
use crate::auth::{check_table, Action};
use crate::state::AppState;

/// Longest 考评维度, in characters.
pub const MAX_DIMENSION_CHARS: usize = 200;
/// Longest text of one cell (自查内容, 落实情况, 存在问题及原因).
pub const MAX_CELL_CHARS: usize = 20_000;
/// Longest 审核意见.
pub const MAX_COMMENT_CHARS: usize = 5000;
/// Longest unit of a corrected target.
pub const MAX_UNIT_CHARS: usize = 20;
/// Highest score a task may be given (self-score or review score).
pub const MAX_SCORE: f64 = 1000.0;

/// Refuses a score outside 0 to [`MAX_SCORE`].
pub fn check_score(score: f64) -> ServiceResult<()> {
    if score.is_finite() && (0.0..=MAX_SCORE).contains(&score) {
        Ok(())
    } else {
        Err(ServiceError::Invalid(format!(
            "分数应为 0 到 {MAX_SCORE} 之间的数字"
        )))
    }
}

/// Reads a score typed into a form: empty is no score.
pub fn parse_score(typed: &str) -> ServiceResult<Option<f64>> {
    match typed.trim() {
        "" => Ok(None),
        s => {
            let score = s.parse::<f64>().map_err(|_| {
                ServiceError::Invalid(format!("分数应为 0 到 {MAX_SCORE} 之间的数字"))
            })?;
            check_score(score)?;
            Ok(Some(score))
        }
    }
}

/// Task `id`, if `user` may take `action` on its table.
pub async fn task_for(
    state: &AppState,
    user: &User,
    id: Id,
    action: Action,
) -> ServiceResult<Task> {
    let task = state.store.get_task(id).await?;
    let table = state.store.get_table(task.table_id).await?;
    check_table(state, user, &table, action).await?;
    Ok(task)
}

/// Changes a task's texts or self-score (its targets are read and checked
/// again in the same transaction).
pub async fn edit_task(
    state: &AppState,
    user: &User,
    id: Id,
    version: i64,
    patch: TaskPatch,
) -> ServiceResult<Task> {
    task_for(state, user, id, Action::Edit).await?;
    if let Some(d) = &patch.dimension {
        check_len("考评维度", d, MAX_DIMENSION_CHARS)?;
    }
    for (field, text) in [
        ("自查内容", &patch.content),
        ("落实情况", &patch.status),
        ("存在问题及原因", &patch.problems),
    ] {
        if let Some(text) = text {
            check_len(field, text, MAX_CELL_CHARS)?;
        }
    }
    if let Some(Some(score)) = patch.self_score {
        check_score(score)?;
    }
    Ok(state
        .store
        .update_task(id, version, patch, Some(user.id))
        .await?)
}

/// A reviewer's score and comment on a task.
pub async fn review_task(
    state: &AppState,
    user: &User,
    id: Id,
    version: i64,
    score: Option<f64>,
    comment: &str,
) -> ServiceResult<Task> {
    task_for(state, user, id, Action::Review).await?;
    if let Some(score) = score {
        check_score(score)?;
    }
    let comment = comment.trim();
    check_len("审核意见", comment, MAX_COMMENT_CHARS)?;
    let comment = Some(comment).filter(|c| !c.is_empty());
    Ok(state
        .store
        .review_task(id, version, score, comment, Some(user.id))
        .await?)
}

/// Corrects how a target was read, or with `None` goes back to the reading.
pub async fn correct_target(
    state: &AppState,
    user: &User,
    id: Id,
    version: i64,
    correction: Option<TargetCorrection>,
) -> ServiceResult<Target> {
    let target = state.store.get_target(id).await?;
    task_for(state, user, target.task_id, Action::Edit).await?;
    if let Some(c) = &correction {
        check_len("单位", &c.unit, MAX_UNIT_CHARS)?;
    }
    Ok(state
        .store
        .correct_target(id, version, correction, Some(user.id))
        .await?)
}

/// The scoring rule's suggestion for a task (财预〔2020〕10号), from its
/// stored report; a report that does not read counts as no targets.
pub fn suggestion(task: &Task) -> Suggestion {
    let report = task.report();
    let targets = report.as_ref().map_or(&[][..], |r| &r.targets[..]);
    score::suggest_for(targets, &task.status)
}
