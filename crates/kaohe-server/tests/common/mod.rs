//! A test server: the router over a fresh SQLite file, called without a
//! socket, with one user per role and tokens for each.

#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use kaohe_server::Config;
use kaohe_store::derive::content_from_text;
use kaohe_store::{auth, NewTable, NewUser, Role, Store, TableRecord};
use serde_json::Value;
use tower::ServiceExt;

pub const SEED: &str = include_str!("../../../../examples/beijing-2022.txt");
pub const EDU: &str = include_str!("../../../../tests/corpus/02_xishan_edu_2022.txt");
pub const PASSWORD: &str = "correct-horse-9";

pub struct TestApp {
    /// The SQLite file's folder, removed with the app.
    pub dir: tempfile::TempDir,
    pub router: Router,
    pub store: Arc<dyn Store>,
    /// Bearer tokens by user name.
    pub tokens: Vec<(&'static str, String)>,
    /// The seed table of `comms`.
    pub table: TableRecord,
    pub cycle_id: i64,
    pub comms_id: i64,
    pub edu_id: i64,
}

/// A response: status, parsed JSON (or the text as a string), headers.
pub struct Reply {
    pub status: StatusCode,
    pub json: Value,
    pub headers: axum::http::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
}

fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}_{nanos}", std::process::id())
}

/// The users: (name, role, organization key).
pub const USERS: &[(&str, Role, &str)] = &[
    ("admin", Role::Admin, "office"),
    ("editor", Role::Editor, "comms"),
    ("other_editor", Role::Editor, "edu"),
    ("reviewer", Role::Reviewer, "office"),
    ("outside_reviewer", Role::Reviewer, "office"),
    ("viewer", Role::Viewer, ""),
];

pub async fn app() -> TestApp {
    app_with(Config::default()).await
}

pub async fn app_with(config: Config) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaohe.db");
    let store = kaohe_store::open(path.to_str().unwrap()).await.unwrap();
    let office = store
        .create_organization("考核办", "office", None)
        .await
        .unwrap();
    let comms = store
        .create_organization("北京市通信管理局", "agency", None)
        .await
        .unwrap();
    let edu = store
        .create_organization("西山区教育局", "agency", None)
        .await
        .unwrap();
    // One hash for everyone: argon2 is slow by design.
    let hash = auth::hash_password(PASSWORD);
    let mut tokens = Vec::new();
    let mut reviewer_id = 0;
    for (name, role, org) in USERS {
        let organization_id = match *org {
            "office" => Some(office.id),
            "comms" => Some(comms.id),
            "edu" => Some(edu.id),
            _ => None,
        };
        let user = store
            .create_user(
                NewUser {
                    username: name.to_string(),
                    display_name: name.to_string(),
                    password_hash: hash.clone(),
                    role: *role,
                    organization_id,
                },
                None,
            )
            .await
            .unwrap();
        if *name == "reviewer" {
            reviewer_id = user.id;
        }
        let secret = auth::new_token();
        store
            .create_api_token(user.id, "test", &auth::token_hash(&secret))
            .await
            .unwrap();
        tokens.push((*name, secret));
    }
    let cycle = store
        .create_cycle("2022年度日常履职考核", 2022, Some("2023-01-15"), None)
        .await
        .unwrap();
    store
        .set_cycle_reviewers(cycle.id, &[reviewer_id], None)
        .await
        .unwrap();
    let table = store
        .create_table(
            NewTable {
                organization_id: comms.id,
                cycle_id: cycle.id,
                content: content_from_text("beijing-2022.txt", "UTF-8", SEED),
            },
            None,
        )
        .await
        .unwrap();
    let state = kaohe_server::state(store.clone(), config);
    TestApp {
        dir,
        router: kaohe_server::app(state),
        store,
        tokens,
        table,
        cycle_id: cycle.id,
        comms_id: comms.id,
        edu_id: edu.id,
    }
}

impl TestApp {
    pub fn token(&self, user: &str) -> &str {
        &self.tokens.iter().find(|(n, _)| *n == user).unwrap().1
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        let json = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Reply {
            status,
            json,
            headers,
            bytes,
        }
    }

    /// A JSON request as `user` (bearer token), or anonymous with `None`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        user: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(u) = user {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.token(u)));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string()))
                .unwrap(),
            None => req.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    pub async fn get(&self, path: &str, user: &str) -> Reply {
        self.call(Method::GET, path, Some(user), None).await
    }

    /// A raw body with a content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        user: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.token(user)),
            )
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// A multipart upload of one file plus text fields.
    pub async fn upload(
        &self,
        path: &str,
        user: &str,
        filename: &str,
        data: &[u8],
        fields: &[(&str, String)],
    ) -> Reply {
        let boundary = "kaohe-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.raw(
            Method::POST,
            path,
            user,
            &format!("multipart/form-data; boundary={boundary}"),
            body,
        )
        .await
    }
}

/// A hand-made report of another family (`performance`, `progress`,
/// `report`) from `tests/families`, until the family readers make them.
pub fn family_report(name: &str) -> kaohe_core::check::Report {
    let path = format!(
        "{}/../../tests/families/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

impl TestApp {
    /// Stores a table of another family for a new agency in the test
    /// cycle; its id.
    pub async fn family_table(&self, name: &str, agency: &str) -> i64 {
        let org = self
            .store
            .create_organization(agency, "agency", None)
            .await
            .unwrap();
        let report = family_report(name);
        self.store
            .create_table(
                NewTable {
                    organization_id: org.id,
                    cycle_id: self.cycle_id,
                    content: kaohe_store::derive::content_from_report(
                        &kaohe_core::table::Table::default(),
                        &[],
                        &report,
                        &format!("{name}.docx"),
                        "DOCX",
                        "…",
                    ),
                },
                None,
            )
            .await
            .unwrap()
            .id
    }
}
