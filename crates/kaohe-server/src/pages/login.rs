//! Logging in and out: the login page with its login token, the login and logout posts.

use askama::Template;
use axum::extract::Query;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{
    cookie_value, html, login_token, safe_next, Flash, FlashQuery, Nav, PageForm, PageUser, St,
    LOGIN_COOKIE,
};
use crate::auth::Via;
use crate::auth::{secure, session_cookie, ClientAddr};
use crate::service::session::authenticate;
use crate::state::AppState;

use super::PageResult;

#[derive(Template)]
#[template(path = "login.html")]
pub(super) struct LoginPage {
    nav: Nav,
    error: Option<String>,
    next: String,
    username: String,
    /// Ties the form to this browser (see `pages::LOGIN_COOKIE`).
    login_token: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login page with a fresh login token, its cookie set.
pub(super) fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    flash: Flash,
    next: &str,
    username: String,
) -> Response {
    let (login_token, cookie) = login_token(secure(state, headers));
    let error = flash.err;
    let mut res = html(&LoginPage {
        nav: Nav {
            user: None,
            csrf: String::new(),
            ok: flash.ok,
            err: None,
        },
        error,
        next: safe_next(next),
        username,
        login_token,
    });
    *res.status_mut() = status;
    if let Ok(v) = cookie.parse() {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

pub async fn login_form(
    state: St,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
    Query(flash): FlashQuery,
) -> Response {
    login_page(
        &state,
        &headers,
        StatusCode::OK,
        flash,
        q.next.as_deref().unwrap_or("/"),
        String::new(),
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    login_token: String,
}

pub async fn login(
    state: St,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Response {
    let name = form.username.trim().chars().take(100).collect::<String>();
    let expected = cookie_value(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || !crate::auth::same_secret(&form.login_token, expected) {
        return login_page(
            &state,
            &headers,
            StatusCode::FORBIDDEN,
            Flash {
                ok: None,
                err: Some("登录页面已过期或不是从本系统打开的，请重新输入密码登录。".into()),
            },
            &form.next,
            name,
        );
    }
    match authenticate(&state, &name, &form.password, client).await {
        Ok((token, _, _)) => {
            let cookie = session_cookie(
                Some(&token),
                state.config.session_hours * 3600,
                secure(&state, &headers),
            );
            (
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&safe_next(&form.next)),
            )
                .into_response()
        }
        Err(e) => {
            let e = crate::error::ApiError::from(e);
            let flash = Flash {
                ok: None,
                err: Some(e.message),
            };
            let mut res = login_page(&state, &headers, e.status, flash, &form.next, name);
            if let Some(seconds) = e.retry_after {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, seconds.into());
            }
            res
        }
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf_token: String,
}

pub async fn logout(
    state: St,
    page: PageUser,
    headers: HeaderMap,
    PageForm(form): PageForm<CsrfForm>,
) -> PageResult {
    page.check_csrf(&form.csrf_token)?;
    if let Via::Session { token_hash, .. } = &page.auth.via {
        state.store.delete_session(token_hash).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            session_cookie(None, 0, secure(&state, &headers)),
        )],
        Redirect::to("/login?ok=%E5%B7%B2%E9%80%80%E5%87%BA"),
    )
        .into_response())
}
