//! Tasks, targets and evidence files.

use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_store::{Id, NewEvidence, TargetCorrection, Task, TaskPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::tables::{load, multipart_error};
use super::{ApiJson, PathId};
use crate::auth::{Action, AppState, Auth};
use crate::error::{ApiError, ApiResult};
use crate::service::tasks;

/// The scoring rule's suggestion for a task, as a share of its full score
/// (财预〔2020〕10号: met in full, missed in proportion, deadlines and
/// zero events all or nothing); `None` when a person must judge.
pub fn suggestion(task: &Task) -> Value {
    let targets = task.report_value()["targets"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut shares = Vec::new();
    for t in &targets {
        let share = match t["verdict"].as_str() {
            Some("met") => Some(1.0),
            Some("not_met") => {
                let ratio = t["ratio"].as_f64();
                match (t["kind"].as_str(), t["comparator"].as_str(), ratio) {
                    (
                        Some("count" | "percent" | "change_percent"),
                        Some(">=" | ">") | None,
                        Some(r),
                    ) => Some(r.clamp(0.0, 1.0)),
                    (Some("count" | "percent" | "change_percent"), Some("<=" | "<"), Some(r)) => {
                        Some((2.0 - r).clamp(0.0, 1.0))
                    }
                    _ => Some(0.0),
                }
            }
            Some("unverified") => {
                return json!({"share": null, "rule": "有待核实的目标，由审核人判断"});
            }
            _ => None,
        };
        shares.extend(share);
    }
    if shares.is_empty() {
        let band = kaohe_core::score::band_of(&task.status);
        return match band {
            Some(b) => {
                json!({"share": b.suggested(), "band": b, "rule": "定性任务按落实情况分档：达成 100%、部分达成 70%、未达成 30%"})
            }
            None => json!({"share": null, "rule": "定性任务，由审核人判断"}),
        };
    }
    let share = shares.iter().sum::<f64>() / shares.len() as f64;
    json!({
        "share": (share * 1000.0).round() / 1000.0,
        "rule": "达标得满分，未达标按完成比例计分，时限和零发生目标未达到不得分（财预〔2020〕10号）",
    })
}

async fn load_task(state: &AppState, auth: &Auth, id: Id, action: Action) -> ApiResult<Task> {
    let task = state.store.get_task(id).await?;
    load(state, auth, task.table_id, action).await?;
    Ok(task)
}

pub async fn get_task(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let task = load_task(&state, &auth, id, Action::Read).await?;
    let targets: Vec<_> = state
        .store
        .list_targets(task.table_id)
        .await?
        .into_iter()
        .filter(|t| t.task_id == id)
        .collect();
    let suggestion = suggestion(&task);
    let mut value = json!(task);
    value["targets"] = json!(targets);
    value["suggestion"] = suggestion;
    Ok(Json(value))
}

#[derive(Deserialize)]
pub struct TaskUpdate {
    version: i64,
    #[serde(flatten)]
    patch: TaskPatch,
}

pub async fn update_task(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<TaskUpdate>,
) -> ApiResult<Json<Value>> {
    let task = tasks::edit_task(&state, &auth.user, id, body.version, body.patch).await?;
    Ok(Json(json!(task)))
}

#[derive(Deserialize)]
pub struct TaskReview {
    version: i64,
    score: Option<f64>,
    comment: Option<String>,
}

pub async fn review_task(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<TaskReview>,
) -> ApiResult<Json<Value>> {
    let comment = body.comment.unwrap_or_default();
    let task =
        tasks::review_task(&state, &auth.user, id, body.version, body.score, &comment).await?;
    Ok(Json(json!(task)))
}

#[derive(Deserialize)]
pub struct Restore {
    change_id: Id,
}

pub async fn restore_task(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Restore>,
) -> ApiResult<Json<Value>> {
    load_task(&state, &auth, id, Action::Edit).await?;
    let task = state
        .store
        .restore_task(id, body.change_id, Some(auth.user.id))
        .await?;
    Ok(Json(json!(task)))
}

pub async fn get_target(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let target = state.store.get_target(id).await?;
    load_task(&state, &auth, target.task_id, Action::Read).await?;
    Ok(Json(json!(target)))
}

#[derive(Deserialize)]
pub struct TargetUpdate {
    version: i64,
    /// Back to the parsed reading.
    #[serde(default)]
    reset: bool,
    comparator: Option<String>,
    value: Option<Value>,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    period: String,
}

pub async fn correct_target(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<TargetUpdate>,
) -> ApiResult<Json<Value>> {
    let correction = if body.reset {
        None
    } else {
        let value = match body.value {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(s)) => Some(s),
            Some(_) => return Err(ApiError::invalid("目标值应为数字")),
        };
        Some(TargetCorrection {
            comparator: body.comparator,
            value,
            unit: body.unit,
            period: body.period,
        })
    };
    let target = tasks::correct_target(&state, &auth.user, id, body.version, correction).await?;
    let task = state.store.get_task(target.task_id).await?;
    Ok(Json(json!({"target": target, "task": task})))
}

pub async fn list_evidence(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    load(&state, &auth, id, Action::Read).await?;
    Ok(Json(json!({"items": state.store.list_evidence(id).await?})))
}

/// The real type of an evidence file, from its first bytes; the name's
/// extension only chooses among the Office formats that share a container.
pub fn sniff_evidence(bytes: &[u8], filename: &str) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match ext.as_str() {
            "docx" => {
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            }
            "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "pptx" => {
                Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
            }
            "ofd" => Some("application/ofd"),
            "zip" => Some("application/zip"),
            _ => None,
        };
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return match ext.as_str() {
            "doc" | "wps" => Some("application/msword"),
            "xls" | "et" => Some("application/vnd.ms-excel"),
            "ppt" | "dps" => Some("application/vnd.ms-powerpoint"),
            _ => None,
        };
    }
    None
}

