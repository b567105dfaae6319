//! The web pages: server-rendered Chinese HTML from typed askama templates,
//! usable without JavaScript (forms post and redirect), with the same
//! permission checks as the API (`auth::check_table`).

mod admin;
pub mod charts;
mod cycle;
mod format;
mod history;
mod home;
mod import;
mod login;
pub mod render;
mod review;
mod search;
mod table;
mod task;

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use kaohe_store::{Id, Role, User};
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub use crate::auth::cookie as cookie_value;
use crate::auth::{identify, same_secret, Auth, Via};
use crate::error::ApiError;
use crate::state::AppState;

/// The stylesheet and script, embedded in the binary.
const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");
const ICON: &str = include_str!("../../assets/icon.svg");

/// The page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/tables/{id}", get(table::table))
        .route(
            "/tables/{id}/submit",
            get(review::submit_form).post(review::submit),
        )
        .route("/tables/{id}/return", post(review::return_table))
        .route("/tables/{id}/approve", post(review::approve))
        .route("/tables/{id}/history", get(history::history))
        .route("/tables/{id}/evidence", post(task::upload_evidence))
        .route("/tasks/{id}/edit", get(task::edit_form).post(task::edit))
        .route("/tasks/{id}/review", post(review::review))
        .route("/tasks/{id}/restore", post(history::restore))
        .route("/targets/{id}/edit", post(task::correct))
        .route(
            "/import",
            get(import::import_form).post(import::import_preview),
        )
        .route("/import/save", post(import::import_save))
        .route("/cycles/{id}", get(cycle::cycle))
        .route("/search", get(search::search))
        .route("/admin", get(admin::admin))
        .route("/admin/organizations", post(admin::admin_org))
        .route("/admin/users", post(admin::admin_user))
        .route("/admin/users/{id}", post(admin::admin_user_update))
        .route("/admin/cycles", post(admin::admin_cycle))
        .route("/admin/cycles/{id}/reviewers", post(admin::admin_reviewers))
        .route("/assets/app.css", get(css))
        .route("/assets/app.js", get(js))
        .route("/assets/icon.svg", get(icon))
        .route("/favicon.ico", get(icon))
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_CSS,
    )
        .into_response()
}

async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON,
    )
        .into_response()
}

async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        APP_JS,
    )
        .into_response()
}

/// What the header of every page needs.
pub struct Nav {
    pub user: Option<NavUser>,
    pub csrf: String,
    pub ok: Option<String>,
    pub err: Option<String>,
}

/// The logged-in user, as the header shows them.
pub struct NavUser {
    pub display_name: String,
    pub role: &'static str,
    pub is_admin: bool,
    pub can_import: bool,
}

/// `?ok=…` / `?err=…` after a redirect.
#[derive(Deserialize, Default)]
pub struct Flash {
    pub ok: Option<String>,
    pub err: Option<String>,
}

/// A logged-in page visitor; anonymous visitors are sent to the login page.
pub struct PageUser {
    pub user: User,
    pub csrf: String,
    pub auth: Auth,
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let found = identify(state, parts)
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        match found {
            Some(auth) => Ok(PageUser {
                user: auth.user.clone(),
                csrf: match &auth.via {
                    Via::Session { csrf, .. } => csrf.clone(),
                    Via::Token => String::new(),
                },
                auth,
            }),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                Err(Redirect::to(&format!("/login?next={}", urlencode(next))).into_response())
            }
        }
    }
}

impl PageUser {
    /// The header for this user.
    pub fn nav(&self, flash: Flash) -> Nav {
        Nav {
            user: Some(NavUser {
                display_name: self.user.display_name.clone(),
                role: self.user.role.chinese(),
                is_admin: self.user.role == Role::Admin,
                can_import: matches!(self.user.role, Role::Editor | Role::Admin),
            }),
            csrf: self.csrf.clone(),
            ok: flash.ok,
            err: flash.err,
        }
    }

    /// Every form that changes something carries the session's token.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        if !self.csrf.is_empty() && same_secret(sent, &self.csrf) {
            Ok(())
        } else {
            Err(PageError::new(
                StatusCode::FORBIDDEN,
                "页面已过期",
                "表单的安全令牌无效（可能登录已过期或页面打开太久）。请返回、刷新页面后重试；你输入的内容可先复制保存。",
            ))
        }
    }
}

/// An error shown as a page.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub heading: &'static str,
    pub message: String,
}

impl PageError {
    pub fn new(status: StatusCode, heading: &'static str, message: impl Into<String>) -> PageError {
        PageError {
            status,
            heading,
            message: message.into(),
        }
    }

    pub fn not_found() -> PageError {
        PageError::new(
            StatusCode::NOT_FOUND,
            "找不到页面",
            "没有这个页面，或它已被删除。",
        )
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        let heading = match e.status.as_u16() {
            401 => "请先登录",
            403 => "无权访问",
            404 => "找不到",
            409 => "无法完成操作",
            413 => "文件太大",
            415 => "文件类型不对",
            422 | 400 => "填写有误",
            429 => "操作太频繁",
            503 => "系统繁忙",
            _ => "出错了",
        };
        PageError::new(e.status, heading, e.message)
    }
}

