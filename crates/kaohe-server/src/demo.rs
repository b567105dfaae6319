//! `kaohe serve --demo`: an assessment office, two agencies, a cycle, one
//! user per role and two example tables (the reference table and one with
//! missed targets). Running it again keeps the data and gives the demo
//! users fresh passwords.

use kaohe_store::derive::content_from_text;
use kaohe_store::{auth, NewTable, NewUser, Role, Store, StoreError, UserPatch};

const SEED: &str = include_str!("../../../examples/beijing-2022.txt");
const SECOND: &str = include_str!("../../../tests/corpus/02_xishan_edu_2022.txt");

/// A demo login to print.
pub struct Login {
    pub username: &'static str,
    pub password: String,
    pub role: Role,
}

/// Eight characters from a 31-letter alphabet without look-alikes.
fn password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    auth::new_token()
        .as_bytes()
        .chunks(2)
        .take(10)
        .map(|pair| {
            let n = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("00"), 16).unwrap_or(0);
            ALPHABET[usize::from(n) % ALPHABET.len()] as char
        })
        .collect()
}

/// Creates (or refreshes) the demo data; returns the logins.
pub async fn seed(store: &dyn Store) -> Result<Vec<Login>, StoreError> {
    let orgs = store.list_organizations().await?;
    let find = |name: &str| orgs.iter().find(|o| o.name == name).cloned();
    let office = match find("市考核办") {
        Some(o) => o,
        None => {
            store
                .create_organization("市考核办", "office", None)
                .await?
        }
    };
    let comms = match find("北京市通信管理局") {
        Some(o) => o,
        None => {
            store
                .create_organization("北京市通信管理局", "agency", None)
                .await?
        }
    };
    let edu = match find("西山区教育局") {
        Some(o) => o,
        None => {
            store
                .create_organization("西山区教育局", "agency", None)
                .await?
        }
    };
    let people = [
        ("admin", "系统管理员", Role::Admin, Some(office.id)),
        (
            "editor",
            "张填报（通信管理局）",
            Role::Editor,
            Some(comms.id),
        ),
        ("editor2", "王填报（教育局）", Role::Editor, Some(edu.id)),
        (
            "reviewer",
            "李审核（考核办）",
            Role::Reviewer,
            Some(office.id),
        ),
        ("viewer", "赵领导", Role::Viewer, None),
    ];
    let mut logins = Vec::new();
    let mut reviewer_id = None;
    for (username, display, role, org) in people {
        let pw = password();
        let hash = auth::hash_password(&pw);
        let user = match store.find_login(username).await? {
            Some((user, _)) => {
                store
                    .update_user(
                        user.id,
                        user.version,
                        UserPatch {
                            password_hash: Some(hash),
                            active: Some(true),
                            ..UserPatch::default()
                        },
                        None,
                    )
                    .await?
            }
            None => {
                store
                    .create_user(
                        NewUser {
                            username: username.into(),
                            display_name: display.into(),
                            password_hash: hash,
                            role,
                            organization_id: org,
                        },
                        None,
                    )
                    .await?
            }
        };
        if role == Role::Reviewer {
            reviewer_id = Some(user.id);
        }
        logins.push(Login {
            username,
            password: pw,
            role,
        });
    }
    let cycles = store.list_cycles().await?;
    let cycle = match cycles.iter().find(|c| c.name == "2022年度日常履职考核") {
        Some(c) => c.clone(),
        None => {
            store
                .create_cycle("2022年度日常履职考核", 2022, Some("2023-01-15"), None)
                .await?
        }
    };
    if let Some(r) = reviewer_id {
        if !cycle.reviewer_ids.contains(&r) {
            let mut ids = cycle.reviewer_ids.clone();
            ids.push(r);
            store.set_cycle_reviewers(cycle.id, &ids, None).await?;
        }
    }
    for (org, name, text) in [
        (comms.id, "beijing-2022.txt", SEED),
        (edu.id, "xishan-edu-2022.txt", SECOND),
    ] {
        let existing = store
            .list_tables(&kaohe_store::TableFilter {
                organization_id: Some(org),
                cycle_id: Some(cycle.id),
                limit: 1,
                ..Default::default()
            })
            .await?;
        if existing.total == 0 {
            store
                .create_table(
                    NewTable {
                        organization_id: org,
                        cycle_id: cycle.id,
                        content: content_from_text(name, "UTF-8", text),
                    },
                    None,
                )
                .await?;
        }
    }
    Ok(logins)
}
