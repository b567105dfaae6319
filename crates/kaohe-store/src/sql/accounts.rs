//! Organizations, users, sessions, API tokens and login throttling.

use sqlx::{ColumnIndex, Executor, IntoArguments, Row as _};

use super::history::{diff, FieldChange};
use super::{is_fk_violation, is_unique_violation};
use super::{Args, Conn, DbRow, Dialect, Param, RowsAffected as _, SqlStore, Value};
use crate::model::*;
use crate::{Actor, Result, StoreError};

const USER_COLS: &str =
    "u.id, u.username, u.display_name, u.role, u.organization_id, u.active, u.version, u.created_at";

impl<D: Dialect> SqlStore<D>
where
    for<'c> &'c mut Conn<D>: Executor<'c, Database = D::Db>,
    for<'q> Args<'q, D>: IntoArguments<'q, D::Db>,
    for<'r> &'r str: ColumnIndex<DbRow<D>>,
    i64: Value<D::Db>,
    Option<i64>: Value<D::Db>,
    f64: Value<D::Db>,
    Option<f64>: Value<D::Db>,
    String: Value<D::Db>,
    Option<String>: Value<D::Db>,
    Vec<u8>: Value<D::Db>,
    Option<Vec<u8>>: Value<D::Db>,
    for<'q> &'q str: Param<'q, D::Db>,
    for<'q> Option<&'q str>: Param<'q, D::Db>,
{
    fn org_from(r: &DbRow<D>) -> Result<Organization> {
        Ok(Organization {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            version: r.try_get("version")?,
            created_at: Self::millis(r, "created_at")?,
        })
    }

    fn user_from(r: &DbRow<D>) -> Result<User> {
        let role: String = r.try_get("role")?;
        Ok(User {
            id: r.try_get("id")?,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            role: Role::parse(&role).unwrap_or(Role::Viewer),
            organization_id: r.try_get("organization_id")?,
            active: r.try_get::<i64, _>("active")? != 0,
            version: r.try_get("version")?,
            created_at: Self::millis(r, "created_at")?,
        })
    }

    fn token_from(r: &DbRow<D>) -> Result<ApiToken> {
        Ok(ApiToken {
            id: r.try_get("id")?,
            user_id: r.try_get("user_id")?,
            name: r.try_get("name")?,
            created_at: Self::millis(r, "created_at")?,
            last_used_at: r.try_get::<Option<i64>, _>("last_used_at")?.map(Millis),
            revoked: r.try_get::<i64, _>("revoked")? != 0,
        })
    }

    pub(super) async fn create_organization(
        &self,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query(
            "INSERT INTO organizations (name, kind, created_at) VALUES ($1, $2, $3) \
             RETURNING id, name, kind, version, created_at",
        )
        .bind(name)
        .bind(kind)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("单位“{name}”已存在"))
            } else {
                e.into()
            }
        })?;
        let org = Self::org_from(&row)?;
        let created = [FieldChange {
            field: "create",
            old: None,
            new: Some(format!("{name}（{kind}）")),
        }];
        Self::record_audit(&mut tx, "organization", org.id, &created, actor).await?;
        tx.commit().await?;
        Ok(org)
    }

    pub(super) async fn list_organizations(&self) -> Result<Vec<Organization>> {
        let rows = sqlx::query("SELECT * FROM organizations ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(Self::org_from).collect()
    }

    pub(super) async fn get_organization(&self, id: Id) -> Result<Organization> {
        let row = sqlx::query("SELECT * FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("单位"))?;
        Self::org_from(&row)
    }

    pub(super) async fn update_organization(
        &self,
        id: Id,
        version: i64,
        name: &str,
        kind: &str,
        actor: Actor,
    ) -> Result<Organization> {
        let (_g, mut tx) = self.write_tx().await?;
        let before = Self::org_from(
            &sqlx::query("SELECT * FROM organizations WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound("单位"))?,
        )?;
        let done = sqlx::query(
            "UPDATE organizations SET name = $1, kind = $2, version = version + 1 \
             WHERE id = $3 AND version = $4",
        )
        .bind(name)
        .bind(kind)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("单位“{name}”已存在"))
            } else {
                e.into()
            }
        })?;
        // The organization's name is part of every view of its tables.
        sqlx::query("UPDATE tables SET revision = revision + 1 WHERE organization_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT * FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("单位"))?;
        let org = Self::org_from(&row)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                current_version: org.version,
                current: org.clone().into(),
                changes: vec![],
            });
        }
        let mut changes = Vec::new();
        diff("name", &before.name, &org.name, &mut changes);
        diff("kind", &before.kind, &org.kind, &mut changes);
        Self::record_audit(&mut tx, "organization", id, &changes, actor).await?;
        tx.commit().await?;
        Ok(org)
    }

    pub(super) async fn create_user(&self, user: NewUser, actor: Actor) -> Result<User> {
        let (_g, mut tx) = self.write_tx().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, organization_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(&user.password_hash)
        .bind(user.role.as_str())
        .bind(user.organization_id)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(format!("用户名“{}”已被使用", user.username))
            } else if is_fk_violation(&e) {
                StoreError::Invalid("所属单位不存在".into())
            } else {
                e.into()
            }
        })?
        .try_get("id")?;
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let created = Self::user_from(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
        let change = [FieldChange {
            field: "create",
            old: None,
            new: Some(format!(
                "{}（{}）",
                created.username,
                created.role.chinese()
            )),
        }];
        Self::record_audit(&mut tx, "user", id, &change, actor).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub(super) async fn get_user(&self, id: Id) -> Result<User> {
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound("用户"))?;
        Self::user_from(&row)
    }

    pub(super) async fn find_login(&self, username: &str) -> Result<Option<(User, String)>> {
        let sql = format!("SELECT {USER_COLS}, u.password_hash FROM users u WHERE u.username = $1");
        let Some(row) = sqlx::query(&sql)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some((
            Self::user_from(&row)?,
            row.try_get("password_hash")?,
        )))
    }

    pub(super) async fn list_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users u ORDER BY u.id");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(Self::user_from).collect()
    }

    pub(super) async fn update_user(
        &self,
        id: Id,
        version: i64,
        patch: UserPatch,
        actor: Actor,
    ) -> Result<User> {
        let (_g, mut tx) = self.write_tx().await?;
        let sql = format!("SELECT {USER_COLS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("用户"))?;
        let user = Self::user_from(&row)?;
        if user.version != version {
            return Err(StoreError::Conflict {
                current_version: user.version,
                current: user.clone().into(),
                changes: vec![],
            });
        }
        let display_name = patch.display_name.unwrap_or(user.display_name.clone());
        let role = patch.role.unwrap_or(user.role);
        let organization_id = patch.organization_id.unwrap_or(user.organization_id);
        let active = patch.active.unwrap_or(user.active);
        sqlx::query(
            "UPDATE users SET display_name = $1, role = $2, organization_id = $3, active = $4, \
             password_hash = COALESCE($5, password_hash), version = version + 1 WHERE id = $6",
        )
        .bind(&display_name)
        .bind(role.as_str())
        .bind(organization_id)
        .bind(i64::from(active))
        .bind(&patch.password_hash)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_fk_violation(&e) {
                StoreError::Invalid("所属单位不存在".into())
            } else {
                e.into()
            }
        })?;
        if !active || patch.password_hash.is_some() {
            // A new password or a disabled account ends every way in that
            // the old state handed out: sessions and API tokens alike, so
            // re-enabling an account does not bring its tokens back.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE user_id = $1 AND revoked = 0")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
        let updated = Self::user_from(&row)?;
        let mut changes = Vec::new();
        diff(
            "display_name",
            &user.display_name,
            &updated.display_name,
            &mut changes,
        );
        diff(
            "role",
            user.role.as_str(),
            updated.role.as_str(),
            &mut changes,
        );
        let org = |o: Option<Id>| o.map(|o| o.to_string()).unwrap_or_default();
        diff(
            "organization_id",
            &org(user.organization_id),
            &org(updated.organization_id),
            &mut changes,
        );
        diff(
            "active",
            &user.active.to_string(),
            &updated.active.to_string(),
            &mut changes,
        );
        if patch.password_hash.is_some() {
            // Never the hash itself.
            changes.push(FieldChange {
                field: "password",
                old: None,
                new: Some("（已重设）".into()),
            });
        }
        Self::record_audit(&mut tx, "user", id, &changes, actor).await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub(super) async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    pub(super) async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        csrf_token: &str,
        expires_at: Millis,
    ) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let now = Millis::now().0;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>> {
        let sql = format!(
            "SELECT {USER_COLS}, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            user: Self::user_from(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            expires_at: Self::millis(&row, "expires_at")?,
        }))
    }

    pub(super) async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn create_api_token(
        &self,
        user_id: Id,
        name: &str,
        token_hash: &str,
    ) -> Result<ApiToken> {
        let (_g, mut tx) = self.write_tx().await?;
        let row = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING *",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(Millis::now().0)
        .fetch_one(&mut *tx)
        .await?;
        let token = Self::token_from(&row)?;
        tx.commit().await?;
        Ok(token)
    }

    pub(super) async fn list_api_tokens(&self, user_id: Id) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(Self::token_from).collect()
    }

    pub(super) async fn revoke_api_token(&self, user_id: Id, id: Id) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked = 1 WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("令牌"));
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn api_token_user(
        &self,
        token_hash: &str,
        now: Millis,
    ) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {USER_COLS}, a.id AS token_id, a.last_used_at FROM api_tokens a \
             JOIN users u ON u.id = a.user_id \
             WHERE a.token_hash = $1 AND a.revoked = 0 AND u.active = 1"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        // Writing on every request would serialize readers on SQLite; once a
        // minute is precise enough for "last used".
        let last: Option<i64> = row.try_get("last_used_at")?;
        if last.is_none_or(|t| now.0 - t > 60_000) {
            let (_g, mut tx) = self.write_tx().await?;
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now.0)
                .bind(row.try_get::<i64, _>("token_id")?)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(Self::user_from(&row)?))
    }

    pub(super) async fn begin_login_attempt(
        &self,
        throttles: &[Throttle],
        now: Millis,
    ) -> Result<Option<Millis>> {
        let (_g, mut tx) = self.write_tx().await?;
        let mut refused_until: Option<i64> = None;
        // Keys are taken in the caller's order, the same for every request,
        // so that two transactions never wait on each other's rows.
        for throttle in throttles {
            let mut counted = false;
            // A compare-and-swap: a concurrent attempt that changed the row
            // first makes ours read it again.
            for _ in 0..8 {
                let row = sqlx::query(
                    "SELECT attempts, next_at, updated_at FROM login_throttle WHERE throttle_key = $1",
                )
                .bind(&throttle.key)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    let inserted = sqlx::query(
                        "INSERT INTO login_throttle (throttle_key, attempts, next_at, updated_at) \
                         VALUES ($1, 1, $2, $3) ON CONFLICT (throttle_key) DO NOTHING",
                    )
                    .bind(&throttle.key)
                    .bind(now.0.saturating_add(throttle.delay_after(1)))
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await?;
                    if inserted.rows_affected() == 1 {
                        counted = true;
                        break;
                    }
                    continue;
                };
                let (attempts, next_at, updated_at): (i64, i64, i64) = (
                    row.try_get("attempts")?,
                    row.try_get("next_at")?,
                    row.try_get("updated_at")?,
                );
                let stale = now.0.saturating_sub(updated_at) > throttle.window_ms;
                if next_at > now.0 && !stale {
                    refused_until = Some(refused_until.map_or(next_at, |r| r.max(next_at)));
                    counted = true;
                    break;
                }
                let attempts_now = if stale { 1 } else { attempts.saturating_add(1) };
                let swapped = sqlx::query(
                    "UPDATE login_throttle SET attempts = $1, next_at = $2, updated_at = $3 \
                     WHERE throttle_key = $4 AND attempts = $5 AND next_at = $6 AND updated_at = $7",
                )
                .bind(attempts_now)
                .bind(now.0.saturating_add(throttle.delay_after(attempts_now)))
                .bind(now.0)
                .bind(&throttle.key)
                .bind(attempts)
                .bind(next_at)
                .bind(updated_at)
                .execute(&mut *tx)
                .await?;
                if swapped.rows_affected() == 1 {
                    counted = true;
                    break;
                }
            }
            if !counted {
                // Too much contention on one key: that is itself a flood.
                refused_until = Some(now.0.saturating_add(1000));
            }
        }
        if let Some(until) = refused_until {
            tx.rollback().await?;
            return Ok(Some(Millis(until)));
        }
        tx.commit().await?;
        Ok(None)
    }

    pub(super) async fn clear_login_throttles(&self, keys: &[String]) -> Result<()> {
        let (_g, mut tx) = self.write_tx().await?;
        for key in keys {
            sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn record_login_failure(
        &self,
        username: &str,
        address: Option<&str>,
        now: Millis,
    ) -> Result<()> {
        let day_ago = now.0 - 24 * 3_600_000;
        let (_g, mut tx) = self.write_tx().await?;
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(day_ago)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_throttle WHERE updated_at < $1")
            .bind(day_ago)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO login_failures (login_key, address, at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(address)
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn recent_login_failures(&self, limit: i64) -> Result<Vec<LoginFailure>> {
        let rows = sqlx::query(
            "SELECT login_key, address, at FROM login_failures ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LoginFailure {
                    username: r.try_get("login_key")?,
                    address: r.try_get("address")?,
                    at: Self::millis(r, "at")?,
                })
            })
            .collect()
    }
}
