//! The REST API under `/api/v1`. Every route is declared once, in
//! `api_routes!`, which both registers the handler and writes the route
//! into the OpenAPI document, so the two cannot drift apart.

pub(crate) mod admin;
pub(crate) mod session;
pub(crate) mod shared;
pub(crate) mod tables;
pub(crate) mod tasks;

use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::AppState;

/// One documented route.
#[derive(Clone, Copy, Debug)]
pub struct RouteDoc {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    /// The request body's schema name in the document, if any.
    pub body: Option<&'static str>,
}

macro_rules! api_routes {
    ($($method:ident $path:literal => $handler:path, $tag:literal, $summary:literal $(, body = $body:literal)?;)*) => {
        /// Every API route, as documented.
        pub const ROUTES: &[RouteDoc] = &[$(RouteDoc {
            method: stringify!($method),
            path: $path,
            tag: $tag,
            summary: $summary,
            body: api_routes!(@body $($body)?),
        }),*];

        fn routes() -> Router<AppState> {
            let router = Router::new();
            $(let router = router.route($path, $method($handler));)*
            router
        }
    };
    (@body) => { None };
    (@body $body:literal) => { Some($body) };
}

api_routes! {
    post "/session" => session::login, "会话", "登录（用户名和密码），设置会话 Cookie，返回 CSRF 令牌", body = "Login";
    delete "/session" => session::logout, "会话", "退出登录";
    get "/me" => session::me, "会话", "当前用户";
    put "/me/password" => session::change_password, "会话", "修改自己的密码", body = "PasswordChange";
    get "/tokens" => session::list_tokens, "会话", "我的 API 令牌";
    post "/tokens" => session::create_token, "会话", "新建 API 令牌（令牌只显示这一次）", body = "TokenCreate";
    delete "/tokens/{id}" => session::revoke_token, "会话", "撤销 API 令牌";

    get "/organizations" => admin::list_organizations, "单位", "单位列表";
    post "/organizations" => admin::create_organization, "单位", "新建单位（管理员）", body = "OrganizationInput";
    get "/organizations/{id}" => admin::get_organization, "单位", "单位详情";
    put "/organizations/{id}" => admin::update_organization, "单位", "修改单位（管理员）", body = "OrganizationInput";
    get "/users" => admin::list_users, "用户", "用户列表（管理员）";
    post "/users" => admin::create_user, "用户", "新建用户（管理员）", body = "UserCreate";
    get "/users/{id}" => admin::get_user, "用户", "用户详情（管理员或本人）";
    put "/users/{id}" => admin::update_user, "用户", "修改用户（管理员）", body = "UserUpdate";
    get "/audit" => admin::audit, "用户", "单位、用户、考核周期的修改记录（管理员）";
    get "/login-failures" => admin::login_failures, "用户", "最近 24 小时的登录失败：尝试的用户名、来源地址、时间（管理员）";
    get "/cycles" => admin::list_cycles, "考核周期", "考核周期列表";
    post "/cycles" => admin::create_cycle, "考核周期", "新建考核周期（管理员）", body = "CycleInput";
    get "/cycles/{id}" => admin::get_cycle, "考核周期", "考核周期详情";
    put "/cycles/{id}" => admin::update_cycle, "考核周期", "修改考核周期（管理员）", body = "CycleUpdate";
    put "/cycles/{id}/reviewers" => admin::set_reviewers, "考核周期", "设置本周期的审核人（管理员）", body = "Reviewers";

    post "/import" => tables::import, "自查表", "导入自查表（文本正文或文件上传）；preview=true 时只预览、不保存", body = "ImportBody";
    get "/tables" => tables::list, "自查表", "自查表列表（分页，可按单位、周期、状态筛选）";
    get "/tables/{id}" => tables::get, "自查表", "一张自查表：任务、目标、核对结论、佐证材料、审核记录";
    put "/tables/{id}" => tables::update, "自查表", "修改标题", body = "TableUpdate";
    delete "/tables/{id}" => tables::remove, "自查表", "删除自查表（管理员）";
    post "/tables/{id}/import" => tables::reimport, "自查表", "导入新版本替换任务（保留历史）", body = "ImportBody";
    get "/tables/{id}/source" => tables::source, "自查表", "导入时的原文，原样返回";
    get "/tables/{id}/export" => tables::export, "自查表", "导出为 Word、Excel、PDF、网页、Markdown 或 JSON（format=docx|xlsx|pdf|html|md|json，verification=1 附核对结论）";
    get "/tables/{id}/report" => tables::report, "自查表", "核对结果，格式同 kaohe check --format json";
    get "/tables/{id}/checklist" => tables::checklist, "审核", "提交前检查清单";
    post "/tables/{id}/submit" => tables::submit, "审核", "提交审核", body = "Submit";
    post "/tables/{id}/return" => tables::return_table, "审核", "退回（须写明原因）", body = "Return";
    post "/tables/{id}/approve" => tables::approve, "审核", "审定（审定后只读）", body = "Approve";
    get "/tables/{id}/reviews" => tables::reviews, "审核", "提交、退回、审定记录";
    get "/tables/{id}/history" => tables::history, "历史", "修改历史（谁、何时、哪个字段、旧值、新值）";
    get "/tables/{id}/tasks" => tables::tasks, "任务", "任务列表";
    get "/tables/{id}/targets" => tables::targets, "目标", "目标列表";
    get "/tables/{id}/evidence" => tasks::list_evidence, "佐证材料", "佐证材料列表";
    post "/tables/{id}/evidence" => tasks::upload_evidence, "佐证材料", "上传佐证材料（multipart：file、task_id、target_id）", body = "EvidenceUpload";

    get "/tasks/{id}" => tasks::get_task, "任务", "任务详情，含评分建议";
    put "/tasks/{id}" => tasks::update_task, "任务", "修改任务文字或自评分（重新核对）", body = "TaskUpdate";
    put "/tasks/{id}/review" => tasks::review_task, "审核", "审核人评分和意见", body = "TaskReview";
    post "/tasks/{id}/restore" => tasks::restore_task, "历史", "把任务恢复到某次修改之后的样子", body = "Restore";
    get "/targets/{id}" => tasks::get_target, "目标", "目标详情";
    put "/targets/{id}" => tasks::correct_target, "目标", "更正目标的读取结果（比较方式、数值、单位、周期）", body = "TargetCorrection";
    get "/evidence/{id}" => tasks::download_evidence, "佐证材料", "下载佐证材料（附件）";
    delete "/evidence/{id}" => tasks::delete_evidence, "佐证材料", "删除佐证材料";
    get "/openapi.json" => openapi_json, "文档", "本 OpenAPI 文档";
}

