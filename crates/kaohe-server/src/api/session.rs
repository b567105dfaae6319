//! Logging in and out, the current user, API tokens.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_store::{auth, Millis, UserPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiJson, PathId};
use crate::auth::{cookie, AppState, Auth, Via, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};

/// How far back failed logins count.
const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// The peer's address, when the server was started with connect info
/// (tests that call the router directly have none).
pub struct ClientAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
}

/// Whether cookies get `Secure`: configured, or the proxy says HTTPS.
pub fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value for a session (or, with `None`, its removal).
pub fn session_cookie(token: Option<&str>, max_age_secs: u64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match token {
        Some(t) => format!(
            "{SESSION_COOKIE}={t}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// Checks a name and password with throttling; returns the session token,
/// the CSRF token and the user. Shared by the API and the login page.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: &str,
    client: Option<SocketAddr>,
) -> ApiResult<(String, String, kaohe_store::User)> {
    let now = Millis::now();
    let since = Millis(now.0 - THROTTLE_WINDOW_MS);
    let user_key = format!("user:{username}");
    let ip_key = client.map(|a| format!("ip:{}", a.ip()));
    let max = state.config.login_max_failures.max(1);
    let mut throttled = state.store.login_failures_since(&user_key, since).await? >= max;
    if let Some(ip) = &ip_key {
        throttled |= state.store.login_failures_since(ip, since).await? >= max * 4;
    }
    if throttled {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            "登录失败次数过多，请 15 分钟后再试",
        ));
    }
    let found = state.store.find_login(username).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_string());
    let pw = password.to_string();
    // argon2 takes tens of milliseconds: off the async threads.
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&pw, &hash))
        .await
        .unwrap_or(false);
    let user = match found {
        Some((user, _)) if ok && user.active => user,
        _ => {
            state.store.record_login_failure(&user_key, now).await?;
            if let Some(ip) = &ip_key {
                state.store.record_login_failure(ip, now).await?;
            }
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_login",
                "用户名或密码不对",
            ));
        }
    };
    state.store.clear_login_failures(&user_key).await?;
    let token = auth::new_token();
    let csrf = auth::new_token();
    let expires = Millis(now.0 + state.config.session_hours as i64 * 3_600_000);
    state
        .store
        .create_session(&auth::token_hash(&token), user.id, &csrf, expires)
        .await?;
    tracing::info!(user = %user.username, "login");
    Ok((token, csrf, user))
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

/// Checks a password by the store's rule.
pub fn check_password(password: &str) -> ApiResult<()> {
    auth::check_password(password).map_err(ApiError::invalid)
}

pub async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<Json<Value>> {
    check_password(&body.new_password)?;
    let (user, hash) = state
        .store
        .find_login(&auth.user.username)
        .await?
        .ok_or(ApiError::unauthorized())?;
    let old = body.old_password.clone();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&old, &hash))
        .await
        .unwrap_or(false);
    if !ok {
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
