//! Review: scores and comments per task, submit, return and approve.

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use kaohe_store::Id;
use serde::Deserialize;

use super::{done, html, FlashQuery, Nav, PageError, PageForm, PageUser, St};
use crate::auth::{check_table, Action};
use crate::error::ApiError;
use crate::state::AppState;

use super::PageResult;
use crate::service::{self, tasks, Check, CheckLevel, Decision, ServiceError};

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf_token: String,
    version: i64,
    #[serde(default)]
    score: String,
    #[serde(default)]
    comment: String,
}

pub async fn review(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<ReviewForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let task = tasks::task_for(&state, &page.user, id, Action::Review).await?;
    let back = format!("/tables/{}", task.table_id);
    let score = match tasks::parse_score(&form.score) {
        Ok(score) => score,
        Err(e) => {
            let message = ApiError::from(e).message;
            return Ok(Redirect::to(&format!(
                "{back}?err={}#task-{id}",
                super::urlencode(&message)
            ))
            .into_response());
        }
    };
    tasks::review_task(&state, &page.user, id, form.version, score, &form.comment)
        .await
        .map_err(|e| match e {
            ServiceError::Store(kaohe_store::StoreError::Conflict { .. }) => PageError::new(
                StatusCode::CONFLICT,
                "无法完成操作",
                "这项任务刚被修改过，请返回刷新后再评分。",
            ),
            other => other.into(),
        })?;
    Ok(done(
        &format!("{back}#task-{id}"),
        &format!("第 {} 项任务的评分已保存", task.position),
    ))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    csrf_token: String,
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
}

/// Takes a decision from a form: the service decides, the page words it.
pub(super) async fn decide(
    state: &AppState,
    page: &PageUser,
    id: &str,
    form: &DecisionForm,
    decision: Decision,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let back = format!("/tables/{id}");
    let message = decision.done_message();
    match service::decide(state, &page.user, id, form.version, decision).await {
        Ok(_) => Ok(done(&back, message)),
        // The checklist is a page of its own, with the confirm box.
        Err(ServiceError::Checklist { .. }) => {
            Ok(Redirect::to(&format!("/tables/{id}/submit")).into_response())
        }
        Err(ServiceError::Invalid(m)) => {
            Ok(Redirect::to(&format!("{back}?err={}", super::urlencode(&m))).into_response())
        }
        Err(ServiceError::Store(kaohe_store::StoreError::Conflict { .. })) => Err(PageError::new(
            StatusCode::CONFLICT,
            "无法完成操作",
            "自查表刚被修改过，请返回刷新后再操作。",
        )),
        Err(other) => Err(other.into()),
    }
}

pub async fn submit(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    let confirmed = !form.confirm.is_empty();
    decide(&state, &page, &id, &form, Decision::Submit { confirmed }).await
}

pub async fn return_table(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    let reason = form.reason.clone();
    decide(&state, &page, &id, &form, Decision::Return { reason }).await
}

pub async fn approve(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    decide(&state, &page, &id, &form, Decision::Approve).await
}

#[derive(Template)]
#[template(path = "submit.html")]
pub(super) struct SubmitPage {
    nav: Nav,
    table_id: Id,
    table_title: String,
    version: i64,
    items: Vec<Check>,
    ready: bool,
    warnings: bool,
}

pub async fn submit_form(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let t = state.store.get_table(id).await?;
    check_table(&state, &page.user, &t, Action::Edit).await?;
    let checklist = service::checklist(&state, id).await?;
    Ok(html(&SubmitPage {
        nav: page.nav(flash),
        table_id: id,
        table_title: t.title,
        version: t.version,
        ready: !checklist.blocking,
        warnings: checklist.needs_confirmation,
        items: checklist.items,
    }))
}
