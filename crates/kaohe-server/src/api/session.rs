//! Logging in and out, the current user, API tokens.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use kaohe_store::{auth, Millis, Throttle, UserPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ApiJson, PathId};
use crate::auth::{cookie, AppState, Auth, Via, SESSION_COOKIE};
use crate::error::{ApiError, ApiResult};

/// The peer's address: the connection's, or behind a trusted reverse proxy
/// the one it appended to `X-Forwarded-For` (tests that call the router
/// directly have none).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if state.config.trust_forwarded_for {
            // The proxy appends the address it saw; earlier entries are
            // whatever the client claimed, so only the last one counts.
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .last()
                .and_then(|a| a.trim().parse::<IpAddr>().ok());
            if forwarded.is_some() {
                return Ok(ClientAddr(forwarded));
            }
        }
        Ok(ClientAddr(peer))
    }
}

/// The throttles a login attempt counts against, most specific first
/// (always in this order, which the store relies on). Guessing one account
/// from one address backs off quickly; one account from many addresses, or
/// many accounts from one address (which behind a proxy without
/// `trust_forwarded_for` is everyone), only after more attempts and never
/// for more than a few minutes, so a colleague cannot be locked out for long.
pub fn login_throttles(username: &str, client: Option<IpAddr>, free: i64) -> Vec<Throttle> {
    const MINUTE: i64 = 60_000;
    let name = username.trim().to_lowercase();
    let mut throttles = Vec::new();
    if let Some(ip) = client {
        throttles.push(Throttle {
            key: format!("pair:{ip}:{name}"),
            free,
            base_ms: 1_000,
            max_ms: 15 * MINUTE,
            window_ms: 60 * MINUTE,
        });
    }
    throttles.push(Throttle {
        key: format!("user:{name}"),
        free: free.saturating_mul(2),
        base_ms: 1_000,
        max_ms: 2 * MINUTE,
        window_ms: 60 * MINUTE,
    });
    if let Some(ip) = client {
        throttles.push(Throttle {
            key: format!("ip:{ip}"),
            free: free.saturating_mul(6),
            base_ms: 1_000,
            max_ms: MINUTE,
            window_ms: 15 * MINUTE,
        });
    }
    throttles
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

/// Runs an argon2 check off the async threads, at most
/// `AppState::password_checks` at a time (each takes ~19 MB and tens of
/// milliseconds), waiting a few seconds for a turn before answering busy.
pub async fn verify_password(state: &AppState, password: &str, hash: String) -> ApiResult<bool> {
    let permit = tokio::time::timeout(
        Duration::from_secs(5),
        state.password_checks.clone().acquire_owned(),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .ok_or_else(|| ApiError::busy("登录的人太多，请几秒钟后再试", 5))?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        auth::verify_password(&password, &hash)
    })
    .await
    .map_err(|_| ApiError::internal())
}

/// Checks a name and password with throttling; returns the session token,
/// the CSRF token and the user. Shared by the API and the login page.
///
/// The attempt is counted before the password is checked, so simultaneous
/// guesses cannot all slip under the limit; a good login clears the count.
/// Every refusal says the same for known and unknown names.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: &str,
    client: Option<IpAddr>,
) -> ApiResult<(String, String, kaohe_store::User)> {
    let now = Millis::now();
    let throttles = login_throttles(username, client, state.config.login_max_failures);
    if let Some(next) = state.store.begin_login_attempt(&throttles, now).await? {
        let seconds = ((next.0 - now.0).max(0) as u64).div_ceil(1000);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            format!(
                "登录尝试过于频繁，请 {} 后再试",
                if seconds >= 60 {
                    format!("{} 分钟", seconds.div_ceil(60))
                } else {
                    format!("{} 秒", seconds.max(1))
                }
            ),
        )
        .retry_after(seconds));
    }
    let found = state.store.find_login(username).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_string());
    let ok = verify_password(state, password, hash).await?;
    let user = match found {
        Some((user, _)) if ok && user.active => user,
        _ => {
            let address = client.map(|a| a.to_string());
            state
                .store
                .record_login_failure(username, address.as_deref(), now)
                .await?;
            tracing::warn!(
                username,
                address = address.as_deref().unwrap_or("-"),
                "login failed"
            );
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "bad_login",
                "用户名或密码不对",
            ));
        }
    };
    // The account's own counts start again; the address's does not, so one
    // good login cannot launder a guessing run from the same place.
    let keys: Vec<String> = throttles
        .into_iter()
        .map(|t| t.key)
        .filter(|k| !k.starts_with("ip:"))
        .collect();
    state.store.clear_login_throttles(&keys).await?;
    let token = auth::new_token();
    let csrf = auth::new_token();
    let expires = Millis(now.0 + state.config.session_millis());
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
pub fn check_password(password: &str, username: &str) -> ApiResult<()> {
    auth::check_password(password, username).map_err(ApiError::invalid)
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
