//! The pages through the router, without a browser: every page for every
//! role, the forms' round trips (edit, conflict, correction, submit, review,
//! return, restore), escaping, and errors in Chinese.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::*;
use kaohe_store::TaskPatch;

fn page_req(path: &str, user: Option<&str>, app: &TestApp) -> Request<Body> {
    let mut req = Request::builder().uri(path);
    if let Some(u) = user {
        req = req.header(header::AUTHORIZATION, format!("Bearer {}", app.token(u)));
    }
    req.body(Body::empty()).unwrap()
}

async fn page(app: &TestApp, path: &str, user: &str) -> Reply {
    app.send(page_req(path, Some(user), app)).await
}

fn text(r: &Reply) -> String {
    String::from_utf8_lossy(&r.bytes).into_owned()
}

/// A browser session: cookie and CSRF token.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: String,
    csrf: String,
}

impl<'a> Browser<'a> {
    async fn login(app: &'a TestApp, user: &str) -> Browser<'a> {
        let r = post_login(app, user, PASSWORD, "%2F").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r));
        let cookie = r.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut b = Browser {
            app,
            cookie,
            csrf: String::new(),
        };
        let home = b.get("/").await;
        let html = text(&home);
        let at = html.find("name=\"csrf_token\" value=\"").unwrap() + 25;
        b.csrf = html[at..at + 64].to_string();
        b
    }

    async fn get(&self, path: &str) -> Reply {
        self.app
            .send(
                Request::builder()
                    .uri(path)
                    .header(header::COOKIE, &self.cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
    }

    /// Posts a form; `fields` are already percent-encoded where needed.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut body = format!("csrf_token={}", self.csrf);
        for (k, v) in fields {
            body.push_str(&format!("&{k}={}", enc(v)));
        }
        self.app
            .send(
                Request::builder()
                    .method(Method::POST)
                    .uri(path)
                    .header(header::COOKIE, &self.cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
    }
}

/// The login form as a browser fills it: the page first (its login token and
/// cookie), then the post.
async fn post_login(app: &TestApp, user: &str, password: &str, next: &str) -> Reply {
    let form = app.send(page_req("/login", None, app)).await;
    let html = text(&form);
    let at = html.find("name=\"login_token\" value=\"").unwrap() + 26;
    let token = html[at..at + 64].to_string();
    let cookie = form.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("kaohe_login="), "{cookie}");
    app.send(
        Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "username={user}&password={}&next={next}&login_token={token}",
                enc(password)
            )))
            .unwrap(),
    )
    .await
}

fn enc(s: &str) -> String {
    kaohe_server::pages::urlencode(s)
}

fn location(r: &Reply) -> String {
    r.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_page_for_every_role() {
    let app = app().await;
    let t = app.table.id;
    let task = app.store.list_tasks(t).await.unwrap()[0].id;
    let cycle = app.cycle_id;
    // (path, roles that may see it)
    let pages: Vec<(String, &[&str])> = vec![
        (
            "/".into(),
            &[
                "admin",
                "editor",
                "other_editor",
                "reviewer",
                "outside_reviewer",
                "viewer",
            ],
        ),
        (
            format!("/tables/{t}"),
            &["admin", "editor", "reviewer", "viewer"],
        ),
        (
            format!("/tables/{t}/history"),
            &["admin", "editor", "reviewer", "viewer"],
        ),
        (format!("/tables/{t}/submit"), &["editor"]),
        (format!("/tasks/{task}/edit"), &["editor"]),
        ("/import".into(), &["admin", "editor", "other_editor"]),
        (format!("/import?table_id={t}"), &["editor"]),
        (format!("/cycles/{cycle}"), &["admin", "reviewer", "viewer"]),
        (
            "/search?q=5G".into(),
            &[
                "admin",
                "editor",
                "other_editor",
                "reviewer",
                "outside_reviewer",
                "viewer",
            ],
        ),
        ("/admin".into(), &["admin"]),
    ];
    for (path, allowed) in &pages {
        for (user, _, _) in USERS {
            let r = page(&app, path, user).await;
            let body = text(&r);
            if allowed.contains(user) {
                assert_eq!(
                    r.status,
                    StatusCode::OK,
                    "{path} as {user}: {}",
                    &body[..body.len().min(400)]
                );
                assert!(body.contains("<html lang=\"zh-CN\">"));
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{path} as {user}");
                assert!(
                    body.contains("无权"),
                    "{path} as {user}: a Chinese error page"
                );
            }
        }
        // Anonymous visitors are sent to the login page, and back after.
        let r = app.send(page_req(path, None, &app)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&r).starts_with("/login?next="), "{path}");
    }
    let login = app.send(page_req("/login", None, &app)).await;
    assert_eq!(login.status, StatusCode::OK);
    let missing = page(&app, "/tables/99999", "admin").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(text(&missing).contains("找不到"));
    let nowhere = page(&app, "/no/such/page", "admin").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert!(text(&nowhere).contains("没有这个页面"));
    let css = app.send(page_req("/assets/app.css", None, &app)).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(text(&css).contains("@media print"));
}

