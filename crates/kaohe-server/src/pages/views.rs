//! The page handlers and their typed templates.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kaohe_store::{
    Id, NewEvidence, NewTable, NewUser, Role, TableFilter, TableRecord, TableStatus,
    TargetCorrection, Task, TaskPatch, UserPatch,
};
use serde::Deserialize;
use serde_json::Value;

use super::render::{cell_html, item_starts, place, Mark};
use super::{
    charts, cookie_value, done, form_id, html, login_token, read_multipart, safe_next, when, Flash,
    FlashQuery, FormMap, Nav, PageError, PageForm, PageUser, St, LOGIN_COOKIE,
};
use crate::api::session::{authenticate, secure, session_cookie, ClientAddr};
use crate::auth::{check_table, Action, AppState, Via};
use crate::error::ApiError;

type PageResult = Result<Response, PageError>;

fn verdict_cn(v: &str) -> &'static str {
    match v {
        "met" => "达标",
        "not_met" => "未达标",
        "unverified" => "待核实",
        _ => "定性",
    }
}

fn status_cn(s: TableStatus) -> &'static str {
    s.chinese()
}

fn field_cn(f: &str) -> &str {
    match f {
        "dimension" => "考评维度",
        "content" => "自查内容",
        "status" => "落实情况",
        "problems" => "存在问题及原因",
        "self_score" => "自评分",
        "review_score" => "审核分",
        "review_comment" => "审核意见",
        "reading" => "目标读取",
        "verdict" => "核对结论",
        "text" => "目标文字",
        "title" => "标题",
        "import" => "导入",
        "source_text" => "原文",
        "reason" => "原因",
        "evidence" => "佐证材料",
        other => other,
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).chain("…".chars()).collect()
    }
}

fn fmt_score(s: Option<f64>) -> String {
    s.map(kaohe_core::verify::fmt_num)
        .unwrap_or_else(|| "—".into())
}

// ---------------------------------------------------------------- login

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    error: Option<String>,
    next: String,
    username: String,
    /// Ties the form to this browser (see `pages::LOGIN_COOKIE`).
    login_token: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login page with a fresh login token, its cookie set.
fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    flash: Flash,
    next: &str,
    username: String,
) -> Response {
    let (login_token, cookie) = login_token(secure(state, headers));
    let error = flash.err;
    let mut res = html(&LoginPage {
        nav: Nav {
            user: None,
            csrf: String::new(),
            ok: flash.ok,
            err: None,
        },
        error,
        next: safe_next(next),
        username,
        login_token,
    });
    *res.status_mut() = status;
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

pub async fn login_form(
    state: St,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
    Query(flash): FlashQuery,
) -> Response {
    login_page(
        &state,
        &headers,
        StatusCode::OK,
        flash,
        q.next.as_deref().unwrap_or("/"),
        String::new(),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    login_token: String,
}

pub async fn login(
    state: St,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Response {
    let name = form.username.trim().chars().take(100).collect::<String>();
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !crate::auth::same_secret(&form.login_token, expected) {
        return login_page(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            Flash {
                ok: None,
                err: Some("登录页面已过期或不是从本系统打开的，请重新输入密码登录。".into()),
            },
            &form.next,
            name,
        );
    }
    match authenticate(&state, &name, &form.password, client).await {
        Ok((token, _, _)) => {
            let cookie = session_cookie(
                Some(&token),
                state.config.session_hours * 3600,
                secure(&state, &headers),
            );
            (
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&safe_next(&form.next)),
            )
                .into_response()
        }
        Err(e) => {
            let flash = Flash {
                ok: None,
                err: Some(e.message),
            };
            let mut res = login_page(&state, &headers, e.status, flash, &form.next, name);
            if let Some(seconds) = e.retry_after {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, seconds.into());
            }
            res
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf_token: String,
}

pub async fn logout(
    state: St,
    page: PageUser,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    if let Via::Session { token_hash, .. } = &page.auth.via {
        state.store.delete_session(token_hash).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            session_cookie(None, 0, secure(&state, &headers)),
        )],
        Redirect::to("/login?ok=%E5%B7%B2%E9%80%80%E5%87%BA"),
    )
        .into_response())
}

// ---------------------------------------------------------------- home

/// One table in a list.
pub struct TableLine {
    pub id: Id,
    pub title: String,
    pub organization: String,
    pub cycle: String,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub updated: String,
}