/// The API router (mounted at `/api/v1`).
pub fn router() -> Router<AppState> {
    routes().fallback(no_route)
}

async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "没有这个接口")
}

async fn openapi_json() -> axum::Json<Value> {
    axum::Json(openapi())
}

fn schema_for(name: &str) -> Value {
    let s = |props: Value, required: &[&str]| json!({"type": "object", "properties": props, "required": required});
    let string = json!({"type": "string"});
    let int = json!({"type": "integer"});
    let num = json!({"type": "number"});
    match name {
        "Login" => s(
            json!({"username": string, "password": string}),
            &["username", "password"],
        ),
        "PasswordChange" => s(
            json!({"old_password": string, "new_password": string}),
            &["old_password", "new_password"],
        ),
        "TokenCreate" => s(json!({"name": string}), &["name"]),
        "OrganizationInput" => s(
            json!({"name": string, "kind": {"type": "string", "enum": ["agency", "office"]}, "version": int}),
            &["name"],
        ),
        "UserCreate" => s(
            json!({"username": string, "display_name": string, "password": string, "role": {"type": "string", "enum": ["admin", "editor", "reviewer", "viewer"]}, "organization_id": int}),
            &["username", "password", "role"],
        ),
        "UserUpdate" => s(
            json!({"version": int, "display_name": string, "role": string, "organization_id": int, "active": {"type": "boolean"}, "password": string}),
            &["version"],
        ),
        "CycleInput" => s(
            json!({"name": string, "year": int, "deadline": {"type": "string", "format": "date"}}),
            &["name", "year"],
        ),
        "CycleUpdate" => s(
            json!({"version": int, "name": string, "year": int, "deadline": {"type": "string", "format": "date"}}),
            &["version"],
        ),
        "Reviewers" => s(
            json!({"user_ids": {"type": "array", "items": int}}),
            &["user_ids"],
        ),
        "ImportBody" => {
            json!({"type": "string", "format": "binary", "description": "自查表文本（UTF-8、GBK 或 UTF-16），或 multipart/form-data 的 file 字段；查询参数 organization_id、cycle_id、name、preview、version"})
        }
        "TableUpdate" => s(
            json!({"version": int, "title": string}),
            &["version", "title"],
        ),
        "Submit" => s(
            json!({"version": int, "confirm": {"type": "boolean"}}),
            &["version"],
        ),
        "Return" => s(
            json!({"version": int, "reason": string}),
            &["version", "reason"],
        ),
        "Approve" => s(json!({"version": int}), &["version"]),
        "EvidenceUpload" => {
            json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}, "task_id": int, "target_id": int}, "required": ["file"]})
        }
        "TaskUpdate" => s(
            json!({"version": int, "dimension": string, "content": string, "status": string, "problems": string, "self_score": num}),
            &["version"],
        ),
        "TaskReview" => s(
            json!({"version": int, "score": num, "comment": string}),
            &["version"],
        ),
        "Restore" => s(json!({"change_id": int}), &["change_id"]),
        "TargetCorrection" => s(
            json!({"version": int, "comparator": {"type": "string", "enum": [">=", ">", "<=", "<", "="]}, "value": string, "unit": string, "period": {"type": "string", "enum": ["day", "week", "month", "quarter", "year"]}, "reset": {"type": "boolean"}}),
            &["version"],
        ),
        _ => json!({"type": "object"}),
    }
}

