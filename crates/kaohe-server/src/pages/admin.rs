//! Administration: organizations, users, cycles and reviewers, failed logins.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use kaohe_store::{Id, NewUser, Role, UserPatch};

use super::{
    done, form_id, html, when, FlashQuery, FormMap, Nav, PageError, PageForm, PageUser, St,
};
use crate::error::ApiError;

use super::PageResult;

/// A user row on the admin page.
pub struct UserRow {
    pub id: Id,
    pub version: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub organization: String,
    pub active: bool,
    pub is_me: bool,
}

/// A cycle row on the admin page.
pub struct CycleRow {
    pub id: Id,
    pub name: String,
    pub year: i64,
    pub deadline: String,
    /// (user id, name, reviews this cycle)
    pub reviewers: Vec<(Id, String, bool)>,
}

#[derive(Template)]
#[template(path = "admin.html")]
pub(super) struct AdminPage {
    nav: Nav,
    organizations: Vec<(Id, String, &'static str)>,
    users: Vec<UserRow>,
    cycles: Vec<CycleRow>,
    this_year: i64,
    /// Failed logins of the last day: (when, name tried, address).
    login_failures: Vec<(String, String, String)>,
}

pub(super) fn require_admin(page: &PageUser) -> Result<(), PageError> {
    if page.user.role == Role::Admin {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            "无权访问",
            "只有管理员可以进行此操作。",
        ))
    }
}

pub async fn admin(state: St, page: PageUser, Query(flash): FlashQuery) -> PageResult {
    require_admin(&page)?;
    let (orgs, users, cycles, failures) = tokio::try_join!(
        state.store.list_organizations(),
        state.store.list_users(),
        state.store.list_cycles(),
        state.store.recent_login_failures(50),
    )?;
    let org_name = |id: Option<Id>| {
        id.and_then(|i| orgs.iter().find(|o| o.id == i))
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let reviewers: Vec<(Id, String)> = users
        .iter()
        .filter(|u| u.role == Role::Reviewer && u.active)
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let this_year = kaohe_store::rfc3339(kaohe_store::Millis::now().0)[..4]
        .parse()
        .unwrap_or(2026);
    Ok(html(&AdminPage {
        nav: page.nav(flash),
        login_failures: failures
            .iter()
            .map(|f| {
                (
                    when(f.at),
                    f.username.clone(),
                    f.address.clone().unwrap_or_else(|| "未知".into()),
                )
            })
            .collect(),
        organizations: orgs
            .iter()
            .map(|o| {
                (
                    o.id,
                    o.name.clone(),
                    if o.kind == "office" {
                        "考核办"
                    } else {
                        "被考核单位"
                    },
                )
            })
            .collect(),
        users: users
            .iter()
            .map(|u| UserRow {
                id: u.id,
                version: u.version,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                role: u.role.chinese(),
                organization: org_name(u.organization_id),
                active: u.active,
                is_me: u.id == page.user.id,
            })
            .collect(),
        cycles: cycles
            .iter()
            .map(|c| CycleRow {
                id: c.id,
                name: c.name.clone(),
                year: c.year,
                deadline: c.deadline.clone().unwrap_or_default(),
                reviewers: reviewers
                    .iter()
                    .map(|(id, name)| (*id, name.clone(), c.reviewer_ids.contains(id)))
                    .collect(),
            })
            .collect(),
        this_year,
    }))
}

pub(super) fn field<'a>(map: &'a HashMap<String, String>, key: &str) -> &'a str {
    map.get(key).map(|s| s.trim()).unwrap_or("")
}

pub async fn admin_org(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let name = field(&form, "name");
    if name.is_empty() {
        return Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode("单位名称不能为空")
        ))
        .into_response());
    }
    ApiError::check_len("单位名称", name, 200)?;
    let kind = if field(&form, "kind") == "office" {
        "office"
    } else {
        "agency"
    };
    match state
        .store
        .create_organization(name, kind, Some(page.user.id))
        .await
    {
        Ok(_) => Ok(done("/admin", &format!("已新建单位 {name}"))),
        Err(e) => Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode(&ApiError::from(e).message)
        ))
        .into_response()),
    }
}

