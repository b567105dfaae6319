//! What the API's resource modules share: request extractors whose
//! rejections use the API's error shape, paging, loading a table with the
//! permission check, multipart errors, and download file names.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use kaohe_store::{Id, TableRecord};
use serde::de::DeserializeOwned;

use crate::auth::{check_table, Action, Auth};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A JSON body whose rejections use the API's error shape.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

/// Query parameters whose rejections use the API's error shape.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// A path id that is not a number gets the API's 404.
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::not_found("该记录"))?;
        raw.parse()
            .map(PathId)
            .map_err(|_| ApiError::not_found("该记录"))
    }
}

/// Paging parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub offset: i64,
    #[serde(default = "default_limit")]
    pub limit: i64,
}

pub(crate) fn default_limit() -> i64 {
    50
}

/// Loads a table and checks the caller may do `action` with it.
pub async fn load(state: &AppState, auth: &Auth, id: Id, action: Action) -> ApiResult<TableRecord> {
    let table = state.store.get_table(id).await?;
    check_table(state, &auth.user, &table, action).await?;
    Ok(table)
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
