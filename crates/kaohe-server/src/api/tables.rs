//! Self-check tables: import, read, the review workflow and history.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_core::family::{Family, IndicatorReport};
use kaohe_store::{Evidence, Id, Role, TableFilter, TableRecord, TableStatus, Target, Task};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::shared::{disposition, load, ApiJson, ApiQuery, Paging, PathId};
use crate::auth::{check_table, require_admin, Action, Auth};
use crate::error::{too_large, ApiError, ApiResult};
use crate::service::{self, Decision};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ImportParams {
    organization_id: Option<Id>,
    cycle_id: Option<Id>,
    /// The file's name, for the record.
    name: Option<String>,
    /// Only read and check; save nothing.
    #[serde(default)]
    preview: bool,
    /// For a new version of an existing table: the version read.
    version: Option<i64>,
}

/// An uploaded table: its bytes and file name.
struct Upload {
    bytes: Bytes,
    name: Option<String>,
}

async fn read_upload(headers: &HeaderMap, req: Request, state: &AppState) -> ApiResult<Upload> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("无法读取上传的表单：{}", e.body_text())))?;
        while let Some(field) = multipart.next_field().await.map_err(ApiError::from)? {
            if field.name() == Some("file") {
                let name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(ApiError::from)?;
                return Ok(Upload { bytes, name });
            }
        }
        return Err(ApiError::invalid("表单中没有名为 file 的文件"));
    }
    if content_type.starts_with("text/plain")
        || content_type.starts_with("application/octet-stream")
    {
        let bytes = Result::<Bytes, BytesRejection>::from_request(req, state)
            .await
            .map_err(|_| ApiError::internal())?
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::bad_request(format!("无法读取请求体：{}", e.body_text()))
                }
            })?;
        return Ok(Upload { bytes, name: None });
    }
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "导入的内容应为 text/plain、application/octet-stream 或 multipart/form-data（file 字段）",
    ))
}

/// What a preview answers: the report, written straight to the body (a
/// report of thousands of figures never becomes a tree of JSON values).
#[derive(Serialize)]
struct Preview<'a> {
    preview: bool,
    source_name: &'a str,
    report: &'a kaohe_core::check::Report,
}

impl<'a> Preview<'a> {
    fn of(source_name: &'a str, report: &'a kaohe_core::check::Report) -> Self {
        Preview {
            preview: true,
            source_name,
            report,
        }
    }
}

/// `POST /import`: preview or save a new table.
pub async fn import(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ImportParams>,
    headers: HeaderMap,
    req: Request,
) -> ApiResult<Response> {
    service::may_import(&auth.user)?;
    let upload = read_upload(&headers, req, &state).await?;
    let name = source_name(&params, &upload);
    let (content, report) = service::read_bounded(&state, upload.bytes, name.clone()).await?;
    if params.preview {
        return Ok(Json(Preview::of(&name, &report)).into_response());
    }
    let to = service::NewImport {
        organization_id: params.organization_id,
        cycle_id: params.cycle_id,
    };
    let table = service::save_new(&state, &auth.user, content, to).await?;
    table_view(&state, table, StatusCode::CREATED).await
}

fn source_name(params: &ImportParams, upload: &Upload) -> String {
    let name = params
        .name
        .clone()
        .or_else(|| upload.name.clone())
        .unwrap_or_else(|| "粘贴的文本".to_string());
    name.chars().take(200).collect()
}

