//! The checklist before a table is submitted: what blocks submitting and
//! what the editor should confirm first.

use kaohe_core::verify::Verdict;
use kaohe_store::Id;
use serde::Serialize;

use super::ServiceResult;
use crate::state::AppState;

/// How much one line of the checklist matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    /// Nothing to do.
    Ok,
    /// Submit after confirming.
    Warning,
    /// Fix before submitting.
    Blocking,
}

/// One line of the checklist.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    pub level: CheckLevel,
    pub message: String,
    pub task_id: Option<Id>,
    pub target_id: Option<Id>,
}

/// The whole checklist of a table.
#[derive(Clone, Debug, Serialize)]
pub struct Checklist {
    pub items: Vec<Check>,
    /// Something must be fixed before submitting.
    pub blocking: bool,
    /// Something must be confirmed before submitting.
    pub needs_confirmation: bool,
}

impl Checklist {
    /// Whether the table may be submitted, given whether the editor confirmed.
    pub fn allows_submit(&self, confirmed: bool) -> bool {
        !self.blocking && (confirmed || !self.needs_confirmation)
    }
}

/// The checklist of table `id` (the caller has checked it may read it).
pub async fn checklist(state: &AppState, id: Id) -> ServiceResult<Checklist> {
    let (tasks, targets, evidence) = tokio::try_join!(
        state.store.list_tasks(id),
        state.store.list_targets(id),
        state.store.list_evidence(id),
    )?;
    let mut items = Vec::new();
    for task in &tasks {
        if task.status.trim().is_empty() {
            items.push(Check {
                level: CheckLevel::Blocking,
                message: format!("第 {} 项任务没有填写落实情况", task.position),
                task_id: Some(task.id),
                target_id: None,
            });
        }
        if task.flagged {
            items.push(Check {
                level: CheckLevel::Warning,
                message: format!("第 {} 项任务写明已完成，但有目标未达标", task.position),
                task_id: Some(task.id),
                target_id: None,
            });
        }
    }
    for t in &targets {
        let position = tasks
            .iter()
            .find(|k| k.id == t.task_id)
            .map_or(0, |k| k.position);
        if t.verdict == Verdict::Unverified {
            items.push(Check {
                level: CheckLevel::Warning,
                message: format!(
                    "第 {position} 项任务的目标“{}”待核实：落实情况中没有找到对应数字",
                    t.text
                ),
                task_id: Some(t.task_id),
                target_id: Some(t.id),
            });
        }
        // A figure the reader could not confirm needs a document that can.
        let needs_evidence =
            t.corrected || matches!(t.verdict, Verdict::Unverified | Verdict::NotMet);
        let has = evidence.iter().any(|e| {
            e.target_id == Some(t.id) || (e.target_id.is_none() && e.task_id == Some(t.task_id))
        });
        if needs_evidence && !has {
            items.push(Check {
                level: CheckLevel::Warning,
                message: format!("第 {position} 项任务的目标“{}”缺少佐证材料", t.text),
                task_id: Some(t.task_id),
                target_id: Some(t.id),
            });
        }
    }
    let blocking = items.iter().any(|c| c.level == CheckLevel::Blocking);
    let needs_confirmation = items.iter().any(|c| c.level == CheckLevel::Warning);
    if items.is_empty() {
        items.push(Check {
            level: CheckLevel::Ok,
            message: "每项任务都有落实情况，目标均已核对，可以提交".into(),
            task_id: None,
            target_id: None,
        });
    }
    Ok(Checklist {
        items,
        blocking,
        needs_confirmation,
    })
}
