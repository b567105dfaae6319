//! Tasks, targets and evidence files.

use axum::extract::{Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_store::{Id, NewEvidence, TargetCorrection, Task, TaskPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::shared::{disposition, load, ApiJson, PathId};
use crate::auth::{Action, Auth};
use crate::error::{ApiError, ApiResult};
use crate::service::{evidence, tasks};
use crate::state::AppState;

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
    let suggestion = tasks::suggestion(&task);
    let mut value = json!(task);
    value["targets"] = json!(targets);
    value["suggestion"] = json!(suggestion);
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

pub async fn upload_evidence(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    mut multipart: Multipart,
) -> ApiResult<(StatusCode, Json<Value>)> {
    load(&state, &auth, id, Action::Edit).await?;
    let (mut file, mut task_id, mut target_id) = (None, None, None);
    while let Some(field) = multipart.next_field().await.map_err(ApiError::from)? {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("佐证材料").to_string();
                let bytes = field.bytes().await.map_err(ApiError::from)?;
                file = Some((name, bytes));
            }
            Some(k @ ("task_id" | "target_id")) => {
                let k = k.to_string();
                let text = field.text().await.map_err(ApiError::from)?;
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
    let content_type = evidence::sniff(&bytes, &filename).ok_or_else(|| {
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