/// `POST /tables/{id}/import`: a new version of an existing table.
pub async fn reimport(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiQuery(params): ApiQuery<ImportParams>,
    headers: HeaderMap,
    req: Request,
) -> ApiResult<Response> {
    let table = state.store.get_table(id).await?;
    check_table(&state, &auth.user, &table, Action::Edit).await?;
    let version = params
        .version
        .ok_or_else(|| ApiError::invalid("请用 version 参数给出读取时的版本号"))?;
    let upload = read_upload(&headers, req, &state).await?;
    let name = source_name(&params, &upload);
    let (content, report) = service::read_bounded(&state, upload.bytes, name.clone()).await?;
    if params.preview {
        return Ok(Json(Preview::of(&name, &report)).into_response());
    }
    let table = state
        .store
        .reimport_table(id, version, content, Some(auth.user.id))
        .await?;
    table_view(&state, table, StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct ListParams {
    organization_id: Option<Id>,
    cycle_id: Option<Id>,
    status: Option<String>,
    #[serde(default)]
    offset: i64,
    #[serde(default = "super::shared::default_limit")]
    limit: i64,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Value>> {
    let status = match params.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(TableStatus::parse(s).ok_or_else(|| {
            ApiError::bad_request("status 应为 draft、submitted、returned 或 approved")
        })?),
    };
    let mut filter = TableFilter {
        organization_id: params.organization_id,
        cycle_id: params.cycle_id,
        status,
        reviewer_id: None,
        offset: params.offset,
        limit: params.limit,
    };
    match auth.user.role {
        Role::Editor => {
            if params
                .organization_id
                .is_some_and(|o| Some(o) != auth.user.organization_id)
            {
                return Err(ApiError::forbidden("填报人只能查看本单位的自查表"));
            }
            filter.organization_id = Some(auth.user.organization_id.unwrap_or(-1));
        }
        Role::Reviewer => filter.reviewer_id = Some(auth.user.id),
        Role::Admin | Role::Viewer => {}
    }
    let page = state.store.list_tables(&filter).await?;
    Ok(Json(json!(page)))
}

#[derive(Serialize)]
struct TaskView<'a> {
    #[serde(flatten)]
    task: &'a Task,
    targets: Vec<&'a Target>,
    evidence: Vec<&'a Evidence>,
}

#[derive(Serialize)]
struct TableView<'a> {
    table: &'a TableRecord,
    /// Which family the table is: `self_check` (rows in `tasks`), or
    /// `performance`, `progress`, `report` (rows in `indicators`).
    family: Family,
    tasks: Vec<TaskView<'a>>,
    /// The checked rows of a table of another family (empty for a
    /// self-check table), as the check contract writes them.
    indicators: &'a [IndicatorReport],
    /// The rest of the family report: funds, period, target quality, totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    family_report: Option<FamilyRest<'a>>,
    evidence: &'a [Evidence],
    reviews: &'a [kaohe_store::ReviewEvent],
}

/// A family report without its indicators (the view has them at its top).
#[derive(Serialize)]
struct FamilyRest<'a> {
    period: Option<kaohe_core::family::PartYear>,
    funds: Option<&'a kaohe_core::family::FundsReport>,
    target_quality: &'a [kaohe_core::family::TargetQuality],
    summary: &'a kaohe_core::check::Summary,
}

/// A table with everything on it, serialized straight to bytes (the stored
/// reports are copied as they are, never parsed).
async fn view_bytes(state: &AppState, table: &TableRecord) -> ApiResult<Bytes> {
    let (tasks, targets, evidence, reviews) = tokio::try_join!(
        state.store.list_tasks(table.id),
        state.store.list_targets(table.id),
        state.store.list_evidence(table.id),
        state.store.list_reviews(table.id),
    )?;
    let family = table.family_report();
    let view = TableView {
        table,
        family: table.family,
        indicators: family.as_ref().map_or(&[][..], |f| &f.indicators[..]),
        family_report: family.as_ref().map(|f| FamilyRest {
            period: f.period,
            funds: f.funds.as_ref(),
            target_quality: &f.target_quality,
            summary: &f.summary,
        }),
        tasks: tasks
            .iter()
            .map(|task| TaskView {
                task,
                targets: targets.iter().filter(|t| t.task_id == task.id).collect(),
                evidence: evidence
                    .iter()
                    .filter(|e| e.task_id == Some(task.id))
                    .collect(),
            })
            .collect(),
        evidence: &evidence,
        reviews: &reviews,
    };
    let bytes = serde_json::to_vec(&view).map_err(|e| {
        tracing::error!(error = %e, "serializing a table view");
        ApiError::internal()
    })?;
    Ok(Bytes::from(bytes))
}

