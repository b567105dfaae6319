//! One year of an agency and its assessment office, told through the store
//! API: against SQLite always, and against PostgreSQL when
//! `KAOHE_TEST_DATABASE_URL` is set (`.ci/run` sets it).

use std::sync::Arc;

use kaohe_core::verify::Verdict;
use kaohe_store::derive::content_from_text;
use kaohe_store::*;

const SEED: &str = include_str!("../../../examples/beijing-2022.txt");
const EDU: &str = include_str!("../../../tests/corpus/02_xishan_edu_2022.txt");

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

async fn sqlite(dir: &tempfile::TempDir) -> Arc<dyn Store> {
    let path = dir.path().join("kaohe.db");
    kaohe_store::open(path.to_str().unwrap()).await.unwrap()
}

/// A fresh schema in the test database, so runs never see each other's rows.
async fn postgres() -> Option<Arc<dyn Store>> {
    let base = std::env::var("KAOHE_TEST_DATABASE_URL").ok()?;
    let schema = unique("kaohe_story");
    let pool = sqlx::PgPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&pool)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    Some(kaohe_store::open(&url).await.unwrap())
}

/// The stores to test, and the folder of the SQLite file (removed when
/// dropped).
async fn stores() -> (tempfile::TempDir, Vec<(&'static str, Arc<dyn Store>)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("sqlite", sqlite(&dir).await)];
    if let Some(pg) = postgres().await {
        all.push(("postgres", pg));
    }
    (dir, all)
}

struct World {
    agency: Organization,
    editor: User,
    reviewer: User,
    cycle: Cycle,
}

async fn world(store: &dyn Store) -> World {
    let agency = store
        .create_organization("北京市通信管理局", "agency", None)
        .await
        .unwrap();
    let office = store
        .create_organization("考核办", "office", None)
        .await
        .unwrap();
    let editor = store
        .create_user(
            NewUser {
                username: "zhang".into(),
                display_name: "张三".into(),
                password_hash: auth::hash_password("填报密码"),
                role: Role::Editor,
                organization_id: Some(agency.id),
            },
            None,
        )
        .await
        .unwrap();
    let reviewer = store
        .create_user(
            NewUser {
                username: "li".into(),
                display_name: "李四".into(),
                password_hash: auth::hash_password("审核密码"),
                role: Role::Reviewer,
                organization_id: Some(office.id),
            },
            None,
        )
        .await
        .unwrap();
    let cycle = store
        .create_cycle("2022年度日常履职考核", 2022, Some("2023-01-15"), None)
        .await
        .unwrap();
    let cycle = store
        .set_cycle_reviewers(cycle.id, &[reviewer.id], None)
        .await
        .unwrap();
    World {
        agency,
        editor,
        reviewer,
        cycle,
    }
}

/// Simultaneous guesses all count: of 60 attempts at once against a
/// throttle with 5 free attempts, exactly 5 get through.
#[tokio::test]
async fn simultaneous_login_attempts_all_count() {
    let (_dir, stores) = stores().await;
    for (name, store) in stores {
        let throttle = Throttle {
            key: unique("pair:127.0.0.1:admin"),
            free: 5,
            base_ms: 1_000,
            max_ms: 900_000,
            window_ms: 3_600_000,
        };
        let now = Millis::now();
        let attempts: Vec<_> = (0..60)
            .map(|_| {
                let store = store.clone();
                let throttle = throttle.clone();
                tokio::spawn(async move {
                    store
                        .begin_login_attempt(std::slice::from_ref(&throttle), now)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut allowed = 0;
        for a in attempts {
            if a.await.unwrap().is_none() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5, "{name}");
    }
}

#[tokio::test]
async fn a_year_of_one_agency() {
    let (_dir, stores) = stores().await;
    for (name, store) in stores {
        story(name, store.as_ref()).await;
    }
}

async fn story(backend: &str, store: &dyn Store) {
    let w = world(store).await;
    assert_eq!(w.cycle.reviewer_ids, vec![w.reviewer.id], "{backend}");

    // Duplicate names are refused in words.
    let dup = store
        .create_organization("北京市通信管理局", "agency", None)
        .await;
    assert!(matches!(dup, Err(StoreError::Invalid(_))), "{backend}");

    // Logins, sessions and tokens.
    let (user, hash) = store.find_login("zhang").await.unwrap().unwrap();
    assert_eq!(user.id, w.editor.id);
    assert!(auth::verify_password("填报密码", &hash));
    let token = auth::new_token();
    let expires = Millis(Millis::now().0 + 3_600_000);
    store
        .create_session(&auth::token_hash(&token), user.id, "csrf", expires)
        .await
        .unwrap();
    let session = store
        .session(&auth::token_hash(&token), Millis::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.user.username, "zhang");
    assert!(store
        .session(&auth::token_hash(&token), Millis(expires.0 + 1))
        .await
        .unwrap()
        .is_none());
    let api = auth::new_token();
    let t = store
        .create_api_token(user.id, "脚本", &auth::token_hash(&api))
        .await
        .unwrap();
    assert!(store
        .api_token_user(&auth::token_hash(&api), Millis::now())
        .await
        .unwrap()
        .is_some());
    store.revoke_api_token(user.id, t.id).await.unwrap();
    assert!(store
        .api_token_user(&auth::token_hash(&api), Millis::now())
        .await
        .unwrap()
        .is_none());
    // Failed logins are kept for the administrator, newest first.
    for address in [Some("10.0.0.1"), None] {
        store
            .record_login_failure("zhang", address, Millis::now())
            .await
            .unwrap();
    }
    let failures = store.recent_login_failures(10).await.unwrap();
    assert_eq!(failures.len(), 2, "{backend}");
    assert_eq!(failures[0].address, None);
    assert_eq!(failures[1].address.as_deref(), Some("10.0.0.1"));

    // A throttle lets its free attempts through, then backs off; a good
    // login clears it.
    let throttle = Throttle {
        key: unique("user:zhang"),
        free: 3,
        base_ms: 1_000,
        max_ms: 60_000,
        window_ms: 3_600_000,
    };
    let now = Millis::now();
    for _ in 0..2 {
        let got = store
            .begin_login_attempt(std::slice::from_ref(&throttle), now)
            .await
            .unwrap();
        assert_eq!(got, None, "{backend}");
    }
    let third = store
        .begin_login_attempt(std::slice::from_ref(&throttle), now)
        .await
        .unwrap();
    assert_eq!(third, None, "{backend}: the third is still free");
    let fourth = store
        .begin_login_attempt(std::slice::from_ref(&throttle), now)
        .await
        .unwrap();
    assert_eq!(fourth, Some(Millis(now.0 + 1_000)), "{backend}");
    let later = Millis(now.0 + 1_000);
    assert_eq!(
        store
            .begin_login_attempt(std::slice::from_ref(&throttle), later)
            .await
            .unwrap(),
        None,
        "{backend}: allowed again once the wait is over"
    );
    assert_eq!(
        store
            .begin_login_attempt(std::slice::from_ref(&throttle), later)
            .await
            .unwrap(),
        Some(Millis(later.0 + 2_000)),
        "{backend}: and the wait doubles"
    );
    store
        .clear_login_throttles(std::slice::from_ref(&throttle.key))
        .await
        .unwrap();
    assert_eq!(
        store
            .begin_login_attempt(std::slice::from_ref(&throttle), later)
            .await
            .unwrap(),
        None,
        "{backend}"
    );

    // A new password or disabling the account ends its sessions and
    // tokens, and enabling it again does not bring them back.
    for patch in [
        UserPatch {
            password_hash: Some(auth::hash_password("新的密码很长很长")),
            ..UserPatch::default()
        },
        UserPatch {
            active: Some(false),
            ..UserPatch::default()
        },
    ] {
        let api = auth::new_token();
        store
            .create_api_token(user.id, "脚本", &auth::token_hash(&api))
            .await
            .unwrap();
        let session = auth::new_token();
        store
            .create_session(&auth::token_hash(&session), user.id, "csrf", expires)
            .await
            .unwrap();
        let current = store.get_user(user.id).await.unwrap();
        store
            .update_user(user.id, current.version, patch, None)
            .await
            .unwrap();
        let current = store.get_user(user.id).await.unwrap();
        store
            .update_user(
                user.id,
                current.version,
                UserPatch {
                    active: Some(true),
                    ..UserPatch::default()
                },
                None,
            )
            .await
            .unwrap();
        assert!(store
            .api_token_user(&auth::token_hash(&api), Millis::now())
            .await
            .unwrap()
            .is_none());
        assert!(store
            .session(&auth::token_hash(&session), Millis::now())
            .await
            .unwrap()
            .is_none());
    }

    // Import the seed: 16 tasks, verdicts computed, original text kept.
    let table = store
        .create_table(
            NewTable {
                organization_id: w.agency.id,
                cycle_id: w.cycle.id,
                content: content_from_text("beijing-2022.txt", "UTF-8", SEED),
            },
            Some(w.editor.id),
        )
        .await
        .unwrap();
    assert_eq!(table.counts.tasks, 16, "{backend}");
    assert_eq!(table.status, TableStatus::Draft);
    assert_eq!(store.table_source(table.id).await.unwrap(), SEED);
    let checked = kaohe_core::check::check(SEED);
    assert_eq!(table.counts.met as usize, checked.summary.met, "{backend}");
    assert_eq!(table.counts.targets as usize, checked.summary.targets);
    let second = store
        .create_table(
            NewTable {
                organization_id: w.agency.id,
                cycle_id: w.cycle.id,
                content: content_from_text("again.txt", "UTF-8", SEED),
            },
            None,
        )
        .await;
    assert!(
        matches!(second, Err(StoreError::Invalid(_))),
        "one table per organization per cycle"
    );

    let tasks = store.list_tasks(table.id).await.unwrap();
    assert_eq!(tasks.len(), 16);
    let task5 = tasks.iter().find(|t| t.content.contains("5G基站")).unwrap();
    assert_eq!(task5.report().unwrap().targets[0].verdict, Verdict::Met);
    let targets = store.list_targets(table.id).await.unwrap();
    let base_station = targets
        .iter()
        .find(|t| t.task_id == task5.id && t.text.contains("5G基站"))
        .unwrap();
    assert_eq!(base_station.verdict, Verdict::Met);
    assert_eq!(base_station.value.as_deref(), Some("6000"));

    // Two writers read version v; the first save wins, the second is refused
    // with what changed. Which one is first is a race on PostgreSQL (no
    // writer lock), so both change the problems: either way there is a
    // change to restore from below.
    let v = task5.version;
    let (a, b) = tokio::join!(
        store.update_task(
            task5.id,
            v,
            TaskPatch {
                problems: Some("部分区域选址难".into()),
                ..TaskPatch::default()
            },
            Some(w.editor.id),
        ),
        store.update_task(
            task5.id,
            v,
            TaskPatch {
                problems: Some("尚无".into()),
                dimension: Some("别的维度".into()),
                ..TaskPatch::default()
            },
            Some(w.editor.id),
        ),
    );
    let (won, lost) = match (a, b) {
        (Ok(t), Err(e)) | (Err(e), Ok(t)) => (t, e),
        other => panic!("{backend}: exactly one save must win: {other:?}"),
    };
    assert_eq!(won.version, v + 1);
    match lost {
        StoreError::Conflict {
            current_version,
            changes,
            ..
        } => {
            assert_eq!(current_version, v + 1);
            assert!(!changes.is_empty(), "{backend}: conflict names the changes");
        }
        other => panic!("{backend}: {other:?}"),
    }

    // Correcting a target so it is missed: verdict, counts and the
    // completion flag follow, inside the same save.
    let corrected = store
        .correct_target(
            base_station.id,
            base_station.version,
            Some(TargetCorrection {
                comparator: Some(">=".into()),
                value: Some("30000".into()),
                unit: "个".into(),
                period: "year".into(),
            }),
            Some(w.editor.id),
        )
        .await
        .unwrap();
    assert_eq!(corrected.verdict, Verdict::NotMet, "{backend}");
    assert!(corrected.corrected);
    let task5 = store.get_task(task5.id).await.unwrap();
    assert!(
        task5.flagged,
        "{backend}: claims 已完成 but a target is missed"
    );
    let stale = store
        .correct_target(base_station.id, base_station.version, None, None)
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    let bad = store
        .correct_target(
            corrected.id,
            corrected.version,
            Some(TargetCorrection {
                comparator: Some(">=".into()),
                value: Some("很多".into()),
                unit: "个".into(),
                period: "year".into(),
            }),
            None,
        )
        .await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))));
    assert_eq!(
        store.get_target(corrected.id).await.unwrap().version,
        corrected.version
    );

    // Editing the outcome text recomputes.
    let edited = store
        .update_task(
            task5.id,
            task5.version,
            TaskPatch {
                status: Some("已完成。本年新建5G基站3.2万个，新增千兆用户12万户。".into()),
                ..TaskPatch::default()
            },
            Some(w.editor.id),
        )
        .await
        .unwrap();
    assert_eq!(
        edited.report().unwrap().targets[0].verdict,
        Verdict::Met,
        "{backend}"
    );
    assert!(!edited.flagged);

    // History, and restoring the task as it was before the edit.
    let history = store.history(table.id, 0, 100).await.unwrap();
    assert!(history
        .items
        .iter()
        .any(|c| c.field == "status" && c.entity_id == task5.id));
    assert!(history.items.iter().any(|c| c.field == "reading"));
    let problems_change = history
        .items
        .iter()
        .find(|c| c.field == "problems" && c.entity_id == task5.id)
        .unwrap();
    let restored = store
        .restore_task(task5.id, problems_change.id, Some(w.editor.id))
        .await
        .unwrap();
    assert_eq!(
        restored.status, task5.status,
        "{backend}: status as before the edit"
    );
    assert_eq!(
        restored.report().unwrap().targets[0].verdict,
        Verdict::NotMet
    );

    // Evidence.
    let pdf = b"%PDF-1.4\n%kaohe\n".to_vec();
    let ev = store
        .add_evidence(
            NewEvidence {
                table_id: table.id,
                task_id: Some(task5.id),
                target_id: Some(corrected.id),
                filename: "基站清单.pdf".into(),
                content_type: "application/pdf".into(),
                data: pdf.clone(),
            },
            Some(w.editor.id),
        )
        .await
        .unwrap();
    let (meta, data) = store.get_evidence(ev.id).await.unwrap();
    assert_eq!(data, pdf);
    assert_eq!(meta.size, pdf.len() as i64);

    // Submit, return with a reason, edit, resubmit, score, approve.
    let t = store.get_table(table.id).await.unwrap();
    let t = store
        .transition_table(
            t.id,
            t.version,
            &[TableStatus::Draft, TableStatus::Returned],
            TableStatus::Submitted,
            "submit",
            "",
            Some(w.editor.id),
        )
        .await
        .unwrap();
    let frozen = store
        .update_task(task5.id, restored.version, TaskPatch::default(), None)
        .await;
    assert!(
        matches!(frozen, Err(StoreError::Invalid(_))),
        "submitted is not editable"
    );
    let scored = store
        .review_task(
            task5.id,
            restored.version,
            Some(4.5),
            Some("基站数据请附清单"),
            Some(w.reviewer.id),
        )
        .await
        .unwrap();
    assert_eq!(scored.review_score, Some(4.5));
    let t = store
        .transition_table(
            t.id,
            t.version,
            &[TableStatus::Submitted],
            TableStatus::Returned,
            "return",
            "请补充佐证材料",
            Some(w.reviewer.id),
        )
        .await
        .unwrap();
    assert_eq!(t.return_reason.as_deref(), Some("请补充佐证材料"));
    let t = store
        .transition_table(
            t.id,
            t.version,
            &[TableStatus::Draft, TableStatus::Returned],
            TableStatus::Submitted,
            "submit",
            "",
            Some(w.editor.id),
        )
        .await
        .unwrap();
    let t = store
        .transition_table(
            t.id,
            t.version,
            &[TableStatus::Submitted],
            TableStatus::Approved,
            "approve",
            "",
            Some(w.reviewer.id),
        )
        .await
        .unwrap();
    assert_eq!(t.status, TableStatus::Approved);
    assert_eq!(t.review_score, Some(4.5));
    let again = store
        .transition_table(
            t.id,
            t.version,
            &[TableStatus::Submitted],
            TableStatus::Returned,
            "return",
            "x",
            None,
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::Invalid(_))),
        "approved is final"
    );
    let reviews = store.list_reviews(t.id).await.unwrap();
    let actions: Vec<&str> = reviews.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["submit", "return", "submit", "approve"]);

    // A second agency, listed by filter.
    let edu = store
        .create_organization("西山区教育局", "agency", None)
        .await
        .unwrap();
    let edu_table = store
        .create_table(
            NewTable {
                organization_id: edu.id,
                cycle_id: w.cycle.id,
                content: content_from_text("xishan.txt", "GBK", EDU),
            },
            None,
        )
        .await
        .unwrap();
    assert!(
        edu_table.counts.not_met > 0,
        "{backend}: the corpus table misses targets"
    );
    let mine = store
        .list_tables(&TableFilter {
            organization_id: Some(edu.id),
            limit: 50,
            ..TableFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(mine.total, 1);
    let reviewed = store
        .list_tables(&TableFilter {
            reviewer_id: Some(w.reviewer.id),
            limit: 1,
            ..TableFilter::default()
        })
        .await
        .unwrap();
    assert_eq!((reviewed.total, reviewed.items.len()), (2, 1), "paged");

    // Changes to organizations, users and cycles are audited, passwords
    // without their hashes.
    let who = store.find_login("li").await.unwrap().unwrap().0;
    store
        .update_user(
            who.id,
            who.version,
            UserPatch {
                password_hash: Some(auth::hash_password("新的审核密码")),
                display_name: Some("李四（审核）".into()),
                ..UserPatch::default()
            },
            Some(w.editor.id),
        )
        .await
        .unwrap();
    let audit = store.audit(0, 100).await.unwrap();
    let fields: Vec<&str> = audit.items.iter().map(|a| a.field.as_str()).collect();
    assert!(
        fields.contains(&"password") && fields.contains(&"display_name"),
        "{fields:?}"
    );
    assert!(fields.contains(&"reviewers") && fields.contains(&"create"));
    assert!(!audit.items.iter().any(|a| a
        .new_value
        .as_deref()
        .is_some_and(|v| v.contains("$argon2"))));
    assert_eq!(audit.items[0].username.as_deref(), Some("zhang"));

    // A backup loads into an empty database and serves the same tables.
    let dump = store.dump().await.unwrap();
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = sqlite(&copy_dir).await;
    copy.load(&dump).await.unwrap();
    for id in [table.id, edu_table.id] {
        let (a, b) = (
            store.get_table(id).await.unwrap(),
            copy.get_table(id).await.unwrap(),
        );
        assert_eq!(a.counts, b.counts, "{backend}");
        assert_eq!(a.status, b.status);
        let ta: Vec<_> = store
            .list_targets(id)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.text, t.verdict))
            .collect();
        let tb: Vec<_> = copy
            .list_targets(id)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.text, t.verdict))
            .collect();
        assert_eq!(ta, tb);
    }
    assert!(
        copy.load(&dump).await.is_err(),
        "restore refuses a database with data"
    );
    // New rows after a restore get fresh ids.
    let org = copy
        .create_organization("新单位", "agency", None)
        .await
        .unwrap();
    assert!(org.id > edu.id);
}