pub async fn admin_user(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let fail = |m: String| {
        Ok(Redirect::to(&format!("/admin?err={}", super::urlencode(&m))).into_response())
    };
    let username = field(&form, "username");
    if let Err(e) = crate::service::accounts::check_username(username) {
        return fail(ApiError::from(e).message);
    }
    let password = form.get("password").cloned().unwrap_or_default();
    if let Err(e) = crate::service::accounts::check_password(&password, username) {
        return fail(ApiError::from(e).message);
    }
    let Some(role) = Role::parse(field(&form, "role")) else {
        return fail("请选择角色".into());
    };
    let organization_id = form_id(&form, "organization_id");
    if role == Role::Editor && organization_id.is_none() {
        return fail("填报人必须属于一个单位".into());
    }
    let display = field(&form, "display_name");
    if let Err(e) = ApiError::check_len("姓名", display, 100) {
        return fail(e.message);
    }
    let hash = tokio::task::spawn_blocking(move || kaohe_store::auth::hash_password(&password))
        .await
        .map_err(|_| PageError::from(ApiError::internal()))?;
    match state
        .store
        .create_user(
            NewUser {
                username: username.to_string(),
                display_name: if display.is_empty() {
                    username.to_string()
                } else {
                    display.to_string()
                },
                password_hash: hash,
                role,
                organization_id,
            },
            Some(page.user.id),
        )
        .await
    {
        Ok(u) => Ok(done("/admin", &format!("已新建用户 {}", u.username))),
        Err(e) => fail(ApiError::from(e).message),
    }
}

pub async fn admin_user_update(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): FormMap,
) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    if id == page.user.id {
        return Ok(
            Redirect::to(&format!("/admin?err={}", super::urlencode("不能停用自己")))
                .into_response(),
        );
    }
    let version = form_id(&form, "version").unwrap_or(0);
    let active = field(&form, "active") == "1";
    match state
        .store
        .update_user(
            id,
            version,
            UserPatch {
                active: Some(active),
                ..UserPatch::default()
            },
            Some(page.user.id),
        )
        .await
    {
        Ok(u) => Ok(done(
            "/admin",
            &format!(
                "用户 {} 已{}",
                u.username,
                if active { "启用" } else { "停用" }
            ),
        )),
        Err(e) => Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode(&ApiError::from(e).message)
        ))
        .into_response()),
    }
}

pub async fn admin_cycle(state: St, page: PageUser, PageForm(form): FormMap) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let name = field(&form, "name");
    let year: i64 = field(&form, "year").parse().unwrap_or(0);
    let deadline = Some(field(&form, "deadline")).filter(|d| !d.is_empty());
    if name.is_empty() || !(2000..=2100).contains(&year) {
        return Ok(Redirect::to(&format!(
            "/admin?err={}",
            super::urlencode("请填写周期名称和 2000–2100 之间的年度")
        ))
        .into_response());
    }
    ApiError::check_len("周期名称", name, 200)?;
    state
        .store
        .create_cycle(name, year, deadline, Some(page.user.id))
        .await?;
    Ok(done("/admin", &format!("已新建考核周期 {name}")))
}

pub async fn admin_reviewers(
    state: St,
    page: PageUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    PageForm(form): FormMap,
) -> PageResult {
    page.check_csrf(field(&form, "csrf_token"))?;
    require_admin(&page)?;
    let id: Id = id.parse().map_err(|_| PageError::not_found())?;
    let mut ids: Vec<Id> = form
        .keys()
        .filter_map(|k| k.strip_prefix("reviewer_"))
        .filter_map(|k| k.parse().ok())
        .collect();
    ids.sort_unstable();
    for uid in &ids {
        if state.store.get_user(*uid).await?.role != Role::Reviewer {
            return Err(PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "填写有误",
                "只能指定审核人",
            ));
        }
    }
    state
        .store
        .set_cycle_reviewers(id, &ids, Some(page.user.id))
        .await?;
    Ok(done("/admin", "审核人已保存"))
}
