//! The task editor: texts, corrections of how a target was read, evidence.

use askama::Template;
use axum::extract::{Multipart, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use kaohe_store::{Id, NewEvidence, TargetCorrection, Task, TaskPatch};
use serde::Deserialize;

use super::{
    done, form_id, html, read_multipart, when, Flash, FlashQuery, Nav, PageError, PageForm,
    PageUser, St,
};
use crate::auth::{check_table, Action};
use crate::error::ApiError;
use crate::state::AppState;

use super::format::*;
use super::table::{targets_of, TargetView};
use super::PageResult;
use crate::service::{tasks, ServiceError};

#[derive(Template)]
#[template(path = "task_edit.html")]
pub(super) struct EditPage {
    nav: Nav,
    table_id: Id,
    table_title: String,
    task_id: Id,
    position: i64,
    version: i64,
    dimension: String,
    content: String,
    status: String,
    problems: String,
    self_score: String,
    targets: Vec<TargetView>,
    evidence: Vec<(Id, String)>,
    conflict: Vec<String>,
    comparators: Vec<(&'static str, &'static str)>,
    periods: Vec<(&'static str, &'static str)>,
}

pub(super) const COMPARATORS: [(&str, &str); 6] = [
    ("", "（无）"),
    (">=", "不少于 ≥"),
    (">", "超过 >"),
    ("<=", "不超过 ≤"),
    ("<", "低于 <"),
    ("=", "等于 ="),
];
pub(super) const PERIODS: [(&str, &str); 5] = [
    ("year", "每年"),
    ("quarter", "每季度"),
    ("month", "每月"),
    ("week", "每周"),
    ("day", "每天"),
];

pub(super) async fn edit_page(
    state: &AppState,
    page: &PageUser,
    task: &Task,
    typed: Option<(&EditForm, Vec<String>, i64)>,
    flash: Flash,
) -> PageResult {
    let t = state.store.get_table(task.table_id).await?;
    let (targets, evidence) = tokio::try_join!(
        state.store.list_targets(task.table_id),
        state.store.list_evidence(task.table_id),
    )?;
    let report = task.report();
    let (version, dimension, content, status, problems, self_score, conflict) = match typed {
        Some((f, conflict, current)) => (
            current,
            f.dimension.clone(),
            f.content.clone(),
            f.status.clone(),
            f.problems.clone(),
            f.self_score.clone(),
            conflict,
        ),
        None => (
            task.version,
            task.dimension.clone(),
            task.content.clone(),
            task.status.clone(),
            task.problems.clone(),
            task.self_score
                .map(kaohe_core::verify::fmt_num)
                .unwrap_or_default(),
            Vec::new(),
        ),
    };
    let is_conflict = !conflict.is_empty();
    let mut res = html(&EditPage {
        nav: page.nav(flash),
        table_id: t.id,
        table_title: t.title.clone(),
        task_id: task.id,
        position: task.position,
        version,
        dimension,
        content,
        status,
        problems,
        self_score,
        targets: targets_of(task, &targets, report.as_ref()),
        evidence: evidence
            .iter()
            .filter(|e| e.task_id == Some(task.id))
            .map(|e| (e.id, e.filename.clone()))
            .collect(),
        conflict,
        comparators: COMPARATORS.to_vec(),
        periods: PERIODS.to_vec(),
    });
    if is_conflict {
        *res.status_mut() = StatusCode::CONFLICT;
    }
    Ok(res)
}

pub(super) async fn editable_task(
    state: &AppState,
    page: &PageUser,
    id: &str,
) -> Result<Task, PageError> {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let task = state.store.get_task(id).await?;
    let t = state.store.get_table(task.table_id).await?;
    check_table(state, &page.user, &t, Action::Edit).await?;
    Ok(task)
}

pub async fn edit_form(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let task = editable_task(&state, &page, &id).await?;
    edit_page(&state, &page, &task, None, flash).await
}

#[derive(Deserialize)]
pub struct EditForm {
    csrf_token: String,
    version: i64,
    #[serde(default)]
    dimension: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    self_score: String,
}

pub(super) fn describe_changes(changes: &[kaohe_store::Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            format!(
                "{} {} 把“{}”由“{}”改为“{}”",
                when(c.at),
                c.username.clone().unwrap_or_else(|| "系统".into()),
                field_cn(&c.field),
                clip(c.old_value.as_deref().unwrap_or(""), 60),
                clip(c.new_value.as_deref().unwrap_or(""), 60)
            )
        })
        .collect()
}