const PERFORMANCE: &str = include_str!("../../../tests/families/performance.json");
const PROGRESS: &str = include_str!("../../../tests/families/progress.json");

fn family_report(json: &str) -> kaohe_core::check::Report {
    serde_json::from_str(json).expect("a family report in the contract's shape")
}

/// A 绩效自评表 and a progress table are stored with their family and read
/// back typed, equal to what was imported; history, counts, touches and
/// backups keep them.
#[tokio::test]
async fn tables_of_every_family() {
    let (_dir, stores) = stores().await;
    for (name, store) in stores {
        families(name, store.as_ref()).await;
    }
}

async fn families(backend: &str, store: &dyn Store) {
    let w = world(store).await;
    let report = family_report(PERFORMANCE);
    let content = kaohe_store::derive::content_from_report(
        &kaohe_core::table::Table::default(),
        &[],
        &report,
        "绩效自评表.docx",
        "DOCX",
        "2024年城区社区养老服务站建设项目支出绩效自评表\n…",
    );
    assert!(content.tasks.is_empty(), "{backend}: no tasks");
    let t = store
        .create_table(
            NewTable {
                organization_id: w.agency.id,
                cycle_id: w.cycle.id,
                content,
            },
            Some(w.editor.id),
        )
        .await
        .unwrap();
    assert_eq!(
        t.family,
        kaohe_core::family::Family::Performance,
        "{backend}"
    );
    assert_eq!(t.title, "2024年城区社区养老服务站建设项目支出绩效自评表");
    let stored = store.get_table(t.id).await.unwrap();
    let back = stored
        .family_report()
        .expect("the family report reads back");
    let imported = FamilyReport::of(&report).unwrap();
    assert_eq!(back.family, imported.family);
    assert_eq!(back.indicators, imported.indicators, "{backend}");
    assert_eq!(back.funds, imported.funds);
    assert_eq!(back.period, imported.period);
    assert_eq!(back.target_quality, imported.target_quality);
    assert_eq!(
        serde_json::to_string(&back.summary).unwrap(),
        serde_json::to_string(&imported.summary).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        serde_json::to_string(&imported).unwrap(),
        "{backend}: the whole report, typed, equal"
    );
    // The core report again, for the exports.
    let again = back.to_report(&stored.title, &stored.warnings);
    assert_eq!(again.indicators, report.indicators);
    assert_eq!(again.funds, report.funds);
    // Counts from the indicators, the self-scores' total as the table's.
    assert_eq!(
        (
            stored.counts.tasks,
            stored.counts.met,
            stored.counts.not_met,
            stored.counts.qualitative,
            stored.counts.flagged
        ),
        (8, 6, 1, 1, 1),
        "{backend}"
    );
    assert_eq!(stored.self_score, Some(100.0));
    assert!(store.list_tasks(t.id).await.unwrap().is_empty());
    let history = store.history(t.id, 0, 50).await.unwrap();
    assert!(
        history.items.iter().any(|c| c.field == "import"
            && c.new_value.as_deref() == Some("导入 绩效自评表.docx（绩效自评表，8 项指标）")),
        "{backend}: {:?}",
        history.items
    );
    // A change of state touches the table; its counts stay the indicators'.
    let submitted = store
        .transition_table(
            t.id,
            stored.version,
            &[TableStatus::Draft],
            TableStatus::Submitted,
            "submit",
            "",
            Some(w.editor.id),
        )
        .await
        .unwrap();
    assert_eq!(submitted.counts, stored.counts, "{backend}");
    assert_eq!(submitted.family_report().unwrap().indicators.len(), 8);
    let listed = store
        .list_tables(&TableFilter {
            organization_id: Some(w.agency.id),
            limit: 10,
            ..TableFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        listed.items[0].family,
        kaohe_core::family::Family::Performance
    );

    // A progress table of another agency, then a new version of it that is
    // a self-check table: the family follows the import.
    let other = store
        .create_organization("某区人民政府办公室", "agency", None)
        .await
        .unwrap();
    let progress = family_report(PROGRESS);
    let p = store
        .create_table(
            NewTable {
                organization_id: other.id,
                cycle_id: w.cycle.id,
                content: kaohe_store::derive::content_from_report(
                    &kaohe_core::table::Table::default(),
                    &[],
                    &progress,
                    "进展.xlsx",
                    "XLSX",
                    "…",
                ),
            },
            None,
        )
        .await
        .unwrap();
    let back = p.family_report().unwrap();
    assert_eq!(back.period.map(|y| y.text()), Some("1-8月".to_string()));
    assert_eq!(back.indicators, progress.indicators, "{backend}");

    // A backup carries the families and the reports.
    let dump = store.dump().await.unwrap();
    let copy_dir = tempfile::tempdir().unwrap();
    let copy = sqlite(&copy_dir).await;
    copy.load(&dump).await.unwrap();
    for id in [t.id, p.id] {
        let (a, b) = (
            store.get_table(id).await.unwrap(),
            copy.get_table(id).await.unwrap(),
        );
        assert_eq!(a.family, b.family, "{backend}");
        assert_eq!(a.counts, b.counts);
        assert_eq!(
            a.family_report().unwrap().indicators,
            b.family_report().unwrap().indicators
        );
    }
    // A backup of schema 2 (no families) still loads: its tables are
    // self-check tables.
    let mut old = dump.clone();
    old.schema_version = 2;
    for row in old.tables.get_mut("tables").unwrap() {
        row.truncate(row.len() - 2);
    }
    let old_dir = tempfile::tempdir().unwrap();
    let older = sqlite(&old_dir).await;
    older.load(&old).await.unwrap();
    let t_old = older.get_table(t.id).await.unwrap();
    assert_eq!(t_old.family, kaohe_core::family::Family::SelfCheck);
    assert!(t_old.family_report().is_none());

    let p = store
        .reimport_table(
            p.id,
            p.version,
            content_from_text("again.txt", "UTF-8", SEED),
            None,
        )
        .await
        .unwrap();
    assert_eq!(p.family, kaohe_core::family::Family::SelfCheck, "{backend}");
    assert!(p.family_report().is_none());
    assert_eq!(p.counts.tasks, 16, "{backend}: the tasks' counts again");
    let history = store.history(p.id, 0, 50).await.unwrap();
    assert!(history
        .items
        .iter()
        .any(|c| c.field == "family" && c.new_value.as_deref() == Some("self_check")));
}
