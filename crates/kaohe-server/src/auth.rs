//! Who is asking: a session cookie (browsers) or a bearer token (scripts),
//! CSRF for cookie requests that change state, and what each role may do.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use kaohe_store::{auth, Millis, Role, TableRecord, TableStatus, User};

use crate::error::{ApiError, ApiResult};
use crate::service::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kaohe_session";
/// The header a cookie request must carry on POST, PUT, PATCH and DELETE.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who it is.
#[derive(Clone, Debug)]
pub enum Via {
    /// A browser session, with its CSRF token.
    Session { token_hash: String, csrf: String },
    /// An API token.
    Token,
}

/// The logged-in caller.
#[derive(Clone, Debug)]
pub struct Auth {
    pub user: User,
    pub via: Via,
}

/// The value of one cookie.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Compares secrets without stopping at the first difference.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Reads the caller from the headers; `Ok(None)` when there is no credential.
pub async fn identify(state: &AppState, parts: &Parts) -> ApiResult<Option<Auth>> {
    let now = Millis::now();
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "Authorization 应为 “Bearer 令牌”",
                )
            })?;
        let user = state
            .store
            .api_token_user(&auth::token_hash(token), now)
            .await?
            .ok_or_else(|| {
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "令牌无效或已撤销")
            })?;
        return Ok(Some(Auth {
            user,
            via: Via::Token,
        }));
    }
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let token_hash = auth::token_hash(token);
    let Some(session) = state.store.session(&token_hash, now).await? else {
        return Ok(None);
    };
    Ok(Some(Auth {
        user: session.user,
        via: Via::Session {
            token_hash,
            csrf: session.csrf_token,
        },
    }))
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Auth> {
        let auth = identify(state, parts)
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        if let Via::Session { csrf, .. } = &auth.via {
            if changes_state(&parts.method) {
                let sent = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !same_secret(sent, csrf) {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "csrf",
                        "请求缺少有效的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试",
                    ));
                }
            }
        }
        Ok(auth)
    }
}

/// What a caller wants to do with a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See it, its history and evidence.
    Read,
    /// Change its text, targets or evidence, import a new version, submit it.
    Edit,
    /// Score, comment, return or approve it.
    Review,
}

/// Whether `user` reviews the cycle.
async fn reviews_cycle(state: &AppState, user: &User, cycle_id: i64) -> ServiceResult<bool> {
    Ok(state
        .store
        .get_cycle(cycle_id)
        .await?
        .reviewer_ids
        .contains(&user.id))
}

/// Checks a table action for the caller: who may, and in which state.
///
/// | role     | read                          | edit (draft, returned) | review (submitted) |
/// |----------|-------------------------------|------------------------|--------------------|
/// | admin    | all                           | no                     | no                 |
/// | editor   | own organization's            | own organization's     | no                 |
/// | reviewer | cycles it reviews, own org's  | no                     | cycles it reviews  |
/// | viewer   | all                           | no                     | no                 |
pub async fn check_table(
    state: &AppState,
    user: &User,
    table: &TableRecord,
    action: Action,
) -> ServiceResult<()> {
    let own = user.organization_id == Some(table.organization_id);
    let allowed = match (user.role, action) {
        (Role::Admin | Role::Viewer, Action::Read) => true,
        (Role::Editor, Action::Read | Action::Edit) => own,
        (Role::Reviewer, Action::Read) => own || reviews_cycle(state, user, table.cycle_id).await?,
        (Role::Reviewer, Action::Review) => reviews_cycle(state, user, table.cycle_id).await?,
        _ => false,
    };
    if !allowed {
        return Err(ServiceError::Forbidden(
            match action {
                Action::Read => "无权查看该自查表",
                Action::Edit => "无权修改该自查表：只有本单位的填报人可以修改",
                Action::Review => "无权审核该自查表：只有该考核周期的审核人可以审核",
            }
            .into(),
        ));
    }
    let state_ok = match action {
        Action::Read => true,
        Action::Edit => table.status.editable(),
        Action::Review => table.status == TableStatus::Submitted,
    };
    if !state_ok {
        return Err(ServiceError::WrongState(format!(
            "自查表{}，不能{}",
            table.status.chinese(),
            if action == Action::Edit {
                "修改"
            } else {
                "审核"
            }
        )));
    }
    Ok(())
}

/// Only administrators.
pub fn require_admin(user: &User) -> ApiResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden("只有管理员可以进行此操作"))
    }
}

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