async fn table_view(
    state: &AppState,
    table: TableRecord,
    status: StatusCode,
) -> ApiResult<Response> {
    let body = view_bytes(state, &table).await?;
    Ok((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let table = load(&state, &auth, id, Action::Read).await?;
    let etag = format!("\"t{}-r{}\"", table.id, table.revision);
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    // The revision is read from the database on every request, so a view
    // cached by this process is served only while it is current, whichever
    // server made the last change.
    let body = match state.views.get(table.id, table.revision) {
        Some(body) => body,
        None => {
            let revision = table.revision;
            let body = view_bytes(&state, &table).await?;
            state.views.put(table.id, revision, body.clone());
            body
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct TableUpdate {
    version: i64,
    title: String,
}

pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<TableUpdate>,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Edit).await?;
    if body.title.trim().is_empty() {
        return Err(ApiError::invalid("标题不能为空"));
    }
    ApiError::check_len("标题", &body.title, 200)?;
    let table = state
        .store
        .update_table_title(id, body.version, body.title.trim(), Some(auth.user.id))
        .await?;
    Ok(Json(json!(table)))
}

pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    state.store.delete_table(id).await?;
    Ok(Json(json!({"ok": true})))
}

pub async fn source(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Response> {
    load(&state, &auth, id, Action::Read).await?;
    let text = state.store.table_source(id).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// The stored table in the shape of `kaohe check --format json`.
pub async fn report(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let table = load(&state, &auth, id, Action::Read).await?;
    if let Some(family) = table.family_report() {
        let mut report = family.to_report(&table.title, &table.warnings);
        report.organization = Some(table.organization.clone());
        return Ok(Json(json!(report)));
    }
    let tasks = state.store.list_tasks(id).await?;
    let mut dimensions: Vec<&str> = Vec::new();
    for t in &tasks {
        if !dimensions.contains(&t.dimension.as_str()) {
            dimensions.push(&t.dimension);
        }
    }
    let reports: Vec<&serde_json::value::RawValue> = tasks.iter().map(|t| &*t.report).collect();
    Ok(Json(json!({
        "title": table.title,
        "organization": table.organization,
        "columns": ["考评维度", "自查内容（年度任务）", "落实情况", "存在问题及原因"],
        "dimensions": dimensions,
        "tasks": reports,
        "summary": summary_of(&table.counts),
        "warnings": table.warnings,
    })))
}

/// The check contract's summary from a stored table's counts.
fn summary_of(counts: &kaohe_store::Counts) -> kaohe_core::check::Summary {
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    kaohe_core::check::Summary {
        tasks: n(counts.tasks),
        targets: n(counts.targets),
        met: n(counts.met),
        not_met: n(counts.not_met),
        unverified: n(counts.unverified),
        qualitative: n(counts.qualitative),
        flagged_tasks: n(counts.flagged),
        ..kaohe_core::check::Summary::default()
    }
}

#[derive(Deserialize)]
pub struct ExportParams {
    /// `docx`, `xlsx`, `html`, `md`, `json`.
    #[serde(default)]
    format: String,
    /// Add kaohe's verification (a fifth column).
    #[serde(default)]
    verification: Option<String>,
}

/// The CJK font for PDFs: the configured one, else the first found; read once.
fn pdf_font(state: &AppState) -> Option<&'static [u8]> {
    static FONT: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| {
        let configured = state.config.pdf_font.trim();
        if !configured.is_empty() {
            return std::fs::read(configured)
                .map_err(|e| tracing::error!(path = configured, error = %e, "cannot read pdf_font"))
                .ok();
        }
        kaohe_export::pdf::FONT_CANDIDATES
            .iter()
            .find_map(|p| std::fs::read(p).ok())
    })
    .as_deref()
}

/// `GET /tables/{id}/export`: the stored table as a document, for download.
pub async fn export(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiQuery(params): ApiQuery<ExportParams>,
) -> ApiResult<Response> {
    let table = load(&state, &auth, id, Action::Read).await?;
    let doc = match table.family_report() {
        // A performance, progress or report document in its own layout.
        Some(family) => {
            kaohe_export::Document::from_report(&family.to_report(&table.title, &table.warnings))
        }
        None => {
            let tasks = state.store.list_tasks(id).await?;
            let reports: Vec<_> = tasks.iter().map(Task::report).collect();
            kaohe_export::Document::from_task_reports(&table.title, &reports)
        }
    };
    let options = kaohe_export::Options {
        verification: matches!(
            params.verification.as_deref(),
            Some("1" | "true" | "on" | "yes")
        ),
    };
    let (bytes, mime, ext): (Vec<u8>, &str, &str) = match params.format.as_str() {
        "docx" => (
            kaohe_export::docx(&doc, &options),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "xlsx" => (
            kaohe_export::xlsx(&doc, &options),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "html" => (
            kaohe_export::html(&doc, &options).into_bytes(),
            "text/html; charset=utf-8",
            "html",
        ),
        "md" => (
            kaohe_export::markdown(&doc, &options).into_bytes(),
            "text/markdown; charset=utf-8",
            "md",
        ),
        "pdf" => {
            let font = pdf_font(&state)
                .ok_or_else(|| ApiError::invalid(kaohe_export::pdf::NO_FONT_HELP))?;
            let bytes = kaohe_export::pdf::pdf(&doc, &options, font)
                .map_err(|e| ApiError::invalid(e.to_string()))?;
            (bytes, "application/pdf", "pdf")
        }
        "json" => {
            let Json(v) = report(State(state.clone()), auth, PathId(id)).await?;
            (
                serde_json::to_vec_pretty(&v).unwrap_or_default(),
                "application/json",
                "json",
            )
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "导出格式“{other}”不支持：应为 docx、xlsx、pdf、html、md 或 json"
            )))
        }
    };
    let filename = format!("{}.{ext}", table.title);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition(&filename)),
        ],
        bytes,
    )
        .into_response())
}

