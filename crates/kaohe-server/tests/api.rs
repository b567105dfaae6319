//! The REST API through the router, without a socket: permissions for every
//! role on every route, sessions and CSRF, bad input, stale saves, the
//! review workflow and the OpenAPI document.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use kaohe_server::api::ROUTES;
use kaohe_store::{NewEvidence, NewTable, TableStatus};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    Allowed,
    Forbidden,
    WrongState,
}

/// What each route needs, as the permission table in `auth.rs` states it.
fn category(method: &str, path: &str) -> &'static str {
    match (method, path) {
        ("post", "/session") | ("get", "/openapi.json") => "public",
        ("delete", "/session") | ("get", "/me") | ("put", "/me/password") => "any",
        (_, p) if p.starts_with("/tokens") => "any",
        ("get", "/organizations" | "/organizations/{id}" | "/cycles" | "/cycles/{id}") => "any",
        ("get", "/tables") => "any",
        (_, p) if p.starts_with("/organizations") || p.starts_with("/cycles") => "admin",
        ("get", "/users/{id}") => "self_or_admin",
        (_, p) if p.starts_with("/users") || p == "/audit" || p == "/login-failures" => "admin",
        ("delete", "/tables/{id}") => "admin",
        ("post", "/import") => "import",
        ("get", _) => "read",
        ("put", "/tasks/{id}/review")
        | ("post", "/tables/{id}/return" | "/tables/{id}/approve") => "review",
        _ => "edit",
    }
}

fn expected(user: &str, category: &str, status: TableStatus) -> Expect {
    use Expect::*;
    match category {
        "public" | "any" => Allowed,
        "admin" => {
            if user == "admin" {
                Allowed
            } else {
                Forbidden
            }
        }
        "self_or_admin" => {
            if user == "admin" || user == "editor" {
                Allowed
            } else {
                Forbidden
            }
        }
        "import" => {
            if matches!(user, "admin" | "editor" | "other_editor") {
                Allowed
            } else {
                Forbidden
            }
        }
        "read" => {
            if matches!(user, "admin" | "viewer" | "editor" | "reviewer") {
                Allowed
            } else {
                Forbidden
            }
        }
        "edit" => match (user, status) {
            ("editor", TableStatus::Draft | TableStatus::Returned) => Allowed,
            ("editor", _) => WrongState,
            _ => Forbidden,
        },
        "review" => match (user, status) {
            ("reviewer", TableStatus::Submitted) => Allowed,
            ("reviewer", _) => WrongState,
            _ => Forbidden,
        },
        other => panic!("no category {other}"),
    }
}

async fn fixture(status: TableStatus) -> (TestApp, Value) {
    let app = app().await;
    let t = &app.table;
    let tasks = app.store.list_tasks(t.id).await.unwrap();
    let targets = app.store.list_targets(t.id).await.unwrap();
    let evidence = app
        .store
        .add_evidence(
            NewEvidence {
                table_id: t.id,
                task_id: Some(tasks[0].id),
                target_id: None,
                filename: "清单.pdf".into(),
                content_type: "application/pdf".into(),
                data: b"%PDF-1.4 test".to_vec(),
            },
            None,
        )
        .await
        .unwrap();
    let editor = app.store.find_login("editor").await.unwrap().unwrap().0;
    let steps: &[(TableStatus, TableStatus)] = match status {
        TableStatus::Draft => &[],
        TableStatus::Submitted => &[(TableStatus::Draft, TableStatus::Submitted)],
        TableStatus::Approved => &[
            (TableStatus::Draft, TableStatus::Submitted),
            (TableStatus::Submitted, TableStatus::Approved),
        ],
        TableStatus::Returned => unreachable!(),
    };
    for (from, to) in steps {
        let v = app.store.get_table(t.id).await.unwrap().version;
        app.store
            .transition_table(t.id, v, &[*from], *to, "test", "", None)
            .await
            .unwrap();
    }
    let ids = json!({
        "table": t.id, "task": tasks[0].id, "target": targets[0].id,
        "evidence": evidence.id, "editor": editor.id,
        "reviewer": app.store.find_login("reviewer").await.unwrap().unwrap().0.id,
    });
    (app, ids)
}

