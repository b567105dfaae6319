//! The review workflow's one state machine: submit, return, approve.

use kaohe_store::{Id, TableRecord, TableStatus, User};

use super::{check_len, checklist, ServiceError, ServiceResult};
use crate::auth::{check_table, Action};
use crate::state::AppState;

/// Longest reason for a return, in characters.
pub const MAX_REASON_CHARS: usize = 2000;

/// A decision on a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The editor hands the table in; `confirmed` after reading the
    /// checklist's warnings.
    Submit { confirmed: bool },
    /// The reviewer sends it back, saying why.
    Return { reason: String },
    /// The reviewer approves it; it is read-only afterwards.
    Approve,
}

impl Decision {
    /// Who may take it: the permission it needs.
    pub fn needs(&self) -> Action {
        match self {
            Decision::Submit { .. } => Action::Edit,
            Decision::Return { .. } | Decision::Approve => Action::Review,
        }
    }

    /// The states it may be taken from.
    pub fn from(&self) -> &'static [TableStatus] {
        match self {
            Decision::Submit { .. } => &[TableStatus::Draft, TableStatus::Returned],
            Decision::Return { .. } | Decision::Approve => &[TableStatus::Submitted],
        }
    }

    /// The state it leads to.
    pub fn to(&self) -> TableStatus {
        match self {
            Decision::Submit { .. } => TableStatus::Submitted,
            Decision::Return { .. } => TableStatus::Returned,
            Decision::Approve => TableStatus::Approved,
        }
    }

    /// Its name in the review record.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Submit { .. } => "submit",
            Decision::Return { .. } => "return",
            Decision::Approve => "approve",
        }
    }

    /// What a person is told once it is done.
    pub fn done_message(&self) -> &'static str {
        match self {
            Decision::Submit { .. } => "已提交审核",
            Decision::Return { .. } => "已退回",
            Decision::Approve => "已审定",
        }
    }
}

/// Takes `decision` on table `id` as read at `version`, for `user`.
pub async fn decide(
    state: &AppState,
    user: &User,
    id: Id,
    version: i64,
    decision: Decision,
) -> ServiceResult<TableRecord> {
    let table = state.store.get_table(id).await?;
    check_table(state, user, &table, decision.needs()).await?;
    let reason = match &decision {
        Decision::Return { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(ServiceError::Invalid("退回时必须写明原因".into()));
            }
            check_len("退回原因", reason, MAX_REASON_CHARS)?;
            reason
        }
        _ => "",
    };
    if let Decision::Submit { confirmed } = decision {
        let checklist = checklist(state, id).await?;
        if !checklist.allows_submit(confirmed) {
            let message = if checklist.blocking {
                "提交前检查未通过，请先处理清单中的问题"
            } else {
                "请先查看提交前检查清单，确认后再提交"
            };
            return Err(ServiceError::Checklist { message, checklist });
        }
    }
    Ok(state
        .store
        .transition_table(
            id,
            version,
            decision.from(),
            decision.to(),
            decision.as_str(),
            reason,
            Some(user.id),
        )
        .await?)
}
