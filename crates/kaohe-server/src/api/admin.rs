//! Organizations, users and cycles.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use kaohe_store::{auth, CyclePatch, NewUser, Role, UserPatch};
use serde::Deserialize;
use serde_json::{json, Value};

use super::shared::{ApiJson, PathId};
use crate::auth::{require_admin, Auth};
use crate::error::{ApiError, ApiResult};
use crate::service::accounts::{check_password, check_username};
use crate::state::AppState;

fn check_kind(kind: &str) -> ApiResult<()> {
    if matches!(kind, "agency" | "office") {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "单位类型应为 agency（被考核单位）或 office（考核办）",
        ))
    }
}

fn check_name(field: &str, name: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid(format!("“{field}”不能为空")));
    }
    ApiError::check_len(field, name, 200)
}

pub async fn list_organizations(
    State(state): State<AppState>,
    _auth: Auth,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        json!({"items": state.store.list_organizations().await?}),
    ))
}

#[derive(Deserialize)]
pub struct OrganizationInput {
    name: String,
    #[serde(default = "agency")]
    kind: String,
    #[serde(default)]
    version: i64,
}

fn agency() -> String {
    "agency".into()
}

pub async fn create_organization(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<OrganizationInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    require_admin(&auth.user)?;
    check_name("单位名称", &body.name)?;
    check_kind(&body.kind)?;
    let org = state
        .store
        .create_organization(body.name.trim(), &body.kind, Some(auth.user.id))
        .await?;
    Ok((StatusCode::CREATED, Json(json!(org))))
}

pub async fn get_organization(
    State(state): State<AppState>,
    _auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.store.get_organization(id).await?)))
}

pub async fn update_organization(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<OrganizationInput>,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    check_name("单位名称", &body.name)?;
    check_kind(&body.kind)?;
    let org = state
        .store
        .update_organization(
            id,
            body.version,
            body.name.trim(),
            &body.kind,
            Some(auth.user.id),
        )
        .await?;
    Ok(Json(json!(org)))
}

pub async fn list_users(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    Ok(Json(json!({"items": state.store.list_users().await?})))
}

#[derive(Deserialize)]
pub struct UserCreate {
    username: String,
    #[serde(default)]
    display_name: String,
    password: String,
    role: String,
    organization_id: Option<i64>,
}

fn parse_role(role: &str) -> ApiResult<Role> {
    Role::parse(role).ok_or_else(|| {
        ApiError::invalid(
            "角色应为 admin（管理员）、editor（填报人）、reviewer（审核人）或 viewer（查看者）",
        )
    })
}

/// Checks a login name by the store's rule.
pub async fn create_user(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<UserCreate>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    require_admin(&auth.user)?;
    check_username(&body.username)?;
    ApiError::check_len("姓名", &body.display_name, 100)?;
    check_password(&body.password, &body.username)?;
    let role = parse_role(&body.role)?;
    if role == Role::Editor && body.organization_id.is_none() {
        return Err(ApiError::invalid("填报人必须属于一个单位"));
    }
    let password = body.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| ApiError::internal())?;
    let user = state
        .store
        .create_user(
            NewUser {
                display_name: if body.display_name.trim().is_empty() {
                    body.username.clone()
                } else {
                    body.display_name.trim().to_string()
                },
                username: body.username,
                password_hash: hash,
                role,
                organization_id: body.organization_id,
            },
            Some(auth.user.id),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(user))))
}

pub async fn get_user(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    if auth.user.id != id {
        require_admin(&auth.user)?;
    }
    Ok(Json(json!(state.store.get_user(id).await?)))
}

#[derive(Deserialize)]
pub struct UserUpdate {
    version: i64,
    display_name: Option<String>,
    role: Option<String>,
    #[serde(default, with = "double_option")]
    organization_id: Option<Option<i64>>,
    active: Option<bool>,
    password: Option<String>,
}

/// `"field": null` sets None; a missing field keeps the value.
mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