pub async fn upload_evidence(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    mut multipart: Multipart,
) -> ApiResult<(StatusCode, Json<Value>)> {
    load(&state, &auth, id, Action::Edit).await?;
    let (mut file, mut task_id, mut target_id) = (None, None, None);
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("佐证材料").to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                file = Some((name, bytes));
            }
            Some(k @ ("task_id" | "target_id")) => {
                let k = k.to_string();
                let text = field.text().await.map_err(multipart_error)?;
                let v: Id = text
                    .trim()
                    .parse()
                    .map_err(|_| ApiError::invalid(format!("{k} 应为数字")))?;
                if k == "task_id" {
                    task_id = Some(v);
                } else {
                    target_id = Some(v);
                }
            }
            _ => {}
        }
    }
    let (filename, bytes) = file.ok_or_else(|| ApiError::invalid("表单中没有名为 file 的文件"))?;
    ApiError::check_len("文件名", &filename, 200)?;
    if bytes.is_empty() {
        return Err(ApiError::invalid(format!("{filename}：文件是空的")));
    }
    let content_type = sniff_evidence(&bytes, &filename).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("{filename}：佐证材料只接受 PDF、图片（PNG、JPEG、GIF）和 Office/WPS 文档"),
        )
    })?;
    if let Some(target) = target_id {
        let t = state.store.get_target(target).await?;
        task_id = task_id.or(Some(t.task_id));
        if task_id != Some(t.task_id) {
            return Err(ApiError::invalid("target_id 不属于 task_id 指明的任务"));
        }
    }
    if let Some(task) = task_id {
        if state.store.get_task(task).await?.table_id != id {
            return Err(ApiError::invalid("task_id 不属于这张自查表"));
        }
    }
    let evidence = state
        .store
        .add_evidence(
            NewEvidence {
                table_id: id,
                task_id,
                target_id,
                filename,
                content_type: content_type.to_string(),
                data: bytes.to_vec(),
            },
            Some(auth.user.id),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(evidence))))
}

/// `filename*=` per RFC 5987, so Chinese names survive.
pub(crate) fn disposition(filename: &str) -> String {
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    // An ASCII name for old clients, the real one for the rest.
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    format!("attachment; filename=\"kaohe.{ext}\"; filename*=UTF-8''{encoded}")
}

pub async fn download_evidence(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let (meta, data) = state.store.get_evidence(id).await?;
    load(&state, &auth, meta.table_id, Action::Read).await?;
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition(&meta.filename)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        data,
    )
        .into_response())
}

pub async fn delete_evidence(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let (meta, _) = state.store.get_evidence(id).await?;
    load(&state, &auth, meta.table_id, Action::Edit).await?;
    state.store.delete_evidence(id, Some(auth.user.id)).await?;
    Ok(Json(json!({"ok": true})))
}