pub async fn checklist(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    let c = service::checklist(&state, id).await?;
    Ok(Json(json!({
        "ready": !c.blocking,
        "needs_confirmation": c.needs_confirmation,
        "items": c.items,
    })))
}

#[derive(Deserialize)]
pub struct Submit {
    version: i64,
    #[serde(default)]
    confirm: bool,
}

pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Submit>,
) -> ApiResult<Json<Value>> {
    let decision = Decision::Submit {
        confirmed: body.confirm,
    };
    let table = service::decide(&state, &auth.user, id, body.version, decision).await?;
    Ok(Json(json!(table)))
}

#[derive(Deserialize)]
pub struct Return {
    version: i64,
    #[serde(default)]
    reason: String,
}

pub async fn return_table(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Return>,
) -> ApiResult<Json<Value>> {
    let decision = Decision::Return {
        reason: body.reason,
    };
    let table = service::decide(&state, &auth.user, id, body.version, decision).await?;
    Ok(Json(json!(table)))
}

#[derive(Deserialize)]
pub struct Approve {
    version: i64,
}

pub async fn approve(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Approve>,
) -> ApiResult<Json<Value>> {
    let table = service::decide(&state, &auth.user, id, body.version, Decision::Approve).await?;
    Ok(Json(json!(table)))
}

pub async fn reviews(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    Ok(Json(json!({"items": state.store.list_reviews(id).await?})))
}

pub async fn history(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    Ok(Json(json!(
        state.store.history(id, paging.offset, paging.limit).await?
    )))
}

pub async fn tasks(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    Ok(Json(json!({"items": state.store.list_tasks(id).await?})))
}

pub async fn targets(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    Ok(Json(json!({"items": state.store.list_targets(id).await?})))
}
