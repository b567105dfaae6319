//! Search across the tables one may read.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use kaohe_store::{Id, TableRecord};
use serde::Deserialize;

use super::{html, FlashQuery, Nav, PageUser, St};
use crate::auth::Action;

use super::table::allowed;
use super::PageResult;

/// One search hit.
pub struct Hit {
    pub table_id: Id,
    pub task_id: Id,
    pub position: i64,
    pub title: String,
    pub organization: String,
    pub before: String,
    pub hit: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub(super) struct SearchPage {
    nav: Nav,
    q: String,
    hits: Vec<Hit>,
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn search(
    state: St,
    page: PageUser,
    Query(query): Query<SearchQuery>,
    Query(flash): FlashQuery,
) -> PageResult {
    let q: String = query.q.trim().chars().take(50).collect();
    let mut hits = Vec::new();
    if !q.is_empty() {
        let tasks = state.store.search_tasks(&q, 1000).await?;
        let mut tables: HashMap<Id, Option<TableRecord>> = HashMap::new();
        for task in tasks {
            if let std::collections::hash_map::Entry::Vacant(slot) = tables.entry(task.table_id) {
                let t = state.store.get_table(task.table_id).await?;
                let ok = allowed(&state, &page.user, &t, Action::Read).await;
                slot.insert(ok.then_some(t));
            }
            let Some(Some(t)) = tables.get(&task.table_id) else {
                continue;
            };
            let text = [&task.content, &task.status, &task.problems, &task.dimension]
                .into_iter()
                .find(|s| s.contains(&q))
                .cloned()
                .unwrap_or_default();
            let at = text.find(&q).unwrap_or(0);
            let before: String = text[..at]
                .chars()
                .rev()
                .take(24)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = text[at + q.len().min(text.len() - at)..]
                .chars()
                .take(48)
                .collect();
            hits.push(Hit {
                table_id: t.id,
                task_id: task.id,
                position: task.position,
                title: t.title.clone(),
                organization: t.organization.clone(),
                before,
                hit: q.clone(),
                after,
            });
            if hits.len() >= 200 {
                break;
            }
        }
    }
    Ok(html(&SearchPage {
        nav: page.nav(flash),
        q,
        hits,
    }))
}