/// The OpenAPI 3.1 document of [`ROUTES`].
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "properties": {"error": {"type": "object", "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}}, "required": ["code", "message"]}},
            "required": ["error"]}),
    );
    for r in ROUTES {
        let full = format!("/api/v1{}", r.path);
        let mut op = json!({
            "tags": [r.tag],
            "summary": r.summary,
            "operationId": format!("{}{}", r.method, r.path.replace(['/', '{', '}', '.'], "_")),
            "responses": {
                "200": {"description": "成功", "content": {"application/json": {}}},
                "default": {"description": "错误", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        });
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}}))
            .collect();
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if let Some(body) = r.body {
            schemas.insert(body.into(), schema_for(body));
            let media = match body {
                "ImportBody" => json!({
                    "text/plain": {"schema": {"$ref": "#/components/schemas/ImportBody"}},
                    "application/octet-stream": {"schema": {"$ref": "#/components/schemas/ImportBody"}},
                    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}
                }),
                "EvidenceUpload" => {
                    json!({"multipart/form-data": {"schema": {"$ref": "#/components/schemas/EvidenceUpload"}}})
                }
                _ => {
                    json!({"application/json": {"schema": {"$ref": format!("#/components/schemas/{body}")}}})
                }
            };
            op["requestBody"] = json!({"required": true, "content": media});
        }
        let entry = paths
            .entry(full)
            .or_insert_with(|| Value::Object(Default::default()));
        entry[r.method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "kaohe API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "kaohe（考核）自查表系统的接口。浏览器用会话 Cookie（修改类请求须带 X-CSRF-Token），脚本用 Authorization: Bearer 令牌。错误统一为 {\"error\": {\"code\", \"message\"}}。"
        },
        "servers": [{"url": "/"}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE},
                "token": {"type": "http", "scheme": "bearer"}
            }
        },
        "security": [{"session": []}, {"token": []}],
        "paths": paths,
    })
}