fn table_line(t: &TableRecord) -> TableLine {
    TableLine {
        id: t.id,
        title: t.title.clone(),
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
struct HomePage {
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

// ---------------------------------------------------------------- table

/// The table as its page shows it.
pub struct TableHead {
    pub id: Id,
    pub cycle_id: Id,
    pub title: String,
    pub organization: String,
    pub cycle: String,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub version: i64,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    pub flagged: i64,
    pub return_reason: Option<String>,
}

/// One target under its task.
pub struct TargetView {
    pub id: Id,
    pub version: i64,
    pub verdict: String,
    pub verdict_cn: &'static str,
    pub text: String,
    pub reason: String,
    pub line: String,
    pub actual: String,
    pub mark_id: String,
    pub corrected: bool,
    pub comparator: String,
    pub value: String,
    pub unit: String,
    pub period: String,
}

/// One row of the official table.
pub struct RowView {
    pub id: Id,
    pub version: i64,
    pub dim_rowspan: usize,
    pub dimension: String,
    pub content_html: String,
    pub status_html: String,
    pub problems: String,
    pub flagged: bool,
    pub targets: Vec<TargetView>,
    pub evidence: Vec<(Id, String)>,
    pub self_score: String,
    pub review_score: String,
    pub review_score_input: String,
    pub review_comment: String,
    pub suggestion: String,
}

#[derive(Template)]
#[template(path = "table.html")]
struct TablePage {
    nav: Nav,
    t: TableHead,
    rows: Vec<RowView>,
    can_edit: bool,
    can_review: bool,
    show_scores: bool,
    reviews: Vec<String>,
}

fn head(t: &TableRecord) -> TableHead {
    TableHead {
        id: t.id,
        cycle_id: t.cycle_id,
        title: t.title.clone(),
        organization: t.organization.clone(),
        cycle: t.cycle.clone(),
        status: t.status.as_str(),
        status_cn: status_cn(t.status),
        version: t.version,
        met: t.counts.met,
        not_met: t.counts.not_met,
        unverified: t.counts.unverified,
        qualitative: t.counts.qualitative,
        flagged: t.counts.flagged,
        return_reason: t.return_reason.clone(),
    }
}

async fn allowed(
    state: &AppState,
    user: &kaohe_store::User,
    t: &TableRecord,
    action: Action,
) -> bool {
    check_table(state, user, t, action).await.is_ok()
}

fn targets_of(task: &Task, rows: &[kaohe_store::Target], report: &Value) -> Vec<TargetView> {
    let reports = report["targets"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .filter(|g| g.task_id == task.id)
        .map(|g| {
            let r = reports.get(g.position as usize);
            let actual = r
                .and_then(|r| r["actual"]["text"].as_str())
                .unwrap_or("")
                .to_string();
            TargetView {
                id: g.id,
                version: g.version,
                verdict: g.verdict.clone(),
                verdict_cn: verdict_cn(&g.verdict),
                text: g.text.clone(),
                reason: g.reason.clone(),
                line: g.line.map(|l| format!("原文第 {l} 行")).unwrap_or_default(),
                actual,
                mark_id: String::new(),
                corrected: g.corrected,
                comparator: g.comparator.clone().unwrap_or_default(),
                value: g.value.clone().unwrap_or_default(),
                unit: g.unit.clone(),
                period: g.period.clone(),
            }
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The official table's rows, with marks tying targets to achievements.
fn rows_of(
    tasks: &[Task],
    targets: &[kaohe_store::Target],
    evidence: &[kaohe_store::Evidence],
) -> Vec<RowView> {
    let mut rows: Vec<RowView> = Vec::with_capacity(tasks.len());
    for task in tasks {
        let report = task.report_value();
        let mut views = targets_of(task, targets, &report);
        let mut marks: Vec<Mark> = Vec::new();
        let reports = report["targets"].as_array().cloned().unwrap_or_default();
        for (i, v) in views.iter_mut().enumerate() {
            let Some(r) = reports.get(i) else { continue };
            let actual = &r["actual"];
            if actual.is_null() {
                continue;
            }
            let clause = actual["text"].as_str().unwrap_or("");
            let span = actual["span"].as_str();
            let id = format!("a-{}-{i}", task.id);
            match place(&task.status, clause, span, &marks) {
                Some((start, end)) => {
                    marks.push(Mark {
                        start,
                        end,
                        class: v.verdict.clone(),
                        id: id.clone(),
                        title: v.reason.clone(),
                    });
                    v.mark_id = id;
                }
                None => {
                    // Shares a clause with an earlier target.
                    if let Some(m) = marks.iter().find(|m| {
                        task.status[m.start..m.end].contains(clause)
                            || clause.contains(&task.status[m.start..m.end])
                    }) {
                        v.mark_id = m.id.clone();
                    }
                }
            }
        }
        let content_breaks = item_starts(&task.content, &strings(&report["items"]));
        let status_breaks = item_starts(&task.status, &strings(&report["status_items"]));
        let suggestion = crate::api::tasks::suggestion(task);
        let suggestion = match suggestion["share"].as_f64() {
            Some(s) => format!(
                "得分率 {:.0}%（{}）",
                s * 100.0,
                suggestion["rule"].as_str().unwrap_or("")
            ),
            None => suggestion["rule"].as_str().unwrap_or("").to_string(),
        };
        let same_dimension = rows
            .iter()
            .rposition(|r| r.dim_rowspan > 0)
            .filter(|&i| rows[i].dimension == task.dimension);
        let dim_rowspan = match same_dimension {
            Some(i) => {
                rows[i].dim_rowspan += 1;
                0
            }
            None => 1,
        };
        rows.push(RowView {
            id: task.id,
            version: task.version,
            dim_rowspan,
            dimension: task.dimension.clone(),
            content_html: cell_html(&task.content, &content_breaks, &[]),
            status_html: cell_html(&task.status, &status_breaks, &marks),
            problems: task.problems.clone(),
            flagged: task.flagged,
            targets: views,
            evidence: evidence
                .iter()
                .filter(|e| e.task_id == Some(task.id))
                .map(|e| (e.id, e.filename.clone()))
                .collect(),
            self_score: fmt_score(task.self_score),
            review_score: fmt_score(task.review_score),
            review_score_input: task
                .review_score
                .map(kaohe_core::verify::fmt_num)
                .unwrap_or_default(),
            review_comment: task.review_comment.clone().unwrap_or_default(),
            suggestion,
        });
    }
    rows
}

pub async fn table(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let t = state.store.get_table(id).await?;
    check_table(&state, &page.user, &t, Action::Read).await?;
    let (tasks, targets, evidence, reviews) = tokio::try_join!(
        state.store.list_tasks(id),
        state.store.list_targets(id),
        state.store.list_evidence(id),
        state.store.list_reviews(id),
    )?;
    let can_edit = allowed(&state, &page.user, &t, Action::Edit).await;
    let can_review = allowed(&state, &page.user, &t, Action::Review).await;
    let action_cn = |a: &str| {
        match a {
            "submit" => "提交",
            "return" => "退回",
            "approve" => "审定",
            other => other,
        }
        .to_string()
    };
    Ok(html(&TablePage {
        nav: page.nav(flash),
        rows: rows_of(&tasks, &targets, &evidence),
        show_scores: can_review
            || t.status != TableStatus::Draft
            || tasks.iter().any(|k| k.self_score.is_some()),
        can_edit,
        can_review,
        reviews: reviews
            .iter()
            .map(|r| {
                let reason = if r.reason.is_empty() {
                    String::new()
                } else {
                    format!("：{}", r.reason)
                };
                format!(
                    "{} {} {}{}",
                    when(r.at),
                    r.username,
                    action_cn(&r.action),
                    reason
                )
            })
            .collect(),
        t: head(&t),
    }))
}

// ---------------------------------------------------------------- task editor

#[derive(Template)]
#[template(path = "task_edit.html")]
struct EditPage {
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

const COMPARATORS: [(&str, &str); 6] = [
    ("", "（无）"),
    (">=", "不少于 ≥"),
    (">", "超过 >"),
    ("<=", "不超过 ≤"),
    ("<", "低于 <"),
    ("=", "等于 ="),
];
const PERIODS: [(&str, &str); 5] = [
    ("year", "每年"),
    ("quarter", "每季度"),
    ("month", "每月"),
    ("week", "每周"),
    ("day", "每天"),
];

async fn edit_page(
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
    let report = task.report_value();
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
        targets: targets_of(task, &targets, &report),
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

async fn editable_task(state: &AppState, page: &PageUser, id: &str) -> Result<Task, PageError> {
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

fn describe_changes(changes: &[kaohe_store::Change]) -> Vec<String> {
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
    let self_score = match form.self_score.trim() {
        "" => None,
        s => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => Some(v),
            _ => {
                let flash = Flash {
                    ok: None,
                    err: Some("自评分应为 0 到 1000 之间的数字".into()),
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
                return Ok(res);
            }
        },
    };
    for (name, v, max) in [
        ("考评维度", &form.dimension, 200),
        ("自查内容", &form.content, 20_000),
        ("落实情况", &form.status, 20_000),
        ("存在问题及原因", &form.problems, 20_000),
    ] {
        if let Err(e) = ApiError::check_len(name, v, max) {
            let flash = Flash {
                ok: None,
                err: Some(e.message),
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
            return Ok(res);
        }
    }
    // Browsers send CRLF in textareas; the stored texts use LF.
    let norm = |s: &str| s.replace("\r\n", "\n");
    let patch = TaskPatch {
        dimension: Some(form.dimension.trim().to_string()),
        content: Some(norm(&form.content)),
        status: Some(norm(&form.status)),
        problems: Some(norm(&form.problems)),
        self_score: Some(self_score),
    };
    match state
        .store
        .update_task(task.id, form.version, patch, Some(page.user.id))
        .await
    {
        Ok(saved) => Ok(done(
            &format!("/tables/{}#task-{}", saved.table_id, saved.id),
            &format!("第 {} 项任务已保存并重新核对", saved.position),
        )),
        Err(kaohe_store::StoreError::Conflict {
            current_version,
            changes,
            ..
        }) => {
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
        Err(e) => {
            let flash = Flash {
                ok: None,
                err: Some(ApiError::from(e).message),
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
        }
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
    match state
        .store
        .correct_target(id, form.version, correction, Some(page.user.id))
        .await
    {
        Ok(t) => Ok(done(
            &format!("/tasks/{}/edit", task.id),
            &format!("目标已更正，重新核对结果：{}", verdict_cn(&t.verdict)),
        )),
        Err(e) => {
            let message = match &e {
                kaohe_store::StoreError::Conflict { .. } => {
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
    let Some(content_type) = crate::api::tasks::sniff_evidence(&bytes, &filename) else {
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

// ---------------------------------------------------------------- review

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
    let task = state.store.get_task(id).await?;
    let t = state.store.get_table(task.table_id).await?;
    check_table(&state, &page.user, &t, Action::Review).await?;
    let back = format!("/tables/{}", t.id);
    let score = match form.score.trim() {
        "" => None,
        s => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=1000.0).contains(&v) => Some(v),
            _ => {
                return Ok(Redirect::to(&format!(
                    "{back}?err={}#task-{id}",
                    super::urlencode("分数应为 0 到 1000 之间的数字")
                ))
                .into_response())
            }
        },
    };
    let comment = form.comment.trim();
    ApiError::check_len("审核意见", comment, 5000)?;
    state
        .store
        .review_task(
            id,
            form.version,
            score,
            Some(comment).filter(|c| !c.is_empty()),
            Some(page.user.id),
        )
        .await
        .map_err(|e| match e {
            kaohe_store::StoreError::Conflict { .. } => PageError::new(
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

async fn decide(
    state: &AppState,
    page: &PageUser,
    id: &str,
    form: &DecisionForm,
    action: &str,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let t = state.store.get_table(id).await?;
    let back = format!("/tables/{id}");
    let (needed, from, to, message): (Action, &[TableStatus], TableStatus, &str) = match action {
        "submit" => (
            Action::Edit,
            &[TableStatus::Draft, TableStatus::Returned],
            TableStatus::Submitted,
            "已提交审核",
        ),
        "return" => (
            Action::Review,
            &[TableStatus::Submitted],
            TableStatus::Returned,
            "已退回",
        ),
        _ => (
            Action::Review,
            &[TableStatus::Submitted],
            TableStatus::Approved,
            "已审定",
        ),
    };
    check_table(state, &page.user, &t, needed).await?;
    let reason = form.reason.trim();
    if action == "return" && reason.is_empty() {
        return Ok(Redirect::to(&format!(
            "{back}?err={}",
            super::urlencode("退回时必须写明原因")
        ))
        .into_response());
    }
    ApiError::check_len("原因", reason, 2000)?;
    if action == "submit" {
        let (_, blocking, warnings) = crate::api::tables::build_checklist(state, id).await?;
        if blocking || (warnings && form.confirm.is_empty()) {
            return Ok(Redirect::to(&format!("/tables/{id}/submit")).into_response());
        }
    }
    state
        .store
        .transition_table(
            id,
            form.version,
            from,
            to,
            action,
            reason,
            Some(page.user.id),
        )
        .await
        .map_err(|e| match e {
            kaohe_store::StoreError::Conflict { .. } => PageError::new(
                StatusCode::CONFLICT,
                "无法完成操作",
                "自查表刚被修改过，请返回刷新后再操作。",
            ),
            other => other.into(),
        })?;
    Ok(done(&back, message))
}

pub async fn submit(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    decide(&state, &page, &id, &form, "submit").await
}

pub async fn return_table(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    decide(&state, &page, &id, &form, "return").await
}

pub async fn approve(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult {
    decide(&state, &page, &id, &form, "approve").await
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    nav: Nav,
    table_id: Id,
    table_title: String,
    version: i64,
    items: Vec<(&'static str, String)>,
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
    let (items, blocking, warnings) = crate::api::tables::build_checklist(&state, id).await?;
    Ok(html(&SubmitPage {
        nav: page.nav(flash),
        table_id: id,
        table_title: t.title,
        version: t.version,
        items: items.into_iter().map(|c| (c.level, c.message)).collect(),
        ready: !blocking,
        warnings,
    }))
}

// ---------------------------------------------------------------- history

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
struct HistoryPage {
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

// ---------------------------------------------------------------- import

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    nav: Nav,
    table_id: Option<Id>,
    replace_title: String,
    text: String,
    cycles: Vec<(Id, String)>,
    organizations: Vec<(Id, String)>,
}

#[derive(Deserialize, Default)]
pub struct ImportQuery {
    table_id: Option<Id>,
}

async fn import_page(
    state: &AppState,
    page: &PageUser,
    table_id: Option<Id>,
    text: String,
    flash: Flash,
) -> PageResult {
    if !matches!(page.user.role, Role::Editor | Role::Admin) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有填报人可以导入自查表。",
        ));
    }
    let replace_title = match table_id {
        Some(id) => {
            let t = state.store.get_table(id).await?;
            check_table(state, &page.user, &t, Action::Edit).await?;
            t.title
        }
        None => String::new(),
    };
    let cycles = state.store.list_cycles().await?;
    let organizations = if page.user.role == Role::Admin {
        state
            .store
            .list_organizations()
            .await?
            .into_iter()
            .filter(|o| o.kind == "agency")
            .map(|o| (o.id, o.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(html(&ImportPage {
        nav: page.nav(flash),
        table_id,
        replace_title,
        text,
        cycles: cycles.into_iter().map(|c| (c.id, c.name)).collect(),
        organizations,
    }))
}

pub async fn import_form(
    state: St,
    page: PageUser,
    Query(q): Query<ImportQuery>,
    Query(flash): FlashQuery,
) -> PageResult {
    import_page(&state, &page, q.table_id, String::new(), flash).await
}

/// One row of the preview.
pub struct PreviewRow {
    pub index: usize,
    pub dimension: String,
    pub content: String,
    pub status: String,
    pub problems: String,
    pub flagged: bool,
    /// (verdict, 达标…, target text, reason)
    pub targets: Vec<(String, &'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    nav: Nav,
    title: String,
    source_name: String,
    /// The uploaded bytes, carried to the save form as they were.
    file_hex: String,
    task_count: usize,
    targets: usize,
    met: usize,
    not_met: usize,
    unverified: usize,
    qualitative: usize,
    warnings: Vec<String>,
    rows: Vec<PreviewRow>,
    table_id: Option<Id>,
    version: i64,
    cycle_id: String,
    organization_id: String,
}

async fn import_again(
    state: &AppState,
    page: &PageUser,
    table_id: Option<Id>,
    pasted: String,
    message: String,
) -> PageResult {
    // What was pasted comes back in the form: nothing typed is lost.
    let flash = Flash {
        ok: None,
        err: Some(message),
    };
    let mut res = import_page(state, page, table_id, pasted, flash).await?;
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

pub async fn import_preview(state: St, page: PageUser, multipart: Multipart) -> PageResult {
    crate::api::tables::may_import(&page.user)?;
    let (fields, file) = read_multipart(multipart).await?;
    page.check_csrf(fields.get("csrf_token").map(String::as_str).unwrap_or(""))?;
    let table_id = form_id(&fields, "table_id");
    let pasted = fields.get("text").cloned().unwrap_or_default();
    let (source_name, bytes) = match file {
        Some((name, bytes)) => (
            if name.is_empty() {
                "上传的文件".to_string()
            } else {
                name
            },
            bytes,
        ),
        None => ("粘贴的文本".to_string(), pasted.clone().into_bytes()),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return import_again(
            &state,
            &page,
            table_id,
            pasted,
            "请上传文件或粘贴自查表的文字".into(),
        )
        .await;
    }
    let (_, report) =
        match crate::api::tables::read_bounded(&state, bytes.clone(), source_name.clone()).await {
            Ok(read) => read,
            Err(e) => return import_again(&state, &page, table_id, pasted, e.message).await,
        };
    let version = match table_id {
        Some(id) => {
            let t = state.store.get_table(id).await?;
            check_table(&state, &page.user, &t, Action::Edit).await?;
            t.version
        }
        None => 0,
    };
    let rows = report
        .tasks
        .iter()
        .map(|t| PreviewRow {
            index: t.index,
            dimension: t.dimension.clone(),
            content: t.content.clone(),
            status: t.status.clone(),
            problems: t.problems.clone(),
            flagged: t.flags.iter().any(|f| f == "claimed_completed_but_not_met"),
            targets: t
                .targets
                .iter()
                .map(|g| {
                    let v = serde_json::to_value(g.verdict)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default();
                    let cn = verdict_cn(&v);
                    (v, cn, g.text.clone(), g.reason.clone())
                })
                .collect(),
        })
        .collect();
    let s = &report.summary;
    Ok(html(&PreviewPage {
        nav: page.nav(Flash::default()),
        title: report.title.clone().unwrap_or_else(|| source_name.clone()),
        source_name,
        task_count: s.tasks,
        targets: s.targets,
        met: s.met,
        not_met: s.not_met,
        unverified: s.unverified,
        qualitative: s.qualitative,
        warnings: report
            .warnings
            .iter()
            .map(|w| match w.line {
                Some(l) => format!("第 {l} 行：{}", w.message),
                None => w.message.clone(),
            })
            .collect(),
        rows,
        file_hex: kaohe_store::backup::to_hex(&bytes),
        table_id,
        version,
        cycle_id: fields.get("cycle_id").cloned().unwrap_or_default(),
        organization_id: fields.get("organization_id").cloned().unwrap_or_default(),
    }))
}

#[derive(Deserialize)]
pub struct SaveForm {
    csrf_token: String,
    file_hex: String,
    #[serde(default)]
    source_name: String,
    #[serde(default)]
    cycle_id: String,
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    table_id: String,
    #[serde(default)]
    version: String,
}

pub async fn import_save(
    state: St,
    page: PageUser,
    PageForm(form): PageForm<SaveForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    crate::api::tables::may_import(&page.user)?;
    let name: String = form.source_name.chars().take(200).collect();
    let bytes = kaohe_store::backup::from_hex(form.file_hex.trim()).ok_or_else(|| {
        PageError::new(
            StatusCode::BAD_REQUEST,
            "填写有误",
            "导入的内容已损坏，请重新导入。",
        )
    })?;
    let (content, _) = crate::api::tables::read_bounded(&state, bytes, name.clone()).await?;
    if let Ok(table_id) = form.table_id.trim().parse::<Id>() {
        let t = state.store.get_table(table_id).await?;
        check_table(&state, &page.user, &t, Action::Edit).await?;
        let version = form.version.trim().parse().unwrap_or(t.version);
        let saved = state
            .store
            .reimport_table(table_id, version, content, Some(page.user.id))
            .await
            .map_err(|e| match e {
                kaohe_store::StoreError::Conflict { .. } => PageError::new(
                    StatusCode::CONFLICT,
                    "无法完成操作",
                    "自查表在你预览期间被修改过，请重新导入。",
                ),
                other => other.into(),
            })?;
        return Ok(done(
            &format!("/tables/{}", saved.id),
            &format!("已导入为第 {} 版", saved.import_version),
        ));
    }
    if !matches!(page.user.role, Role::Editor | Role::Admin) {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有填报人可以导入自查表。",
        ));
    }
    let organization_id = match (
        page.user.role,
        form.organization_id.trim().parse::<Id>().ok(),
    ) {
        (Role::Admin, Some(o)) => o,
        _ => page.user.organization_id.ok_or_else(|| {
            PageError::new(StatusCode::UNPROCESSABLE_ENTITY, "填写有误", "请选择单位")
        })?,
    };
    let cycle_id = match form.cycle_id.trim().parse::<Id>() {
        Ok(c) => c,
        Err(_) => state
            .store
            .list_cycles()
            .await?
            .first()
            .map(|c| c.id)
            .ok_or_else(|| {
                PageError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "填写有误",
                    "还没有考核周期，请管理员先建立",
                )
            })?,
    };
    let saved = state
        .store
        .create_table(
            NewTable {
                organization_id,
                cycle_id,
                content,
            },
            Some(page.user.id),
        )
        .await?;
    Ok(done(
        &format!("/tables/{}", saved.id),
        &format!("已保存：{} 项任务", saved.counts.tasks),
    ))
}

// ---------------------------------------------------------------- cycle overview

/// One organization in the overview.
pub struct OverviewRow {
    pub rank: usize,
    pub id: Id,
    pub organization: String,
    pub status: &'static str,
    pub status_cn: &'static str,
    pub tasks: i64,
    pub met: i64,
    pub not_met: i64,
    pub unverified: i64,
    pub qualitative: i64,
    pub rate: String,
    pub self_score: String,
    pub review_score: String,
}

#[derive(Template)]
#[template(path = "cycle.html")]
struct CyclePage {
    nav: Nav,
    name: String,
    year: i64,
    deadline: String,
    rows: Vec<OverviewRow>,
    chart_dimensions: String,
    chart_verdicts: String,
    chart_ranking: String,
}

pub async fn cycle(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(flash): FlashQuery,
) -> PageResult {
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let cycle = state.store.get_cycle(id).await?;
    let may = match page.user.role {
        Role::Admin | Role::Viewer => true,
        Role::Reviewer => cycle.reviewer_ids.contains(&page.user.id),
        Role::Editor => false,
    };
    if !may {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有考核办、审核人和领导可以查看周期总览。",
        ));
    }
    let tables = state
        .store
        .list_tables(&TableFilter {
            cycle_id: Some(id),
            limit: 200,
            ..TableFilter::default()
        })
        .await?
        .items;
    let rate = |t: &TableRecord| {
        let checked = t.counts.met + t.counts.not_met + t.counts.unverified;
        (checked > 0).then(|| t.counts.met as f64 / checked as f64)
    };
    // Reviewed tables rank by their review score, the rest by attainment.
    let key = |t: &TableRecord| -> f64 {
        match t.review_score {
            Some(s) if t.status == TableStatus::Approved => 1000.0 + s,
            _ => rate(t).unwrap_or(0.0) * 100.0,
        }
    };
    let mut ordered: Vec<&TableRecord> = tables.iter().collect();
    ordered.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let rows: Vec<OverviewRow> = ordered
        .iter()
        .enumerate()
        .map(|(i, t)| OverviewRow {
            rank: i + 1,
            id: t.id,
            organization: t.organization.clone(),
            status: t.status.as_str(),
            status_cn: status_cn(t.status),
            tasks: t.counts.tasks,
            met: t.counts.met,
            not_met: t.counts.not_met,
            unverified: t.counts.unverified,
            qualitative: t.counts.qualitative,
            rate: rate(t)
                .map(|r| format!("{:.1}%", r * 100.0))
                .unwrap_or_else(|| "—".into()),
            self_score: fmt_score(t.self_score),
            review_score: fmt_score(t.review_score),
        })
        .collect();
    // Attainment by dimension, over every table of the cycle.
    let mut dims: Vec<(String, i64, i64)> = Vec::new();
    for t in &tables {
        for task in state.store.list_tasks(t.id).await? {
            let checked = task.met + task.not_met + task.unverified;
            match dims.iter_mut().find(|d| d.0 == task.dimension) {
                Some(d) => {
                    d.1 += task.met;
                    d.2 += checked;
                }
                None => dims.push((task.dimension.clone(), task.met, checked)),
            }
        }
    }
    let dim_bars: Vec<charts::Bar> = dims
        .iter()
        .filter(|d| d.2 > 0)
        .map(|d| {
            let r = d.1 as f64 / d.2 as f64;
            charts::Bar {
                label: if d.0.is_empty() {
                    "（未写维度）".into()
                } else {
                    d.0.clone()
                },
                value: r,
                text: format!("{:.0}%（{}/{}）", r * 100.0, d.1, d.2),
            }
        })
        .collect();
    let stacks: Vec<charts::Stack> = ordered
        .iter()
        .map(|t| charts::Stack {
            label: t.organization.clone(),
            parts: vec![
                (t.counts.met, "#1a7f37", "达标"),
                (t.counts.not_met, "#b42318", "未达标"),
                (t.counts.unverified, "#bf8700", "待核实"),
                (t.counts.qualitative, "#8c959f", "定性"),
            ],
        })
        .collect();
    let ranking: Vec<charts::Bar> = ordered
        .iter()
        .map(|t| {
            let (value, text) = match t.review_score {
                Some(s) if t.status == TableStatus::Approved => {
                    (s, format!("审核分 {}", kaohe_core::verify::fmt_num(s)))
                }
                _ => {
                    let r = rate(t).unwrap_or(0.0) * 100.0;
                    (r, format!("达标率 {r:.0}%"))
                }
            };
            charts::Bar {
                label: t.organization.clone(),
                value,
                text,
            }
        })
        .collect();
    let max_rank = ranking.iter().map(|b| b.value).fold(100.0, f64::max);
    Ok(html(&CyclePage {
        nav: page.nav(flash),
        name: cycle.name.clone(),
        year: cycle.year,
        deadline: cycle.deadline.clone().unwrap_or_default(),
        chart_dimensions: charts::bars("各考评维度达标率", &dim_bars, 1.0, "#1a7f37"),
        chart_verdicts: charts::stacked("各单位核对结论", &stacks),
        chart_ranking: charts::bars("排名", &ranking, max_rank, "#0b4f8a"),
        rows,
    }))
}

// ---------------------------------------------------------------- search

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
struct SearchPage {
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

// ---------------------------------------------------------------- admin

/// A user row on the admin page.
pub struct UserRow {
    pub id: Id,
    pub version: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub organization: String,
    pub active: bool,
    pub is_me: bool,
}

/// A cycle row on the admin page.
pub struct CycleRow {
    pub id: Id,
    pub name: String,
    pub year: i64,
    pub deadline: String,
    /// (user id, name, reviews this cycle)
    pub reviewers: Vec<(Id, String, bool)>,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    nav: Nav,
    organizations: Vec<(Id, String, &'static str)>,
    users: Vec<UserRow>,
    cycles: Vec<CycleRow>,
    this_year: i64,
    /// Failed logins of the last day: (when, name tried, address).
    login_failures: Vec<(String, String, String)>,
}

fn require_admin(page: &PageUser) -> Result<(), PageError> {
    if page.user.role == Role::Admin {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有管理员可以进行此操作。",
        ))
    }
}

pub async fn admin(state: St, page: PageUser, Query(flash): FlashQuery) -> PageResult {
    require_admin(&page)?;
    let (orgs, users, cycles, failures) = tokio::try_join!(
        state.store.list_organizations(),
        state.store.list_users(),
        state.store.list_cycles(),
        state.store.recent_login_failures(50),
    )?;
    let org_name = |id: Option<Id>| {
        id.and_then(|i| orgs.iter().find(|o| o.id == i))
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let reviewers: Vec<(Id, String)> = users
        .iter()
        .filter(|u| u.role == Role::Reviewer && u.active)
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let this_year = kaohe_store::rfc3339(kaohe_store::Millis::now().0)[..4]
        .parse()
        .unwrap_or(2026);
    Ok(html(&AdminPage {
        nav: page.nav(flash),
        login_failures: failures
            .iter()
            .map(|f| {
                (
                    when(f.at),
                    f.username.clone(),
                    f.address.clone().unwrap_or_else(|| "未知".into()),
                )
            })
            .collect(),
        organizations: orgs
            .iter()
            .map(|o| {
                (
                    o.id,
                    o.name.clone(),
                    if o.kind == "office" {
                        "考核办"
                    } else {
                        "被考核单位"
                    },
                )
            })
            .collect(),
        users: users
            .iter()
            .map(|u| UserRow {
                id: u.id,
                version: u.version,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role.chinese(),
                organization: org_name(u.organization_id),
                active: u.active,
                is_me: u.id == page.user.id,
            })
            .collect(),
        cycles: cycles
            .iter()
            .map(|c| CycleRow {
                id: c.id,
                name: c.name.clone(),
                year: c.year,
                deadline: c.deadline.clone().unwrap_or_default(),
                reviewers: reviewers
                    .iter()
                    .map(|(id, name)| (*id, name.clone(), c.reviewer_ids.contains(id)))
                    .collect(),
            })
            .collect(),
        this_year,
    }))
}

fn field<'a>(map: &'a HashMap<String, String>, key: &str) -> &'a str {
    map.get(key).map(|s| s.trim()).unwrap_or("")
}

pub async fn admin_org(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let name = field(&form, "name");
    if name.is_empty() {
        return Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode("单位名称不能为空")
        ))
        .into_response());
    }
    ApiError::check_len("单位名称", name, 200)?;
    let kind = if field(&form, "kind") == "office" {
        "office"
    } else {
        "agency"
    };
    match state
        .store
        .create_organization(name, kind, Some(page.user.id))
        .await
    {
        Ok(_) => Ok(done("/admin", &format!("已新建单位 {name}"))),
        Err(e) => Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode(&ApiError::from(e).message)
        ))
        .into_response()),
    }
}

pub async fn admin_user(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let fail = |m: String| {
        Ok(Redirect::to(&format!("/admin?err={}", super::urlencode(&m))).into_response())
    };
    let username = field(&form, "username");
    if let Err(e) = crate::api::admin::check_username(username) {
        return fail(e.message);
    }
    let password = form.get("password").cloned().unwrap_or_default();
    if let Err(e) = crate::api::session::check_password(&password, username) {
        return fail(e.message);
    }
    let Some(role) = Role::parse(field(&form, "role")) else {
        return fail("请选择角色".into());
    };
    let organization_id = form_id(&form, "organization_id");
    if role == Role::Editor && organization_id.is_none() {
        return fail("填报人必须属于一个单位".into());
    }
    let display = field(&form, "display_name");
    if let Err(e) = ApiError::check_len("姓名", display, 100) {
        return fail(e.message);
    }
    let hash = tokio::task::spawn_blocking(move || kaohe_store::auth::hash_password(&password))
        .await
        .map_err(|_| PageError::from(ApiError::internal()))?;
    match state
        .store
        .create_user(
            NewUser {
                username: username.to_string(),
                display_name: if display.is_empty() {
                    username.to_string()
                } else {
                    display.to_string()
                },
                password_hash: hash,
                role,
                organization_id,
            },
            Some(page.user.id),
        )
        .await
    {
        Ok(u) => Ok(done("/admin", &format!("已新建用户 {}", u.username))),
        Err(e) => fail(ApiError::from(e).message),
    }
}

pub async fn admin_user_update(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): FormMap,
) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    if id == page.user.id {
        return Ok(
            Redirect::to(&format!("/admin?err={}", super::urlencode("不能停用自己")))
                .into_response(),
        );
    }
    let version = form_id(&form, "version").unwrap_or(0);
    let active = field(&form, "active") == "1";
    match state
        .store
        .update_user(
            id,
            version,
            UserPatch {
                active: Some(active),
                ..UserPatch::default()
            },
            Some(page.user.id),
        )
        .await
    {
        Ok(u) => Ok(done(
            "/admin",
            &format!(
                "用户 {} 已{}",
                u.username,
                if active { "启用" } else { "停用" }
            ),
        )),
        Err(e) => Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode(&ApiError::from(e).message)
        ))
        .into_response()),
    }
}

pub async fn admin_cycle(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let name = field(&form, "name");
    let year: i64 = field(&form, "year").parse().unwrap_or(0);
    let deadline = Some(field(&form, "deadline")).filter(|d| !d.is_empty());
    if name.is_empty() || !(2000..=2100).contains(&year) {
        return Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode("请填写周期名称和 2000–2100 之间的年度")
        ))
        .into_response());
    }
    ApiError::check_len("周期名称", name, 200)?;
    state
        .store
        .create_cycle(name, year, deadline, Some(page.user.id))
        .await?;
    Ok(done("/admin", &format!("已新建考核周期 {name}")))
}

pub async fn admin_reviewers(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): FormMap,
) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let mut ids: Vec<Id> = form
        .keys()
        .filter_map(|k| k.strip_prefix("reviewer_"))
        .filter_map(|k| k.parse().ok())
        .collect();
    ids.sort_unstable();
    for uid in &ids {
        if state.store.get_user(*uid).await?.role != Role::Reviewer {
            return Err(PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "填写有误",
                "只能指定审核人",
            ));
        }
    }
    state
        .store
        .set_cycle_reviewers(id, &ids, Some(page.user.id))
        .await?;
    Ok(done("/admin", "审核人已保存"))
}
