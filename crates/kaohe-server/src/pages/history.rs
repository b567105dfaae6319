//! A table's history, and restoring a task to an earlier state.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use kaohe_store::Id;
use serde::Deserialize;

use super::{done, html, when, FlashQuery, Nav, PageError, PageForm, PageUser, St};
use crate::auth::{check_table, Action};

use super::format::*;
use super::table::allowed;
use super::task::editable_task;
use super::PageResult;

/// One line of history.
pub struct HistoryLine {
    pub id: Id,
    pub at: String,
    pub who: String,
    pub what: String,
    pub field: String,
    pub old: String,
    pub new: String,
    pub entity_id: Id,
    pub restorable: bool,
}

#[derive(Template)]
#[template(path = "history.html")]
pub(super) struct HistoryPage {
    nav: Nav,
    table_id: Id,
    table_title: String,
    items: Vec<HistoryLine>,
    can_edit: bool,
    offset: i64,
    prev: i64,
    next: i64,
    more: bool,
}

#[derive(Deserialize, Default)]
pub struct OffsetQuery {
    #[serde(default)]
    offset: i64,
}

pub async fn history(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(q): Query<OffsetQuery>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let t = state.store.get_table(id).await?;
    check_table(&state, &page.user, &t, Action::Read).await?;
    let limit = 100;
    let (changes, tasks) = tokio::try_join!(
        state.store.history(id, q.offset, limit),
        state.store.list_tasks(id)
    )?;
    let positions: HashMap<Id, i64> = tasks.iter().map(|k| (k.id, k.position)).collect();
    let can_edit = allowed(&state, &page.user, &t, Action::Edit).await;
    let items = changes
        .items
        .iter()
        .map(|c| HistoryLine {
            id: c.id,
            at: when(c.at),
            who: c.username.clone().unwrap_or_else(|| "系统".into()),
            what: match c.entity.as_str() {
                "task" => positions
                    .get(&c.entity_id)
                    .map(|p| format!("第 {p} 项任务"))
                    .unwrap_or_else(|| "任务（已不在表中）".into()),
                "target" => "目标".into(),
                "evidence" => "佐证材料".into(),
                _ => "自查表".into(),
            },
            field: field_cn(&c.field).to_string(),
            old: clip(c.old_value.as_deref().unwrap_or(""), 300),
            new: clip(c.new_value.as_deref().unwrap_or(""), 300),
            entity_id: c.entity_id,
            restorable: c.entity == "task"
                && positions.contains_key(&c.entity_id)
                && matches!(
                    c.field.as_str(),
                    "dimension" | "content" | "status" | "problems" | "self_score"
                ),
        })
        .collect();
    Ok(html(&HistoryPage {
        nav: page.nav(flash),
        table_id: id,
        table_title: t.title,
        items,
        can_edit,
        offset: q.offset,
        prev: (q.offset - limit).max(0),
        next: q.offset + limit,
        more: q.offset + limit < changes.total,
    }))
}

#[derive(Deserialize)]
pub struct RestoreForm {
    csrf_token: String,
    change_id: Id,
}

pub async fn restore(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<RestoreForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let task = editable_task(&state, &page, &id).await?;
    let restored = state
        .store
        .restore_task(task.id, form.change_id, Some(page.user.id))
        .await?;
    Ok(done(
        &format!("/tables/{}#task-{}", restored.table_id, restored.id),
        &format!("第 {} 项任务已恢复", restored.position),
    ))
}