impl From<crate::service::ServiceError> for PageError {
    fn from(e: crate::service::ServiceError) -> PageError {
        ApiError::from(e).into()
    }
}

impl From<kaohe_store::StoreError> for PageError {
    fn from(e: kaohe_store::StoreError) -> PageError {
        ApiError::from(e).into()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    heading: &'static str,
    message: String,
    back: bool,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            nav: Nav {
                user: None,
                csrf: String::new(),
                ok: None,
                err: None,
            },
            heading: self.heading,
            message: self.message,
            back: true,
        };
        let mut res = html(&page);
        *res.status_mut() = self.status;
        res
    }
}

/// Renders a template; a rendering failure is logged and shown plainly.
pub fn html<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(body) => Html(body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "rendering a page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><meta charset=utf-8><title>出错了</title><p>页面生成出错，已记录日志。<a href=\"/\">回到首页</a></p>"),
            )
                .into_response()
        }
    }
}

/// The HTML 404 for paths outside the API.
pub async fn not_found_page() -> Response {
    PageError::not_found().into_response()
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A redirect after a successful post, with a message for the next page.
pub fn done(path: &str, message: &str) -> Response {
    let sep = if path.contains('?') { '&' } else { '?' };
    let (base, anchor) = path.split_once('#').unwrap_or((path, ""));
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    Redirect::to(&format!("{base}{sep}ok={}{anchor}", urlencode(message))).into_response()
}

/// A posted form whose rejections are a Chinese page: a form that lost a
/// field (its CSRF token, say) must not get axum's English plain text.
pub struct PageForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, PageError> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(value)) => Ok(PageForm(value)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(PageError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "内容太多",
                "提交的内容超过大小上限。请删减后再提交。",
            )),
            Err(_) => Err(PageError::new(
                StatusCode::BAD_REQUEST,
                "表单不完整",
                "提交的表单缺少内容（可能页面已过期或不是从本系统的页面提交的）。请返回、刷新页面后重新提交；你输入的内容可先复制保存。",
            )),
        }
    }
}

/// Forms as a map (for checkboxes named by id).
pub type FormMap = PageForm<HashMap<String, String>>;

/// Reads `id` from the map.
pub fn form_id(map: &HashMap<String, String>, key: &str) -> Option<Id> {
    map.get(key).and_then(|v| v.trim().parse().ok())
}

/// Reads a multipart form into text fields and at most one file.
pub async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, Option<(String, Vec<u8>)>), PageError> {
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| PageError::from(ApiError::from(e)))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let filename = field.file_name().unwrap_or("").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| PageError::from(ApiError::from(e)))?;
            if !bytes.is_empty() {
                file = Some((filename, bytes.to_vec()));
            }
        } else {
            let text = field
                .text()
                .await
                .map_err(|e| PageError::from(ApiError::from(e)))?;
            fields.insert(name, text);
        }
    }
    Ok((fields, file))
}

/// The page query's `ok`/`err`.
pub type FlashQuery = Query<Flash>;

/// Where to go after logging in: a path on this site, else the home page.
/// Browsers drop tabs and newlines inside URLs and read `\` as `/`, so
/// `/\t/evil` or `/\evil` would take the visitor to another site: any
/// control character, white space or backslash sends them home.
pub fn safe_next(next: &str) -> String {
    let same_origin_path = next.starts_with('/')
        && !next.starts_with("//")
        && !next
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && next
            .parse::<axum::http::Uri>()
            .is_ok_and(|u| u.scheme().is_none() && u.authority().is_none());
    if same_origin_path {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// The cookie that ties the login form to the browser that loaded it, so
/// that another site cannot log a visitor into an account of its choosing
/// (login CSRF): the form's hidden `login_token` must equal it.
pub const LOGIN_COOKIE: &str = "kaohe_login";

/// A fresh login-form token and the `Set-Cookie` that goes with it.
pub fn login_token(secure: bool) -> (String, String) {
    let token = kaohe_store::auth::new_token();
    let cookie = format!(
        "{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        if secure { "; Secure" } else { "" }
    );
    (token, cookie)
}

/// Formats a stored time for people (UTC+8, as agencies read it).
pub fn when(ms: kaohe_store::Millis) -> String {
    let s = kaohe_store::rfc3339(ms.0 + 8 * 3_600_000);
    // 2026-11-29T08:00:00Z → 2026-11-29 08:00
    format!("{} {}", &s[..10], &s[11..16])
}

/// Used by handlers to get the state without naming it twice.
pub type St = State<AppState>;

/// What a page handler returns: the page, or an error page.
pub type PageResult = Result<Response, PageError>;
