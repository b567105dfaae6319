//! One error shape for every API failure:
//! `{"error": {"code": "…", "message": "…"}}`, with the right status.
//! Internal errors are logged here and never sent to the client.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kaohe_store::StoreError;

use crate::service::ServiceError;
use serde_json::json;

/// An API error.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Extra fields under `error` (a conflict's current record and changes).
    pub details: Option<serde_json::Value>,
    /// Seconds to wait before trying again (`Retry-After`), for 429 and 503.
    pub retry_after: Option<u64>,
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after: None,
        }
    }

    /// Asks the client to come back after `seconds` (at least one).
    pub fn retry_after(mut self, seconds: u64) -> ApiError {
        self.retry_after = Some(seconds.max(1));
        self
    }

    /// The server is busy with other work of this kind: try again shortly.
    pub fn busy(message: impl Into<String>, seconds: u64) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message).retry_after(seconds)
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "请先登录")
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("找不到{what}"))
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误，已记录日志，请稍后再试或联系管理员",
        )
    }

    /// Refuses a text longer than `max` characters.
    pub fn check_len(field: &str, value: &str, max: usize) -> ApiResult<()> {
        crate::service::check_len(field, value, max).map_err(ApiError::from)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        match e {
            ServiceError::Forbidden(m) => ApiError::forbidden(m),
            ServiceError::WrongState(m) => ApiError::new(StatusCode::CONFLICT, "wrong_state", m),
            ServiceError::Invalid(m) => ApiError::invalid(m),
            ServiceError::TooLarge(m) => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m)
            }
            ServiceError::TooSlow(m) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "too_slow", m)
            }
            ServiceError::Busy {
                message,
                retry_after,
            } => ApiError::busy(message, retry_after),
            ServiceError::Checklist { message, checklist } => {
                let mut err = ApiError::invalid(message);
                err.code = "checklist";
                err.details = Some(json!({ "checklist": checklist.items }));
                err
            }
            ServiceError::BadLogin(m) => ApiError::new(StatusCode::UNAUTHORIZED, "bad_login", m),
            ServiceError::Throttled {
                message,
                retry_after,
            } => ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled", message)
                .retry_after(retry_after),
            ServiceError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Invalid(message) => ApiError::invalid(message),
            StoreError::Conflict {
                current_version,
                current,
                changes,
            } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                message: format!(
                    "保存失败：记录已被他人修改（当前版本 {current_version}），请查看对方的修改后再保存"
                ),
                details: Some(json!({
                    "current_version": current_version,
                    "current": current,
                    "changes": changes,
                })),
                retry_after: None,
            },
            StoreError::Database(err) => {
                tracing::error!(error = %err, "database error");
                ApiError::internal()
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> ApiError {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体应为 JSON（Content-Type: application/json）",
            ),
            JsonRejection::JsonSyntaxError(e) => {
                ApiError::bad_request(format!("JSON 格式错误：{}", e.body_text()))
            }
            JsonRejection::JsonDataError(e) => {
                ApiError::invalid(format!("JSON 字段不对：{}", e.body_text()))
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(),
            other => ApiError::bad_request(format!("无法读取请求体：{}", other.body_text())),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        ApiError::bad_request(format!("查询参数不对：{}", r.body_text()))
    }
}

impl From<axum::extract::multipart::MultipartError> for ApiError {
    fn from(e: axum::extract::multipart::MultipartError) -> ApiError {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request(format!("无法读取上传的表单：{}", e.body_text()))
        }
    }
}

/// The upload was over the limit.
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "上传的内容超过大小上限",
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({"code": self.code, "message": self.message});
        if let (Some(details), Some(obj)) = (self.details, error.as_object_mut()) {
            if let Some(d) = details.as_object() {
                for (k, v) in d {
                    obj.insert(k.clone(), v.clone());
                }
            }
        }
        let mut response = (self.status, axum::Json(json!({ "error": error }))).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