pub async fn update_user(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<UserUpdate>,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    if let Some(name) = &body.display_name {
        check_name("姓名", name)?;
    }
    let role = body.role.as_deref().map(parse_role).transpose()?;
    if id == auth.user.id && (body.active == Some(false) || role.is_some_and(|r| r != Role::Admin))
    {
        return Err(ApiError::invalid("不能停用自己或取消自己的管理员角色"));
    }
    let password_hash = match body.password {
        Some(p) => {
            let username = state.store.get_user(id).await?.username;
            check_password(&p, &username)?;
            Some(
                tokio::task::spawn_blocking(move || auth::hash_password(&p))
                    .await
                    .map_err(|_| ApiError::internal())?,
            )
        }
        None => None,
    };
    let user = state
        .store
        .update_user(
            id,
            body.version,
            UserPatch {
                display_name: body.display_name.map(|s| s.trim().to_string()),
                role,
                organization_id: body.organization_id,
                active: body.active,
                password_hash,
            },
            Some(auth.user.id),
        )
        .await?;
    Ok(Json(json!(user)))
}

pub async fn audit(
    State(state): State<AppState>,
    auth: Auth,
    super::shared::ApiQuery(paging): super::shared::ApiQuery<super::shared::Paging>,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    Ok(Json(json!(
        state.store.audit(paging.offset, paging.limit).await?
    )))
}

pub async fn list_cycles(State(state): State<AppState>, _auth: Auth) -> ApiResult<Json<Value>> {
    Ok(Json(json!({"items": state.store.list_cycles().await?})))
}

#[derive(Deserialize)]
pub struct CycleInput {
    name: String,
    year: i64,
    deadline: Option<String>,
}

fn check_cycle(name: Option<&str>, year: Option<i64>, deadline: Option<&str>) -> ApiResult<()> {
    if let Some(name) = name {
        check_name("周期名称", name)?;
    }
    if let Some(year) = year {
        if !(2000..=2100).contains(&year) {
            return Err(ApiError::invalid("年度应在 2000 到 2100 之间"));
        }
    }
    if let Some(d) = deadline {
        let b = d.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && d[..4].parse::<u32>().is_ok()
            && d[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
            && d[8..].parse::<u32>().is_ok_and(|x| (1..=31).contains(&x));
        if !ok {
            return Err(ApiError::invalid(
                "截止日期应写成 YYYY-MM-DD，如 2023-01-15",
            ));
        }
    }
    Ok(())
}

pub async fn create_cycle(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(body): ApiJson<CycleInput>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    require_admin(&auth.user)?;
    check_cycle(Some(&body.name), Some(body.year), body.deadline.as_deref())?;
    let cycle = state
        .store
        .create_cycle(
            body.name.trim(),
            body.year,
            body.deadline.as_deref(),
            Some(auth.user.id),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!(cycle))))
}

pub async fn get_cycle(
    State(state): State<AppState>,
    _auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    Ok(Json(json!(state.store.get_cycle(id).await?)))
}

#[derive(Deserialize)]
pub struct CycleUpdate {
    version: i64,
    #[serde(flatten)]
    patch: CyclePatch,
}

pub async fn update_cycle(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<CycleUpdate>,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    check_cycle(
        body.patch.name.as_deref(),
        body.patch.year,
        body.patch.deadline.clone().flatten().as_deref(),
    )?;
    Ok(Json(json!(
        state
            .store
            .update_cycle(id, body.version, body.patch, Some(auth.user.id))
            .await?
    )))
}

#[derive(Deserialize)]
pub struct Reviewers {
    user_ids: Vec<i64>,
}

pub async fn set_reviewers(
    State(state): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Reviewers>,
) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    state.store.get_cycle(id).await?;
    for uid in &body.user_ids {
        let user = state.store.get_user(*uid).await?;
        if user.role != Role::Reviewer {
            return Err(ApiError::invalid(format!(
                "用户“{}”不是审核人",
                user.username
            )));
        }
    }
    Ok(Json(json!(
        state
            .store
            .set_cycle_reviewers(id, &body.user_ids, Some(auth.user.id))
            .await?
    )))
}

/// `GET /login-failures`: the latest failed logins, for the administrator.
pub async fn login_failures(State(state): State<AppState>, auth: Auth) -> ApiResult<Json<Value>> {
    require_admin(&auth.user)?;
    let items = state.store.recent_login_failures(200).await?;
    Ok(Json(json!({ "items": items })))
}