fn concrete(path: &str, ids: &Value) -> String {
    let id = |k: &str| ids[k].as_i64().unwrap().to_string();
    let (prefix, rest) = path.split_once("{id}").unwrap_or((path, ""));
    let value = match prefix {
        "/tables/" => id("table"),
        "/tasks/" => id("task"),
        "/targets/" => id("target"),
        "/evidence/" => id("evidence"),
        "/users/" => id("editor"),
        "/organizations/" => ids["org"].as_i64().unwrap_or(1).to_string(),
        "/cycles/" => ids["cycle"].as_i64().unwrap_or(1).to_string(),
        "/tokens/" => "999999".into(),
        _ => String::new(),
    };
    format!("/api/v1{prefix}{value}{rest}")
}

/// A body that a permitted caller gets past the permission check with, but
/// that changes nothing lasting (stale versions, unknown ids).
fn body_for(method: &str, path: &str, user: &str, ids: &Value) -> Option<Value> {
    let v = match (method, path) {
        ("post", "/session") => json!({"username": "nobody", "password": "wrong-password"}),
        ("put", "/me/password") => {
            json!({"old_password": "wrong-password", "new_password": "another-pass-1"})
        }
        ("post", "/tokens") => json!({"name": "matrix"}),
        ("post", "/organizations") => json!({"name": format!("单位{user}{}", rand_suffix())}),
        ("put", "/organizations/{id}") => json!({"name": "改名", "version": 0}),
        ("post", "/users") => {
            json!({"username": format!("u{}", rand_suffix()), "password": "long-enough-1", "role": "viewer"})
        }
        ("put", "/users/{id}") => json!({"version": 0}),
        ("post", "/cycles") => json!({"name": "2023年度", "year": 2023}),
        ("put", "/cycles/{id}") => json!({"version": 0, "name": "x"}),
        ("put", "/cycles/{id}/reviewers") => json!({"user_ids": [ids["reviewer"]]}),
        ("put", "/tables/{id}") => json!({"version": 0, "title": "新标题"}),
        ("post", "/tables/{id}/submit") => json!({"version": 0, "confirm": true}),
        ("post", "/tables/{id}/return") => json!({"version": 0, "reason": "请补充"}),
        ("post", "/tables/{id}/approve") => json!({"version": 0}),
        ("put", "/tasks/{id}") => json!({"version": 0, "problems": "无"}),
        ("put", "/tasks/{id}/review") => json!({"version": 0, "score": 5}),
        ("post", "/tasks/{id}/restore") => json!({"change_id": 999999}),
        ("put", "/targets/{id}") => json!({"version": 0, "reset": true}),
        _ => return None,
    };
    Some(v)
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[tokio::test]
async fn every_role_on_every_route_in_every_state() {
    let users: Vec<&str> = USERS.iter().map(|u| u.0).collect();
    for status in [
        TableStatus::Draft,
        TableStatus::Submitted,
        TableStatus::Approved,
    ] {
        let (app, mut ids) = fixture(status).await;
        ids["org"] = json!(app.comms_id);
        ids["cycle"] = json!(app.cycle_id);
        for route in ROUTES {
            let cat = category(route.method, route.path);
            for user in &users {
                let want = expected(user, cat, status);
                let mut path = concrete(route.path, &ids);
                // Routes that would destroy the fixture get their own victim.
                if (route.method, route.path) == ("delete", "/evidence/{id}") {
                    let e = app
                        .store
                        .add_evidence(
                            NewEvidence {
                                table_id: app.table.id,
                                task_id: None,
                                target_id: None,
                                filename: "x.png".into(),
                                content_type: "image/png".into(),
                                data: b"\x89PNG\r\n\x1a\nx".to_vec(),
                            },
                            None,
                        )
                        .await
                        .unwrap();
                    path = format!("/api/v1/evidence/{}", e.id);
                }
                if (route.method, route.path) == ("delete", "/tables/{id}") {
                    let c = app
                        .store
                        .create_cycle(&format!("周期{}", rand_suffix()), 2023, None, None)
                        .await
                        .unwrap();
                    let t = app
                        .store
                        .create_table(
                            NewTable {
                                organization_id: app.edu_id,
                                cycle_id: c.id,
                                content: kaohe_store::derive::content_from_text(
                                    "e.txt", "UTF-8", EDU,
                                ),
                            },
                            None,
                        )
                        .await
                        .unwrap();
                    path = format!("/api/v1/tables/{}", t.id);
                }
                let method: Method = route.method.to_uppercase().parse().unwrap();
                let reply = match (route.method, route.path) {
                    ("post", "/import") => {
                        app.raw(
                            method,
                            &path,
                            user,
                            "text/plain; charset=utf-8",
                            SEED.as_bytes().to_vec(),
                        )
                        .await
                    }
                    ("post", "/tables/{id}/import") => {
                        app.raw(
                            method,
                            &format!("{path}?version=0"),
                            user,
                            "text/plain",
                            SEED.as_bytes().to_vec(),
                        )
                        .await
                    }
                    ("post", "/tables/{id}/evidence") => {
                        app.upload(&path, user, "证明.pdf", b"%PDF-1.4 x", &[])
                            .await
                    }
                    _ => {
                        let auth = if route.path == "/session" && route.method == "post" {
                            None
                        } else {
                            Some(*user)
                        };
                        app.call(
                            method,
                            &path,
                            auth,
                            body_for(route.method, route.path, user, &ids),
                        )
                        .await
                    }
                };
                let ctx = format!(
                    "{} {} as {user} on a {status:?} table: got {} {}",
                    route.method, route.path, reply.status, reply.json
                );
                match want {
                    Expect::Allowed => {
                        assert!(
                            !matches!(
                                reply.code(),
                                "forbidden"
                                    | "wrong_state"
                                    | "unauthorized"
                                    | "no_route"
                                    | "internal"
                            ) && reply.status != StatusCode::METHOD_NOT_ALLOWED,
                            "should be allowed: {ctx}"
                        );
                    }
                    Expect::Forbidden => {
                        assert_eq!(
                            reply.status,
                            StatusCode::FORBIDDEN,
                            "should be forbidden: {ctx}"
                        );
                        assert_eq!(reply.code(), "forbidden", "{ctx}");
                    }
                    Expect::WrongState => {
                        assert_eq!(reply.status, StatusCode::CONFLICT, "wrong state: {ctx}");
                        assert_eq!(reply.code(), "wrong_state", "{ctx}");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let app = app().await;
    let doc = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.json["paths"].as_object().unwrap();
    let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(documented, ROUTES.len());
    for route in ROUTES {
        let op = &paths[&format!("/api/v1{}", route.path)][route.method];
        assert!(
            op.is_object(),
            "{} {} missing from the document",
            route.method,
            route.path
        );
        if let Some(body) = route.body {
            assert!(
                doc.json["components"]["schemas"][body].is_object(),
                "{body}"
            );
        }
        // Routed: an anonymous call reaches the handler (401), not the
        // fallback or a 405.
        if route.path == "/session" && route.method == "post" || route.path == "/openapi.json" {
            continue;
        }
        let path = format!("/api/v1{}", route.path.replace("{id}", "1"));
        let method: Method = route.method.to_uppercase().parse().unwrap();
        let reply = app.call(method, &path, None, None).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{} {}: {}",
            route.method,
            path,
            reply.json
        );
    }
    let nothing = app.get("/api/v1/no/such/route", "admin").await;
    assert_eq!(
        (nothing.status, nothing.code()),
        (StatusCode::NOT_FOUND, "no_route")
    );
}

fn cookie_of(reply: &Reply) -> String {
    let set = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    set.split(';').next().unwrap().to_string()
}

async fn login(app: &TestApp, user: &str, password: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/v1/session",
        None,
        Some(json!({"username": user, "password": password})),
    )
    .await
}

async fn with_cookie(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, cookie);
    if let Some(c) = csrf {
        req = req.header("x-csrf-token", c);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    app.send(req).await
}

#[tokio::test]
async fn sessions_csrf_tokens_and_throttling() {
    let app = app().await;
    let ok = login(&app, "editor", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    let cookie = cookie_of(&ok);
    let csrf = ok.json["csrf_token"].as_str().unwrap().to_string();
    let me = with_cookie(&app, Method::GET, "/api/v1/me", &cookie, None, None).await;
    assert_eq!(me.json["user"]["username"], "editor");

    // A state-changing request with the cookie needs the CSRF token.
    let t = app.store.get_table(app.table.id).await.unwrap();
    let path = format!("/api/v1/tables/{}", t.id);
    let body = json!({"version": t.version, "title": "改过的标题"});
    let no = with_cookie(&app, Method::PUT, &path, &cookie, None, Some(body.clone())).await;
    assert_eq!((no.status, no.code()), (StatusCode::FORBIDDEN, "csrf"));
    let wrong = with_cookie(
        &app,
        Method::PUT,
        &path,
        &cookie,
        Some("0000"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(wrong.code(), "csrf");
    let yes = with_cookie(&app, Method::PUT, &path, &cookie, Some(&csrf), Some(body)).await;
    assert_eq!(yes.status, StatusCode::OK, "{}", yes.json);
    assert_eq!(yes.json["title"], "改过的标题");

    // Tokens: created by their user, shown once, revocable.
    let made = with_cookie(
        &app,
        Method::POST,
        "/api/v1/tokens",
        &cookie,
        Some(&csrf),
        Some(json!({"name": "脚本"})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let secret = made.json["token"].as_str().unwrap().to_string();
    let bearer = |s: &str| {
        Request::builder()
            .uri("/api/v1/me")
            .header(header::AUTHORIZATION, format!("Bearer {s}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(bearer(&secret)).await.status, StatusCode::OK);
    let id = made.json["info"]["id"].as_i64().unwrap();
    let revoked = with_cookie(
        &app,
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
        &cookie,
        Some(&csrf),
        None,
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(&secret)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Logout ends the session everywhere.
    let out = with_cookie(
        &app,
        Method::DELETE,
        "/api/v1/session",
        &cookie,
        Some(&csrf),
        None,
    )
    .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = with_cookie(&app, Method::GET, "/api/v1/me", &cookie, None, None).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    // Wrong passwords: the same answer for unknown names, then a pause
    // (from no known address, the account's own throttle: twice
    // login_max_failures free attempts).
    let unknown = login(&app, "nobody", "whatever-1").await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::UNAUTHORIZED, "bad_login")
    );
    for _ in 0..10 {
        let bad = login(&app, "reviewer", "wrong-password").await;
        assert_eq!(bad.code(), "bad_login");
    }
    let paused = login(&app, "reviewer", PASSWORD).await;
    assert_eq!(
        (paused.status, paused.code()),
        (StatusCode::TOO_MANY_REQUESTS, "throttled")
    );
    assert_eq!(paused.headers[header::RETRY_AFTER], "1");
    // Others are not affected.
    assert_eq!(login(&app, "viewer", PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn secure_cookies_behind_https() {
    let app = app().await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-proto", "https")
        .body(Body::from(
            json!({"username": "viewer", "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let reply = app.send(req).await;
    assert!(reply.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Secure"));
    let plain = login(&app, "viewer", PASSWORD).await;
    assert!(!plain.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Secure"));
}

async fn table_count(app: &TestApp) -> i64 {
    app.store
        .list_tables(&kaohe_store::TableFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .total
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_stores_nothing() {
    let config = kaohe_server::Config {
        max_upload_mb: 20,
        ..Default::default()
    };
    let app = app_with(config).await;
    let before = table_count(&app).await;
    let task = app.store.list_tasks(app.table.id).await.unwrap()[0].clone();
    let task_path = format!("/api/v1/tasks/{}", task.id);

    // Malformed JSON.
    let r = app
        .raw(
            Method::PUT,
            &task_path,
            "editor",
            "application/json",
            b"{\"version\": 1,".to_vec(),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{}",
        r.json
    );
    // Wrong content type.
    let r = app
        .raw(
            Method::PUT,
            &task_path,
            "editor",
            "text/plain",
            b"hello".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.json);
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import",
            "other_editor",
            "image/png",
            b"\x89PNG".to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A field of the wrong type.
    let r = app
        .call(
            Method::PUT,
            &task_path,
            Some("editor"),
            Some(json!({"version": "one"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    // A field too long.
    let long = "很".repeat(20_001);
    let r = app
        .call(
            Method::PUT,
            &task_path,
            Some("editor"),
            Some(json!({"version": task.version, "status": long})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("过长"));
    assert_eq!(
        app.store.get_task(task.id).await.unwrap().version,
        task.version,
        "nothing saved"
    );
    // Unknown and malformed ids.
    for path in [
        "/api/v1/tables/999999",
        "/api/v1/tasks/999999",
        "/api/v1/tables/abc",
    ] {
        let r = app.get(path, "admin").await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{path}"
        );
    }
    // A text that is not a self-check table.
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import",
            "other_editor",
            "text/plain",
            "今天天气很好，我们去公园散步。".as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("自查表"),
        "{}",
        r.json
    );
    // Binary junk and an image as a table.
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import",
            "other_editor",
            "application/octet-stream",
            vec![0u8, 159, 146, 150, 0, 1, 2],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    // 50 MB.
    let big = vec![b'a'; 50 * 1024 * 1024];
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import",
            "other_editor",
            "text/plain",
            big.clone(),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
        "{}",
        r.json
    );
    let r = app
        .upload(
            &format!("/api/v1/tables/{}/evidence", app.table.id),
            "editor",
            "big.pdf",
            &big,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.json);
    let r = app
        .upload("/api/v1/import", "other_editor", "big.txt", &big, &[])
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.json);
    // Evidence of a type we do not keep.
    let r = app
        .upload(
            &format!("/api/v1/tables/{}/evidence", app.table.id),
            "editor",
            "setup.exe",
            b"MZ\x90\x00",
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Preview saves nothing.
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import?preview=true",
            "other_editor",
            "text/plain",
            EDU.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json["report"]["tasks"].as_array().unwrap().len() > 5);
    assert_eq!(
        table_count(&app).await,
        before,
        "nothing stored by any of the above"
    );
    assert!(app
        .store
        .list_evidence(app.table.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn two_writers_one_wins_the_other_sees_what_changed() {
    let app = app().await;
    let task = app.store.list_tasks(app.table.id).await.unwrap()[4].clone();
    let path = format!("/api/v1/tasks/{}", task.id);
    let a = app.call(
        Method::PUT,
        &path,
        Some("editor"),
        Some(json!({"version": task.version, "problems": "甲的修改"})),
    );
    let b = app.call(
        Method::PUT,
        &path,
        Some("editor"),
        Some(json!({"version": task.version, "problems": "乙的修改"})),
    );
    let (a, b) = tokio::join!(a, b);
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let lost = if a.status == StatusCode::CONFLICT {
        &a
    } else {
        &b
    };
    let won = if a.status == StatusCode::OK { &a } else { &b };
    assert_eq!(lost.code(), "conflict");
    assert_eq!(lost.json["error"]["current_version"], task.version + 1);
    let change = &lost.json["error"]["changes"][0];
    assert_eq!(change["field"], "problems");
    assert_eq!(change["new_value"], won.json["problems"]);
    assert_eq!(change["username"], "editor");
}

#[tokio::test]
async fn import_correct_submit_review_return_and_history() {
    let app = app().await;
    // The other agency imports its own table.
    let r = app
        .upload(
            &format!("/api/v1/import?cycle_id={}", app.cycle_id),
            "other_editor",
            "西山区教育局自查表.txt",
            EDU.as_bytes(),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["table"]["source_name"], "西山区教育局自查表.txt");
    assert!(r.json["table"]["counts"]["not_met"].as_i64().unwrap() > 0);
    let source = app
        .get(
            &format!("/api/v1/tables/{}/source", r.json["table"]["id"]),
            "other_editor",
        )
        .await;
    assert_eq!(String::from_utf8(source.bytes).unwrap(), EDU);

    // The seed's editor corrects a target so it is missed.
    let id = app.table.id;
    let view = app.get(&format!("/api/v1/tables/{id}"), "editor").await;
    let task = view.json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["content"].as_str().unwrap().contains("5G基站"))
        .unwrap()
        .clone();
    let target = task["targets"][0].clone();
    assert_eq!(target["verdict"], "met");
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/targets/{}", target["id"]),
            Some("editor"),
            Some(json!({"version": target["version"], "comparator": ">=", "value": 50000, "unit": "个", "period": "year"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["target"]["verdict"], "not_met");
    assert_eq!(r.json["task"]["flagged"], true);
    let suggestion = app
        .get(&format!("/api/v1/tasks/{}", task["id"]), "reviewer")
        .await;
    assert!(suggestion.json["suggestion"]["share"].as_f64().unwrap() < 1.0);

    // Submitting shows the checklist first.
    let t = app
        .get(&format!("/api/v1/tables/{id}"), "editor")
        .await
        .json["table"]
        .clone();
    let check = app
        .get(&format!("/api/v1/tables/{id}/checklist"), "editor")
        .await;
    assert_eq!(check.json["ready"], true);
    assert_eq!(check.json["needs_confirmation"], true);
    let items = check.json["items"].to_string();
    assert!(
        items.contains("待核实") && items.contains("佐证材料") && items.contains("已完成"),
        "{items}"
    );
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/tables/{id}/submit"),
            Some("editor"),
            Some(json!({"version": t["version"]})),
        )
        .await;
    assert_eq!(r.code(), "checklist");
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/tables/{id}/submit"),
            Some("editor"),
            Some(json!({"version": t["version"], "confirm": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["status"], "submitted");

    // The reviewer scores and returns with a reason (required).
    let task_now = app
        .get(&format!("/api/v1/tasks/{}", task["id"]), "reviewer")
        .await
        .json;
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/tasks/{}/review", task["id"]),
            Some("reviewer"),
            Some(json!({"version": task_now["version"], "score": 3.5, "comment": "基站数与目标不符，请核实"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let v = app
        .get(&format!("/api/v1/tables/{id}"), "reviewer")
        .await
        .json["table"]["version"]
        .clone();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/tables/{id}/return"),
            Some("reviewer"),
            Some(json!({"version": v, "reason": "  "})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/tables/{id}/return"),
            Some("reviewer"),
            Some(json!({"version": v, "reason": "第5项请补充基站清单"})),
        )
        .await;
    assert_eq!(r.json["status"], "returned");

    // The editor sees the reason and the comment, and both scores side by side.
    let view = app
        .get(&format!("/api/v1/tables/{id}"), "editor")
        .await
        .json;
    assert_eq!(view["table"]["return_reason"], "第5项请补充基站清单");
    let t5 = view["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == task["id"])
        .unwrap()
        .clone();
    assert_eq!(t5["review_comment"], "基站数与目标不符，请核实");
    assert_eq!(t5["review_score"], 3.5);
    assert!(t5.get("self_score").is_some());

    // History: who, when, which field, old and new; restore an older text.
    let r = app
        .call(
            Method::PUT,
            &format!("/api/v1/tasks/{}", task["id"]),
            Some("editor"),
            Some(json!({"version": t5["version"], "status": "已完成。本年新建5G基站6万个。"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["flagged"], false, "6万 meets the corrected 5万");
    let history = app
        .get(&format!("/api/v1/tables/{id}/history?limit=100"), "viewer")
        .await
        .json;
    let items = history["items"].as_array().unwrap();
    let status_change = items
        .iter()
        .find(|c| c["field"] == "status" && c["entity"] == "task")
        .unwrap();
    assert_eq!(status_change["username"], "editor");
    assert!(status_change["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(status_change["old_value"], task["status"]);
    let before_edit = items
        .iter()
        .find(|c| c["field"] == "review_comment")
        .unwrap();
    let r = app
        .call(
            Method::POST,
            &format!("/api/v1/tasks/{}/restore", task["id"]),
            Some("editor"),
            Some(json!({"change_id": before_edit["id"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["status"], task["status"]);
    let history2 = app
        .get(&format!("/api/v1/tables/{id}/history?limit=100"), "viewer")
        .await
        .json;
    assert!(
        history2["total"].as_i64() > history["total"].as_i64(),
        "the restore is itself recorded"
    );

    // Evidence: real type checked, sent back as an attachment.
    let r = app
        .upload(
            &format!("/api/v1/tables/{id}/evidence"),
            "editor",
            "基站清单.pdf",
            b"%PDF-1.4\n1 0 obj\n",
            &[("task_id", task["id"].to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["content_type"], "application/pdf");
    let dl = app
        .get(&format!("/api/v1/evidence/{}", r.json["id"]), "reviewer")
        .await;
    let disposition = dl.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("UTF-8''"),
        "{disposition}"
    );
    assert_eq!(dl.bytes, b"%PDF-1.4\n1 0 obj\n");

    // The stored table in the check contract's shape.
    let report = app
        .get(&format!("/api/v1/tables/{id}/report"), "viewer")
        .await
        .json;
    assert_eq!(report["tasks"].as_array().unwrap().len(), 16);
    assert!(report["summary"]["targets"].as_i64().unwrap() >= 17);
}

#[tokio::test]
async fn health_and_metrics() {
    let app = app().await;
    let h = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(h.json["status"], "ok");
    app.get("/api/v1/tables", "viewer").await;
    let m = app.call(Method::GET, "/metrics", Some("admin"), None).await;
    let text = String::from_utf8(m.bytes).unwrap();
    assert!(
        text.contains(
            "kaohe_http_requests_total{method=\"GET\",route=\"/api/v1/tables\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("kaohe_http_request_duration_seconds_bucket"));
}

#[tokio::test]
async fn lists_are_paged() {
    // Regression: numbers in the query string were refused.
    let app = app().await;
    app.store
        .create_table(
            NewTable {
                organization_id: app.edu_id,
                cycle_id: app.cycle_id,
                content: kaohe_store::derive::content_from_text("e.txt", "UTF-8", EDU),
            },
            None,
        )
        .await
        .unwrap();
    let page = app.get("/api/v1/tables?limit=1&offset=1", "viewer").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.json);
    assert_eq!(
        (page.json["total"].as_i64(), page.json["limit"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(page.json["items"].as_array().unwrap().len(), 1);
    let mine = app.get("/api/v1/tables?status=draft", "editor").await;
    assert_eq!(
        mine.json["total"], 1,
        "an editor sees its own organization's tables"
    );
    let bad = app.get("/api/v1/tables?status=finished", "viewer").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let history = app
        .get(
            &format!("/api/v1/tables/{}/history?limit=2", app.table.id),
            "viewer",
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.json);
}

#[tokio::test]
async fn word_and_excel_in_and_out() {
    let app = app().await;
    // Export the stored table as Word and Excel; read the Word file back in
    // as another agency's table.
    let t = app.table.id;
    let word = app
        .get(
            &format!("/api/v1/tables/{t}/export?format=docx&verification=1"),
            "viewer",
        )
        .await;
    assert_eq!(word.status, StatusCode::OK);
    assert!(word.bytes.starts_with(b"PK"));
    let disposition = word.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".docx"),
        "{disposition}"
    );
    let excel = app
        .get(&format!("/api/v1/tables/{t}/export?format=xlsx"), "viewer")
        .await;
    assert!(excel.bytes.starts_with(b"PK"));
    let md = app
        .get(&format!("/api/v1/tables/{t}/export?format=md"), "viewer")
        .await;
    assert!(String::from_utf8_lossy(&md.bytes).contains("| 考评维度 |"));
    let bad = app
        .get(&format!("/api/v1/tables/{t}/export?format=exe"), "viewer")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let hidden = app
        .get(
            &format!("/api/v1/tables/{t}/export?format=docx"),
            "other_editor",
        )
        .await;
    assert_eq!(hidden.status, StatusCode::FORBIDDEN);

    let r = app
        .upload(
            &format!("/api/v1/import?cycle_id={}", app.cycle_id),
            "other_editor",
            "自查表.docx",
            &word.bytes,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["table"]["source_encoding"], "DOCX");
    assert_eq!(r.json["table"]["counts"]["tasks"], 16);
    let original = app.store.get_table(t).await.unwrap();
    assert_eq!(r.json["table"]["counts"]["met"], original.counts.met);
    // A spreadsheet previews the same.
    let r = app
        .upload(
            "/api/v1/import?preview=true",
            "other_editor",
            "自查表.xlsx",
            &excel.bytes,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["report"]["tasks"].as_array().unwrap().len(), 16);
    // A zip that is neither is refused in words.
    let r = app
        .upload(
            "/api/v1/import?preview=true",
            "other_editor",
            "x.zip",
            b"PK\x03\x04not really",
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
}

/// Documents of every family through the API as an agency sends them: a
/// progress table pasted as text, a 绩效自评表 in Word, a report as a web
/// page; each stored with its family and rows, and the page shows them. A
/// news article is refused in words.
#[tokio::test]
async fn importing_a_document_of_every_family() {
    let app = app().await;
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../kaohe-cli/tests/families");
    let read = |name: &str| std::fs::read(corpus.join(name)).unwrap();
    let cases: [(&str, &str, &str, usize); 3] = [
        (
            "docs/jiangxi_shangli_livelihood_2022_jan_nov.txt",
            "progress",
            "进展情况表",
            12,
        ),
        (
            "docs/anhui_taihu_rural_roads_2021_lo.docx",
            "performance",
            "绩效自评表",
            8,
        ),
        (
            "docs/guangdong_nanhai_ten_projects_2023.html",
            "report",
            "文字报告",
            9,
        ),
    ];
    // The agency has one table in the cycle: the first document makes it,
    // the next ones come in as its new versions.
    let mut id: Option<i64> = None;
    for (name, family, chinese, rows) in cases {
        let file = name.rsplit('/').next().unwrap();
        let path = match id {
            None => format!("/api/v1/import?cycle_id={}", app.cycle_id),
            Some(id) => {
                let version = app.store.get_table(id).await.unwrap().version;
                format!("/api/v1/tables/{id}/import?version={version}")
            }
        };
        let r = app
            .upload(&path, "other_editor", file, &read(name), &[])
            .await;
        assert!(r.status.is_success(), "{name}: {} {}", r.status, r.json);
        let table = r.json["table"]["id"].as_i64().or(id).unwrap();
        id = Some(table);
        let t = app
            .get(&format!("/api/v1/tables/{table}"), "other_editor")
            .await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.json);
        assert_eq!(t.json["family"], family, "{name}: {}", t.json);
        let indicators = t.json["indicators"].as_array().expect("indicators");
        assert!(
            indicators.len() >= rows,
            "{name}: {} rows",
            indicators.len()
        );
        assert!(
            indicators
                .iter()
                .all(|i| i["verdict"].is_string() && i["reason"].is_string()),
            "{name}"
        );
        let page = app.get(&format!("/tables/{table}"), "other_editor").await;
        let html = String::from_utf8_lossy(&page.bytes);
        assert!(html.contains(chinese), "{name}: the page names its family");
    }
    // The progress table, pasted as the text of the request, reads the same.
    let pasted =
        String::from_utf8(read("docs/jiangxi_shangli_livelihood_2022_jan_nov.txt")).unwrap();
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import?preview=true",
            "other_editor",
            "text/plain",
            pasted.into_bytes(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["report"]["family"], "progress", "{}", r.json);
    assert_eq!(r.json["report"]["period"], "1-11月", "{}", r.json);
    let lights: Vec<&str> = r.json["report"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["light"].as_str())
        .collect();
    assert!(
        lights.contains(&"red") && lights.contains(&"green"),
        "{lights:?}"
    );
    // A news article is none of the families.
    let r = app
        .upload(
            "/api/v1/import?preview=true",
            "other_editor",
            "news.txt",
            &read("refuse/news_tea_culture_festival_2023.txt"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("绩效自评表"),
        "{}",
        r.json
    );
}