pub async fn edit(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<EditForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let task = editable_task(&state, &page, &id).await?;
    // What was typed comes back in the form with the reason it was refused.
    let refuse = |message: String| async {
        let flash = Flash {
            ok: None,
            err: Some(message),
        };
        let mut res = edit_page(
            &state,
            &page,
            &task,
            Some((&form, Vec::new(), form.version)),
            flash,
        )
        .await?;
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok(res)
    };
    let self_score = match tasks::parse_score(&form.self_score) {
        Ok(score) => score,
        Err(e) => return refuse(ApiError::from(e).message).await,
    };
    // Browsers send CRLF in textareas; the stored texts use LF.
    let norm = |s: &str| s.replace("\r\n", "\n");
    let patch = TaskPatch {
        dimension: Some(form.dimension.trim().to_string()),
        content: Some(norm(&form.content)),
        status: Some(norm(&form.status)),
        problems: Some(norm(&form.problems)),
        self_score: Some(self_score),
    };
    match tasks::edit_task(&state, &page.user, task.id, form.version, patch).await {
        Ok(saved) => Ok(done(
            &format!("/tables/{}#task-{}", saved.table_id, saved.id),
            &format!("第 {} 项任务已保存并重新核对", saved.position),
        )),
        Err(ServiceError::Store(kaohe_store::StoreError::Conflict {
            current_version,
            changes,
            ..
        })) => {
            let now = state.store.get_task(task.id).await?;
            let lines = if changes.is_empty() {
                vec!["（对方的修改没有留下字段记录）".to_string()]
            } else {
                describe_changes(&changes)
            };
            edit_page(
                &state,
                &page,
                &now,
                Some((&form, lines, current_version)),
                Flash::default(),
            )
            .await
        }
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Store(_))) => {
            refuse(ApiError::from(e).message).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CorrectForm {
    csrf_token: String,
    version: i64,
    #[serde(default)]
    comparator: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    reset: Option<String>,
}

pub async fn correct(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<CorrectForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let target = state.store.get_target(id).await?;
    let task = editable_task(&state, &page, &target.task_id.to_string()).await?;
    let correction = if form.reset.is_some() {
        None
    } else {
        Some(TargetCorrection {
            comparator: Some(form.comparator.clone()).filter(|c| !c.is_empty()),
            value: Some(form.value.trim().to_string()).filter(|v| !v.is_empty()),
            unit: form.unit.trim().to_string(),
            period: form.period.clone(),
        })
    };
    match tasks::correct_target(&state, &page.user, id, form.version, correction).await {
        Ok(t) => Ok(done(
            &format!("/tasks/{}/edit", task.id),
            &format!("目标已更正，重新核对结果：{}", t.verdict.chinese()),
        )),
        Err(e) => {
            let message = match &e {
                ServiceError::Store(kaohe_store::StoreError::Conflict { .. }) => {
                    "这个目标已被他人修改，请看清当前的值后再更正".to_string()
                }
                _ => ApiError::from(e).message,
            };
            let now = state.store.get_task(task.id).await?;
            let mut res = edit_page(
                &state,
                &page,
                &now,
                None,
                Flash {
                    ok: None,
                    err: Some(message),
                },
            )
            .await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

pub async fn upload_evidence(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    multipart: Multipart,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let (fields, file) = read_multipart(multipart).await?;
    page.check_csrf(fields.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let t = state.store.get_table(id).await?;
    check_table(&state, &page.user, &t, Action::Edit).await?;
    let task_id = form_id(&fields, "task_id");
    let back = match task_id {
        Some(k) => format!("/tasks/{k}/edit"),
        None => format!("/tables/{id}"),
    };
    let Some((filename, bytes)) = file else {
        return Ok(Redirect::to(&format!(
            "{back}?err={}",
            super::urlencode("请选择要上传的文件")
        ))
        .into_response());
    };
    let filename = if filename.is_empty() {
        "佐证材料".to_string()
    } else {
        filename.chars().take(200).collect()
    };
    let Some(content_type) = crate::service::evidence::sniff(&bytes, &filename) else {
        return Ok(Redirect::to(&format!(
            "{back}?err={}",
            super::urlencode(&format!(
                "{filename}：佐证材料只接受 PDF、图片（PNG、JPEG、GIF）和 Office/WPS 文档"
            ))
        ))
        .into_response());
    };
    if let Some(k) = task_id {
        if state.store.get_task(k).await?.table_id != id {
            return Err(PageError::not_found());
        }
    }
    state
        .store
        .add_evidence(
            NewEvidence {
                table_id: id,
                task_id,
                target_id: None,
                filename: filename.clone(),
                content_type: content_type.to_string(),
                data: bytes,
            },
            Some(page.user.id),
        )
        .await?;
    Ok(done(&back, &format!("已上传 {filename}")))
}
