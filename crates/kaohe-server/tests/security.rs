//! Hostile users through the router: concurrent guessing, who may make the
//! server read a file, tokens after a password change, weak passwords, the
//! security headers, compression and `/metrics`.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use serde_json::json;
use tower::ServiceExt;

fn login_request(user: &str, password: &str, from: Option<SocketAddr>) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"username": user, "password": password}).to_string(),
        ))
        .unwrap();
    if let Some(addr) = from {
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    req
}

/// Sends `requests` all at once; the statuses, in order.
async fn at_once(app: &TestApp, requests: Vec<Request<Body>>) -> Vec<StatusCode> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|req| {
            let router = app.router.clone();
            tokio::spawn(async move { router.oneshot(req).await.unwrap().status() })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// 60 simultaneous guesses for one account from one address, the right
/// password among them: at most `login_max_failures` passwords are checked
/// (an answer other than 429 means a check ran), the rest wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_guesses_are_counted_before_checking() {
    let app = app().await;
    let from: SocketAddr = "10.9.8.7:50000".parse().unwrap();
    let requests = (0..60)
        .map(|i| {
            let password = if i == 30 { PASSWORD } else { "wrong-guess-1" };
            login_request("admin", password, Some(from))
        })
        .collect();
    let statuses = at_once(&app, requests).await;
    let checked = statuses
        .iter()
        .filter(|s| **s != StatusCode::TOO_MANY_REQUESTS)
        .count();
    let limit = kaohe_server::Config::default().login_max_failures as usize;
    assert!(
        (1..=limit).contains(&checked),
        "{checked} checks: {statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        60 - checked
    );
}

/// Many made-up names from one address: the address's own throttle stops
/// them long before 250 argon2 checks, each of them refused in the same
/// words as a wrong password of a real account.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_address_guessing_many_names_backs_off() {
    let app = app().await;
    let from: SocketAddr = "10.1.1.1:40000".parse().unwrap();
    let requests = (0..120)
        .map(|i| login_request(&format!("nobody{i}"), "wrong-guess-1", Some(from)))
        .collect();
    let statuses = at_once(&app, requests).await;
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let per_address = 6 * kaohe_server::Config::default().login_max_failures as usize;
    assert!(checked <= per_address, "{checked} checks");
    assert!(statuses
        .iter()
        .all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS)));
    // Someone else, elsewhere, logs in as usual.
    let elsewhere: SocketAddr = "10.2.2.2:40000".parse().unwrap();
    let ok = app
        .send(login_request("viewer", PASSWORD, Some(elsewhere)))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    // The administrator sees the failures.
    let failures = app.get("/api/v1/login-failures", "admin").await;
    assert_eq!(failures.status, StatusCode::OK);
    let items = failures.json["items"].as_array().unwrap();
    assert_eq!(items.len(), checked);
    assert_eq!(items[0]["address"], "10.1.1.1");
    assert_eq!(
        app.get("/api/v1/login-failures", "viewer").await.status,
        StatusCode::FORBIDDEN
    );
}

