//! Import: upload or paste, a preview before saving, then save.

use askama::Template;
use axum::extract::{Multipart, Query};
use axum::http::StatusCode;
use kaohe_core::verify::Flag;
use kaohe_store::{Id, Role};
use serde::Deserialize;

use super::{
    done, form_id, html, read_multipart, Flash, FlashQuery, Nav, PageError, PageForm, PageUser, St,
};
use crate::auth::{check_table, Action};
use crate::state::AppState;

use super::PageResult;
use crate::service;

#[derive(Template)]
#[template(path = "import.html")]
pub(super) struct ImportPage {
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

pub(super) async fn import_page(
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
    pub targets: Vec<(&'static str, &'static str, String, String)>,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
pub(super) struct PreviewPage {
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
    /// Empty for a self-check table; else 绩效自评表, 进展情况表（1-8月）, 文字报告.
    family_cn: String,
    /// The rows of a table of another family.
    indicators: Vec<super::table::IndicatorView>,
    table_id: Option<Id>,
    version: i64,
    cycle_id: String,
    organization_id: String,
}

pub(super) async fn import_again(
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
    service::may_import(&page.user)?;
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
    let (_, report) = match service::read_bounded(&state, bytes.clone(), source_name.clone()).await
    {
        Ok(read) => read,
        Err(e) => {
            let message = crate::error::ApiError::from(e).message;
            return import_again(&state, &page, table_id, pasted, message).await;
        }
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
            flagged: t.flags.contains(&Flag::ClaimedCompletedButNotMet),
            targets: t
                .targets
                .iter()
                .map(|g| {
                    (
                        g.verdict.as_str(),
                        g.verdict.chinese(),
                        g.text.clone(),
                        g.reason.clone(),
                    )
                })
                .collect(),
        })
        .collect();
    let family = kaohe_store::FamilyReport::of(&report);
    let s = &report.summary;
    Ok(html(&PreviewPage {
        family_cn: match (&family, report.period) {
            (None, _) => String::new(),
            (Some(f), Some(p)) => format!("{}（{}）", f.family.chinese(), p.text()),
            (Some(f), None) => f.family.chinese().to_string(),
        },
        indicators: family
            .as_ref()
            .map(super::table::indicator_rows)
            .unwrap_or_default(),
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
    service::may_import(&page.user)?;
    let name: String = form.source_name.chars().take(200).collect();
    let bytes = kaohe_store::backup::from_hex(form.file_hex.trim()).ok_or_else(|| {
        PageError::new(
            StatusCode::BAD_REQUEST,
            "填写有误",
            "导入的内容已损坏，请重新导入。",
        )
    })?;
    let (content, _) = service::read_bounded(&state, bytes, name.clone()).await?;
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
    let to = service::NewImport {
        organization_id: form.organization_id.trim().parse().ok(),
        cycle_id: form.cycle_id.trim().parse().ok(),
    };
    let saved = service::save_new(&state, &page.user, content, to).await?;
    let rows = match saved.family {
        kaohe_core::family::Family::SelfCheck => "项任务",
        _ => "项指标",
    };
    Ok(done(
        &format!("/tables/{}", saved.id),
        &format!("已保存：{} {rows}", saved.counts.tasks),
    ))
}