#[tokio::test]
async fn the_table_page_reads_like_the_official_table() {
    let app = app().await;
    let r = page(&app, &format!("/tables/{}", app.table.id), "viewer").await;
    let html = text(&r);
    for col in [
        "考评维度",
        "自查内容（年度任务）",
        "落实情况",
        "存在问题及原因",
    ] {
        assert!(html.contains(&format!("<th>{col}</th>")), "{col}");
    }
    assert_eq!(
        html.matches("rowspan=\"16\"").count(),
        1,
        "one dimension spans its 16 tasks"
    );
    assert!(
        html.contains("class=\"badge met\">达标</span>新增5G基站6000个"),
        "a badge on the target"
    );
    assert!(
        html.contains("<mark class=\"actual met\""),
        "the actual is highlighted"
    );
    assert!(html.contains("原文第"), "the source line is given");
    assert!(html.contains("class=\"badge unverified\">待核实"));
    assert!(html.contains("class=\"badge qualitative\">定性"));
}

#[tokio::test]
async fn scripts_and_quotes_show_as_text_everywhere() {
    let app = app().await;
    let task = app.store.list_tasks(app.table.id).await.unwrap()[3].clone();
    let evil = "<script>alert(\"x\")</script>新增'基站'6000个";
    app.store
        .update_task(
            task.id,
            task.version,
            TaskPatch {
                content: Some(evil.into()),
                status: Some("已完成。\"><img src=x onerror=alert(1)>新增基站7000个。".into()),
                problems: Some("<b>无</b>".into()),
                dimension: Some("维度<i>".into()),
                ..TaskPatch::default()
            },
            None,
        )
        .await
        .unwrap();
    let t = app.table.id;
    for (path, user) in [
        (format!("/tables/{t}"), "editor"),
        (format!("/tasks/{}/edit", task.id), "editor"),
        (format!("/tables/{t}/history"), "editor"),
        (format!("/tables/{t}/submit"), "editor"),
        ("/search?q=script".to_string(), "viewer"),
        (format!("/cycles/{}", app.cycle_id), "viewer"),
    ] {
        let html = text(&page(&app, &path, user).await);
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(
            !html.contains("<b>无</b>") && !html.contains("维度<i>"),
            "{path}"
        );
        if path.contains("edit")
            || path.ends_with(&format!("/tables/{t}"))
            || path.contains("history")
        {
            assert!(
                html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"),
                "{path} shows the text"
            );
        }
    }
}