/// Back-off, not lock-out: a wrong password five times from one place
/// makes the owner wait seconds, not fifteen minutes, and the owner at
/// another address is not held up by it.
#[tokio::test]
async fn wrong_passwords_delay_rather_than_lock() {
    let app = app().await;
    let attacker: SocketAddr = "10.3.3.3:1".parse().unwrap();
    for _ in 0..5 {
        app.send(login_request("editor", "wrong-guess-1", Some(attacker)))
            .await;
    }
    let held = app
        .send(login_request("editor", PASSWORD, Some(attacker)))
        .await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = held.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    let owner: SocketAddr = "10.4.4.4:1".parse().unwrap();
    let ok = app
        .send(login_request("editor", PASSWORD, Some(owner)))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

/// Reading a file costs the server work, so only those who may import
/// make it read one: a viewer or reviewer is refused before the body is
/// read.
#[tokio::test]
async fn only_importers_make_the_server_read_a_file() {
    let app = app().await;
    for user in ["viewer", "reviewer"] {
        let r = app
            .raw(
                Method::POST,
                "/api/v1/import?preview=true",
                user,
                "application/octet-stream",
                b"%PDF-1.4\n1 0 obj [[[[[[[[[[".to_vec(),
            )
            .await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{user}"
        );
    }
    let r = app
        .raw(
            Method::POST,
            "/api/v1/import?preview=true",
            "editor",
            "text/plain",
            SEED.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

/// A new password or a disabled account ends the tokens the old state
/// handed out; enabling the account again does not revive them.
#[tokio::test]
async fn tokens_end_with_a_password_change_or_disabling() {
    let app = app().await;
    assert_eq!(app.get("/api/v1/me", "editor").await.status, StatusCode::OK);
    let changed = app
        .call(
            Method::PUT,
            "/api/v1/me/password",
            Some("editor"),
            Some(json!({"old_password": PASSWORD, "new_password": "一段很长的新密码"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.json);
    assert_eq!(
        app.get("/api/v1/me", "editor").await.status,
        StatusCode::UNAUTHORIZED
    );

    let viewer = app.get("/api/v1/me", "viewer").await.json["user"].clone();
    let id = viewer["id"].as_i64().unwrap();
    let mut version = viewer["version"].as_i64().unwrap();
    for active in [false, true] {
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/users/{id}"),
                Some("admin"),
                Some(json!({"active": active, "version": version})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        version = r.json["version"].as_i64().unwrap();
    }
    assert_eq!(
        app.get("/api/v1/me", "viewer").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// Passwords on the common lists, simple patterns and the user's own name
/// are refused wherever a password is set.
#[tokio::test]
async fn weak_passwords_are_refused() {
    let app = app().await;
    for password in [
        "12345678",
        "password",
        "qwertyuiop",
        "newclerk2024",
        "aaaaaaaaaa",
    ] {
        let r = app
            .call(
                Method::POST,
                "/api/v1/users",
                Some("admin"),
                Some(json!({"username": "newclerk", "display_name": "新人", "password": password, "role": "viewer"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
    }
    let r = app
        .call(
            Method::PUT,
            "/api/v1/me/password",
            Some("editor"),
            Some(json!({"old_password": PASSWORD, "new_password": "password1"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Every response carries the security headers; HSTS only over HTTPS.
#[tokio::test]
async fn every_response_has_the_security_headers() {
    let app = app().await;
    let plain = |path: &str| Request::builder().uri(path).body(Body::empty()).unwrap();
    let viewer_token = app.token("viewer").to_string();
    let api = Request::builder()
        .uri("/api/v1/tables")
        .header(header::AUTHORIZATION, format!("Bearer {viewer_token}"))
        .body(Body::empty())
        .unwrap();
    for req in [
        plain("/login"),
        plain("/no-such-page"),
        plain("/healthz"),
        api,
    ] {
        let path = req.uri().to_string();
        let r = app.send(req).await;
        let h = |name: header::HeaderName| {
            r.headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let csp = h(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(h(header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(h(header::REFERRER_POLICY), "same-origin", "{path}");
        assert_eq!(h(header::STRICT_TRANSPORT_SECURITY), "", "{path}");
    }
    let https = app
        .send(
            Request::builder()
                .uri("/login")
                .header("x-forwarded-proto", "https")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(https.headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

/// Large answers go out compressed when the client accepts gzip.
#[tokio::test]
async fn responses_are_compressed() {
    let app = app().await;
    let path = format!("/api/v1/tables/{}", app.table.id);
    let get = |gzip: bool| {
        let mut req = Request::builder().uri(&path).header(
            header::AUTHORIZATION,
            format!("Bearer {}", app.token("viewer")),
        );
        if gzip {
            req = req.header(header::ACCEPT_ENCODING, "gzip");
        }
        req.body(Body::empty()).unwrap()
    };
    let plain = app.send(get(false)).await;
    let zipped = app.send(get(true)).await;
    assert_eq!(zipped.status, StatusCode::OK);
    assert_eq!(zipped.headers[header::CONTENT_ENCODING], "gzip");
    assert!(
        zipped.bytes.len() * 4 < plain.bytes.len(),
        "{} of {}",
        zipped.bytes.len(),
        plain.bytes.len()
    );
}

/// `/metrics` is for administrators, or for a scraper with the configured
/// token.
#[tokio::test]
async fn metrics_need_an_administrator_or_the_token() {
    let app = app_with(kaohe_server::Config {
        metrics_token: "scrape-secret-42".into(),
        ..kaohe_server::Config::default()
    })
    .await;
    let bearer = |token: &str| {
        Request::builder()
            .uri("/metrics")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let anonymous = app
        .send(
            Request::builder()
                .uri("/metrics")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/metrics", "viewer").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.get("/metrics", "admin").await.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer("scrape-secret-42")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.send(bearer("scrape-secret-43")).await.status,
        StatusCode::UNAUTHORIZED
    );
}
