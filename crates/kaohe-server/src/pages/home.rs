//! The home page: my tables, and what waits for my review.

use super::{html, when, FlashQuery, Nav, PageUser, St};
use askama::Template;
use axum::extract::Query;
use kaohe_store::{Id, Role, TableFilter, TableRecord, TableStatus};

use super::format::*;
use super::PageResult;

/// One table in a list.
pub struct TableLine {
    pub id: Id,
    pub title: String,
    /// 绩效自评表, 进展情况表, 文字报告; empty for a self-check table.
    pub family_cn: &'static str,
    pub organization: String,
    pub cycle: String,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub updated: String,
}

pub(super) fn table_line(t: &TableRecord) -> TableLine {
    TableLine {
        id: t.id,
        title: t.title.clone(),
        family_cn: family_cn(t.family),
        organization: t.organization.clone(),
        cycle: t.cycle.clone(),
        status: t.status.as_str(),
        status_cn: status_cn(t.status),
        met: t.counts.met,
        not_met: t.counts.not_met,
        unverified: t.counts.unverified,
        updated: when(t.updated_at),
    }
}

#[derive(Template)]
#[template(path = "home.html")]
pub(super) struct HomePage {
    nav: Nav,
    greeting: String,
    tables_heading: &'static str,
    tables: Vec<TableLine>,
    waiting: Vec<TableLine>,
    cycles: Vec<(Id, String)>,
    can_import: bool,
}

pub async fn home(state: St, page: PageUser, Query(flash): FlashQuery) -> PageResult {
    let user = &page.user;
    let mut filter = TableFilter {
        limit: 200,
        ..TableFilter::default()
    };
    match user.role {
        Role::Editor => filter.organization_id = Some(user.organization_id.unwrap_or(-1)),
        Role::Reviewer => filter.reviewer_id = Some(user.id),
        _ => {}
    }
    let tables = state.store.list_tables(&filter).await?.items;
    let waiting = if user.role == Role::Reviewer {
        tables
            .iter()
            .filter(|t| t.status == TableStatus::Submitted)
            .map(table_line)
            .collect()
    } else {
        Vec::new()
    };
    let cycles = match user.role {
        Role::Admin | Role::Viewer => state.store.list_cycles().await?,
        Role::Reviewer => state
            .store
            .list_cycles()
            .await?
            .into_iter()
            .filter(|c| c.reviewer_ids.contains(&user.id))
            .collect(),
        Role::Editor => Vec::new(),
    };
    Ok(html(&HomePage {
        nav: page.nav(flash),
        greeting: user.display_name.clone(),
        tables_heading: match user.role {
            Role::Editor => "本单位的自查表",
            Role::Reviewer => "我审核的自查表",
            _ => "全部自查表",
        },
        tables: tables.iter().map(table_line).collect(),
        waiting,
        cycles: cycles.into_iter().map(|c| (c.id, c.name)).collect(),
        can_import: matches!(user.role, Role::Editor | Role::Admin),
    }))
}