#[tokio::test]
async fn edit_conflict_correct_submit_review_return_restore() {
    let app = app().await;
    let t = app.table.id;
    let tasks = app.store.list_tasks(t).await.unwrap();
    let task = tasks
        .iter()
        .find(|k| k.content.contains("5G基站"))
        .unwrap()
        .clone();
    let editor = Browser::login(&app, "editor").await;

    // A form without its token is refused, in Chinese.
    let mut forged = Browser::login(&app, "editor").await;
    forged.csrf = "0".repeat(64);
    let r = forged
        .post(
            &format!("/tasks/{}/edit", task.id),
            &[("version", &task.version.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(text(&r).contains("安全令牌"));

    // Save: recomputed, back to the table with a message.
    let v = task.version.to_string();
    let new_status = "已完成。本年新建5G基站2.3万个，新增千兆用户12万户。";
    let fields = [
        ("version", v.as_str()),
        ("dimension", task.dimension.as_str()),
        ("content", task.content.as_str()),
        ("status", new_status),
        ("problems", "部分站址协调难"),
        ("self_score", "9"),
    ];
    let r = editor
        .post(&format!("/tasks/{}/edit", task.id), &fields)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r));
    assert!(location(&r).contains("ok="));
    // A second save from the same stale page: the typed text is kept and the
    // other person's change is shown.
    let mine = [
        ("version", v.as_str()),
        ("dimension", task.dimension.as_str()),
        ("content", task.content.as_str()),
        ("status", "我的另一版落实情况"),
        ("problems", "我写的问题"),
        ("self_score", ""),
    ];
    let r = editor
        .post(&format!("/tasks/{}/edit", task.id), &mine)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let html = text(&r);
    assert!(
        html.contains("我的另一版落实情况") && html.contains("我写的问题"),
        "nothing typed is lost"
    );
    assert!(
        html.contains("部分站址协调难"),
        "what the other person changed is shown"
    );

    // Correct a target so it is missed: the verdict and the flag change.
    let target = app
        .store
        .list_targets(t)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.task_id == task.id && g.text.contains("5G基站"))
        .unwrap();
    let tv = target.version.to_string();
    let r = editor
        .post(
            &format!("/targets/{}/edit", target.id),
            &[
                ("version", tv.as_str()),
                ("comparator", ">="),
                ("value", "50000"),
                ("unit", "个"),
                ("period", "year"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r));
    let table = text(&editor.get(&format!("/tables/{t}")).await);
    assert!(
        table.contains("class=\"flagged\""),
        "the task that claims completion stands out"
    );
    assert!(table.contains("badge not_met corrected"));

    // Submit goes through the checklist.
    let r = editor.get(&format!("/tables/{t}/submit")).await;
    let html = text(&r);
    assert!(html.contains("请确认") && html.contains("id=\"confirm-submit\""));
    let version = app.store.get_table(t).await.unwrap().version.to_string();
    let r = editor
        .post(&format!("/tables/{t}/submit"), &[("version", &version)])
        .await;
    assert!(
        location(&r).ends_with("/submit"),
        "without confirming, back to the checklist"
    );
    let r = editor
        .post(
            &format!("/tables/{t}/submit"),
            &[("version", &version), ("confirm", "1")],
        )
        .await;
    assert!(location(&r).contains("ok="), "{}", location(&r));
    assert_eq!(
        app.store.get_table(t).await.unwrap().status,
        kaohe_store::TableStatus::Submitted
    );

    // The reviewer scores and returns; a reason is required.
    let reviewer = Browser::login(&app, "reviewer").await;
    let html = text(&reviewer.get(&format!("/tables/{t}")).await);
    assert!(
        html.contains("评分建议"),
        "the scoring rule's suggestion is beside the score"
    );
    let kv = app
        .store
        .get_task(task.id)
        .await
        .unwrap()
        .version
        .to_string();
    let r = reviewer
        .post(
            &format!("/tasks/{}/review", task.id),
            &[
                ("version", &kv),
                ("score", "6.5"),
                ("comment", "基站数与目标不符，请说明"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r));
    let version = app.store.get_table(t).await.unwrap().version.to_string();
    let r = reviewer
        .post(
            &format!("/tables/{t}/return"),
            &[("version", &version), ("reason", " ")],
        )
        .await;
    assert!(location(&r).contains("err="), "a reason is required");
    let r = reviewer
        .post(
            &format!("/tables/{t}/return"),
            &[("version", &version), ("reason", "第5项请补充基站清单")],
        )
        .await;
    assert!(location(&r).contains("ok="));

    // The editor sees the reason and the comment, and can edit again.
    let html = text(&editor.get(&format!("/tables/{t}")).await);
    assert!(html.contains("第5项请补充基站清单") && html.contains("基站数与目标不符，请说明"));
    assert!(html.contains("修改本项"));

    // History, and restoring an older text.
    let html = text(&editor.get(&format!("/tables/{t}/history")).await);
    assert!(html.contains("落实情况") && html.contains("恢复到此版本"));
    let change = app
        .store
        .history(t, 0, 200)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|c| c.field == "problems" && c.entity_id == task.id)
        .unwrap();
    let cid = change.id.to_string();
    let r = editor
        .post(
            &format!("/tasks/{}/restore", task.id),
            &[("change_id", &cid)],
        )
        .await;
    assert!(location(&r).contains("ok="), "{}", text(&r));
    assert_eq!(
        app.store.get_task(task.id).await.unwrap().status,
        new_status
    );
}

#[tokio::test]
async fn import_previews_then_saves_and_keeps_bad_pastes() {
    let app = app().await;
    let other = Browser::login(&app, "other_editor").await;
    let boundary = "XyZ";
    let multipart = |text: &str, csrf: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"cycle_id\"\r\n\r\n{}\r\n--{boundary}--\r\n",
            app.cycle_id
        )
    };
    let send = |body: String| {
        Request::builder()
            .method(Method::POST)
            .uri("/import")
            .header(header::COOKIE, &other.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap()
    };
    // Prose: refused, and the pasted text comes back in the form.
    let r = app
        .send(send(multipart("这只是一句话，没有表格。", &other.csrf)))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(&r);
    assert!(html.contains("不像一张自查表") && html.contains("这只是一句话，没有表格。"));
    // A real table: a preview, nothing saved yet.
    let r = app.send(send(multipart(EDU, &other.csrf))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", text(&r));
    let html = text(&r);
    assert!(
        html.contains("导入预览") && html.contains("尚未保存") && html.contains("badge not_met")
    );
    let before = app
        .store
        .list_tables(&Default::default())
        .await
        .unwrap()
        .total;
    assert_eq!(before, 1);
    let cycle = app.cycle_id.to_string();
    // Regression: the page ignored an editor naming another organization;
    // the import service refuses it, as the API does.
    let elsewhere = app.comms_id.to_string();
    let r = other
        .post(
            "/import/save",
            &[
                ("file_hex", &kaohe_store::backup::to_hex(EDU.as_bytes())),
                ("source_name", "西山.txt"),
                ("cycle_id", &cycle),
                ("organization_id", &elsewhere),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", text(&r));
    assert!(text(&r).contains("只能为本单位导入"));
    let r = other
        .post(
            "/import/save",
            &[
                ("file_hex", &kaohe_store::backup::to_hex(EDU.as_bytes())),
                ("source_name", "西山.txt"),
                ("cycle_id", &cycle),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", text(&r));
    assert!(location(&r).starts_with("/tables/"));
    let saved = app
        .store
        .list_tables(&kaohe_store::TableFilter {
            organization_id: Some(app.edu_id),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(saved.total, 1);
    assert_eq!(
        app.store.table_source(saved.items[0].id).await.unwrap(),
        EDU
    );
}

#[tokio::test]
async fn the_cycle_overview_ranks_and_draws() {
    let app = app().await;
    let html = text(&page(&app, &format!("/cycles/{}", app.cycle_id), "viewer").await);
    assert!(html.contains("<svg") && html.contains("各考评维度达标率"));
    assert!(html.contains("北京市通信管理局") && html.contains("达标率"));
}

#[tokio::test]
async fn admins_manage_organizations_users_and_cycles() {
    let app = app().await;
    let admin = Browser::login(&app, "admin").await;
    let r = admin
        .post(
            "/admin/organizations",
            &[("name", "东城区卫健委"), ("kind", "agency")],
        )
        .await;
    assert!(location(&r).contains("ok="));
    let orgs = app.store.list_organizations().await.unwrap();
    let org = orgs
        .iter()
        .find(|o| o.name == "东城区卫健委")
        .unwrap()
        .id
        .to_string();
    let r = admin
        .post(
            "/admin/users",
            &[
                ("username", "wsw"),
                ("password", "long-pass-1"),
                ("role", "editor"),
                ("organization_id", &org),
            ],
        )
        .await;
    assert!(location(&r).contains("ok="), "{}", location(&r));
    let r = admin
        .post(
            "/admin/users",
            &[("username", "x"), ("password", "short"), ("role", "editor")],
        )
        .await;
    assert!(location(&r).contains("err="), "short passwords are refused");
    let r = admin
        .post(
            "/admin/cycles",
            &[("name", "2023年度日常履职考核"), ("year", "2023")],
        )
        .await;
    assert!(location(&r).contains("ok="));
    let html = text(&admin.get("/admin").await);
    assert!(
        html.contains("东城区卫健委")
            && html.contains("wsw")
            && html.contains("2023年度日常履职考核")
    );
}

/// Login CSRF: a login posted without the token of a login page this
/// browser loaded is refused, so another site cannot log a visitor into an
/// account of its choosing.
#[tokio::test]
async fn login_needs_the_login_pages_token() {
    let app = app().await;
    let forged = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri("/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "username=editor&password={PASSWORD}&next=%2F&login_token=abc"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(text(&forged).contains("登录页面已过期"));
    assert!(forged
        .headers
        .get(header::SET_COOKIE)
        .is_some_and(|c| !c.to_str().unwrap().starts_with("kaohe_session")));
    let ok = post_login(&app, "editor", PASSWORD, "%2F").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}

/// After logging in, only a path on this site: anything a browser could
/// read as another origin goes home.
#[tokio::test]
async fn login_redirects_only_to_this_site() {
    let app = app().await;
    // (next as sent in the form, where the browser is sent)
    let cases = [
        ("%2Ftables%2F1", "/tables/1"),
        ("%2Fsearch%3Fq%3D5G", "/search?q=5G"),
        ("%2F%09%2Fevil.example", "/"),
        ("%2F%0A%2Fevil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("%2F+%2Fevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
        ("javascript%3Aalert(1)", "/"),
        ("", "/"),
    ];
    for (next, want) in cases {
        let r = post_login(&app, "viewer", PASSWORD, next).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location(&r), want, "{next}");
    }
}

/// A form that lost its fields (the CSRF token, say) gets the Chinese error
/// page, not axum's English plain text.
#[tokio::test]
async fn a_form_without_its_fields_gets_a_chinese_page() {
    let app = app().await;
    let b = Browser::login(&app, "editor").await;
    let id = app.table.id;
    let r = app
        .send(
            Request::builder()
                .method(Method::POST)
                .uri(format!("/tables/{id}/submit"))
                .header(header::COOKIE, &b.cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("nothing=here"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let html = text(&r);
    assert!(html.contains("表单不完整"), "{html}");
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

/// A 绩效自评表, a part-year progress table and a report each show in their
/// own layout: funds and merged levels with both totals, lamps in words,
/// target / result pairs; the lists name the family; the API returns it.
#[tokio::test]
async fn the_table_page_of_every_family() {
    let app = app().await;
    let perf = app.family_table("performance", "某市民政局").await;
    let progress = app.family_table("progress", "某区人民政府办公室").await;
    let report = app.family_table("report", "某县人力资源和社会保障局").await;

    let html = text(&page(&app, &format!("/tables/{perf}"), "viewer").await);
    assert!(
        html.contains("id=\"table-family\">绩效自评表</span>"),
        "{html}"
    );
    assert!(html.contains("<h2>资金情况</h2>"));
    assert!(
        html.find("id=\"funds\"") < html.find("id=\"indicators\""),
        "the funds block on top"
    );
    for col in [
        "预算数",
        "执行数",
        "执行率",
        "分值",
        "得分",
        "规则得分",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "自评得分",
        "核对结论",
    ] {
        assert!(html.contains(&format!("<th>{col}</th>")), "{col}");
    }
    assert!(html.contains("<td class=\"num\">95.5%</td>"), "执行率");
    assert!(html.contains("<td class=\"dimension\" rowspan=\"5\">产出指标</td>"));
    assert!(html.contains("<td class=\"dimension\" rowspan=\"2\">数量指标</td>"));
    assert!(html.contains("<td class=\"dimension\" rowspan=\"2\">效益指标</td>"));
    // askama writes `<` as `&#60;`, `>` as `&#62;`, `&` as `&#38;`.
    assert!(html.contains(
        "<span class=\"badge not_met\" title=\"实际260人次 &#60; 目标300人次\">未达标</span>"
    ));
    assert!(html.contains("<div class=\"flag\">自评得分高于评分规则所得</div>"));
    assert!(html.contains("id=\"indicator-2\" class=\"flagged\""));
    assert!(
        html.contains("自评总分 100（优） · 规则总分 98.22（优）"),
        "totals both ways"
    );
    assert!(html.contains("<b>目标无法核对</b>") && html.contains("服务站持续运营"));
    assert!(
        html.contains("培训场地改造&#60;延期&#62;&#38;人员到岗晚"),
        "escaped"
    );
    assert!(!html.contains("<延期>"));
    assert!(!html.contains("<script>"), "no inline script");

    let html = text(&page(&app, &format!("/tables/{progress}"), "viewer").await);
    assert!(
        html.contains("进展情况表（1-8月）"),
        "the period in the heading"
    );
    for col in [
        "序号",
        "指标",
        "年度目标",
        "完成情况",
        "完成率",
        "应完成进度",
        "亮灯",
        "核对结论",
        "备注",
    ] {
        assert!(html.contains(&format!("<th>{col}</th>")), "{col}");
    }
    assert!(html.contains("<span class=\"lamp green\">绿灯</span>"));
    assert!(html.contains("<span class=\"lamp yellow\">黄灯</span>"));
    assert!(html.contains("<span class=\"lamp red\">红灯</span>"));
    assert!(html.contains("<td class=\"num\">72.5%</td><td class=\"num\">66.7%</td>"));
    assert!(html.contains("拆迁协议未签完"));

    let html = text(&page(&app, &format!("/tables/{report}"), "viewer").await);
    assert!(html.contains("id=\"table-family\">文字报告</span>"));
    assert!(html.contains("<b>目标：</b>培训农村劳动力2000人次<br><b>完成情况：</b>培训1650人次"));
    assert!(
        html.contains("<span class=\"badge not_met\">未达标</span>完成1650人次 &#60; 目标2000人次")
    );
    assert!(html.contains("原文第 9 行"));

    // The lists name the family beside each table.
    let home = text(&page(&app, "/", "viewer").await);
    assert!(home.contains("<span class=\"family-pill\">绩效自评表</span>"));
    assert!(home.contains("<span class=\"family-pill\">进展情况表</span>"));
    assert!(home.contains("<span class=\"family-pill\">文字报告</span>"));
    let cycle = text(&page(&app, &format!("/cycles/{}", app.cycle_id), "viewer").await);
    assert!(cycle.contains("某市民政局</a> <span class=\"family-pill\">绩效自评表</span>"));

    // The API's table: the family and its indicators, typed.
    let r = app.get(&format!("/api/v1/tables/{perf}"), "viewer").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["family"], "performance");
    assert_eq!(r.json["table"]["family"], "performance");
    assert_eq!(r.json["indicators"].as_array().unwrap().len(), 8);
    assert_eq!(r.json["indicators"][1]["flags"][0], "self_score_above_rule");
    assert_eq!(r.json["family_report"]["funds"]["rate"], 95.5);
    assert_eq!(r.json["family_report"]["summary"]["grade"], "优");
    let r = app
        .get(&format!("/api/v1/tables/{progress}"), "viewer")
        .await;
    assert_eq!(r.json["family_report"]["period"], "1-8月");
    assert_eq!(r.json["indicators"][1]["light"], "red");
    let r = app
        .get(&format!("/api/v1/tables/{}", app.table.id), "viewer")
        .await;
    assert_eq!(r.json["family"], "self_check");
    assert!(r.json["indicators"].as_array().unwrap().is_empty());
    // Its exports are the 绩效自评表's.
    let r = app
        .get(
            &format!("/api/v1/tables/{perf}/export?format=md&verification=1"),
            "viewer",
        )
        .await;
    let md = text(&r);
    assert!(
        md.contains("## 资金情况") && md.contains("| 一级指标 | 二级指标 | 三级指标 |"),
        "{md}"
    );
    let r = app
        .get(
            &format!("/api/v1/tables/{progress}/export?format=json"),
            "viewer",
        )
        .await;
    assert_eq!(r.json["family"], "progress");
    assert_eq!(r.json["indicators"].as_array().unwrap().len(), 4);
}
