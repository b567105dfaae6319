//! Logging in and out, the current user, API tokens.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_store::{auth, UserPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::shared::{ApiJson, PathId};
use crate::auth::{cookie, secure, session_cookie, Auth, ClientAddr, Via, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};
use crate::service::accounts::check_password;
use crate::service::session::{authenticate, verify_password};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Login>,
) -> ApiResult<Response> {
    ApiError::check_len("用户名", &body.username, 100)?;
    ApiError::check_len("密码", &body.password, 200)?;
    let (token, csrf, user) =
        authenticate(&state, body.username.trim(), &body.password, client).await?;
    let cookie = session_cookie(
        Some(&token),
        state.config.session_hours * 3600,
        secure(&state, &headers),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({"user": user, "csrf_token": csrf})),
    )
        .into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth: Auth,
) -> ApiResult<Response> {
    if let Via::Session { token_hash, .. } = &auth.via {
        state.store.delete_session(token_hash).await?;
    }
    let _ = cookie(&headers, SESSION_COOKIE);
    Ok((
        StatusCode::OK,
        [(
            header::SET_COOKIE,
            session_cookie(None, 0, secure(&state, &headers)),
        )],
        Json(json!({"ok": true})),
    )
        .into_response())
}

pub async fn me(auth: Auth) -> Json<Value> {
    let csrf = match &auth.via {
        Via::Session { csrf, .. } => Some(csrf.clone()),
        Via::Token => None,
    };
    Json(json!({"user": auth.user, "csrf_token": csrf}))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    old_password: String,
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<Json<Value>> {
    check_password(&body.new_password, &auth.user.username)?;
    let (user, hash) = state
        .store
        .find_login(&auth.user.username)
        .await?
        .ok_or(ApiError::unauthorized())?;
    if !verify_password(&state, &body.old_password, hash).await? {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "bad_login",
            "原密码不对",
        ));
    }
    let new = body.new_password.clone();
    let new_hash = tokio::task::spawn_blocking(move || auth::hash_password(&new))
        .await
        .map_err(|_| ApiError::internal())?;
    state
        .store
        .update_user(
            user.id,
            user.version,
            UserPatch {
                password_hash: Some(new_hash),
                ..UserPatch::default()
            },
            Some(auth.user.id),
        )
        .await?;
    Ok(Json(
        json!({"ok": true, "message": "密码已修改，请重新登录"}),
    ))
}

pub async fn list_tokens(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    let tokens = state.store.list_api_tokens(auth.user.id).await?;
    Ok(Json(json!({"items": tokens})))
}

#[derive(Deserialize)]
pub struct TokenCreate {
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<TokenCreate>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let name = body.name.trim();
    if name.is_empty() {
        return Err(ApiError::invalid("请给令牌起个名字"));
    }
    ApiError::check_len("名称", name, 100)?;
    let secret = auth::new_token();
    let token = state
        .store
        .create_api_token(auth.user.id, name, &auth::token_hash(&secret))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"token": secret, "info": token, "message": "令牌只显示这一次，请妥善保存"})),
    ))
}

pub async fn revoke_token(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    state.store.revoke_api_token(auth.user.id, id).await?;
    Ok(Json(json!({"ok": true})))
}
