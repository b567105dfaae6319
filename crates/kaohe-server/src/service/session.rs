//! Logging in: throttling counted before the password is checked, a bounded
//! number of argon2 checks at once, and the session it opens.

use std::net::IpAddr;
use std::time::Duration;

use kaohe_store::{auth, Millis, Throttle};

use super::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The throttles a login attempt counts against, most specific first
/// (always in this order, which the store relies on). Guessing one account
/// from one address backs off quickly; one account from many addresses, or
/// many accounts from one address (which behind a proxy without
/// `trust_forwarded_for` is everyone), only after more attempts and never
/// for more than a few minutes, so a colleague cannot be locked out for long.
pub fn login_throttles(username: &str, client: Option<IpAddr>, free: i64) -> Vec<Throttle> {
    const MINUTE: i64 = 60_000;
    let name = username.trim().to_lowercase();
    let mut throttles = Vec::new();
    if let Some(ip) = client {
        throttles.push(Throttle {
            key: format!("pair:{ip}:{name}"),
            free,
            base_ms: 1_000,
            max_ms: 15 * MINUTE,
            window_ms: 60 * MINUTE,
        });
    }
    throttles.push(Throttle {
        key: format!("user:{name}"),
        free: free.saturating_mul(2),
        base_ms: 1_000,
        max_ms: 2 * MINUTE,
        window_ms: 60 * MINUTE,
    });
    if let Some(ip) = client {
        throttles.push(Throttle {
            key: format!("ip:{ip}"),
            free: free.saturating_mul(6),
            base_ms: 1_000,
            max_ms: MINUTE,
            window_ms: 15 * MINUTE,
        });
    }
    throttles
}

/// Runs an argon2 check off the async threads, at most
/// `AppState::password_checks` at a time (each takes ~19 MB and tens of
/// milliseconds), waiting a few seconds for a turn before answering busy.
pub async fn verify_password(
    state: &AppState,
    password: &str,
    hash: String,
) -> ServiceResult<bool> {
    let permit = tokio::time::timeout(
        Duration::from_secs(5),
        state.password_checks.clone().acquire_owned(),
    )
    .await
    .ok()
    .and_then(Result::ok)
    .ok_or_else(|| ServiceError::Busy {
        message: "登录的人太多，请几秒钟后再试".into(),
        retry_after: 5,
    })?;
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        auth::verify_password(&password, &hash)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "a password check failed");
        ServiceError::Busy {
            message: "暂时无法核对密码，请稍后再试".into(),
            retry_after: 5,
        }
    })
}

/// Checks a name and password with throttling; returns the session token,
/// the CSRF token and the user. Shared by the API and the login page.
///
/// The attempt is counted before the password is checked, so simultaneous
/// guesses cannot all slip under the limit; a good login clears the count.
/// Every refusal says the same for known and unknown names.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: &str,
    client: Option<IpAddr>,
) -> ServiceResult<(String, String, kaohe_store::User)> {
    let now = Millis::now();
    let throttles = login_throttles(username, client, state.config.login_max_failures);
    if let Some(next) = state.store.begin_login_attempt(&throttles, now).await? {
        let seconds = ((next.0 - now.0).max(0) as u64).div_ceil(1000);
        return Err(ServiceError::Throttled {
            message: format!(
                "登录尝试过于频繁，请 {} 后再试",
                if seconds >= 60 {
                    format!("{} 分钟", seconds.div_ceil(60))
                } else {
                    format!("{} 秒", seconds.max(1))
                }
            ),
            retry_after: seconds,
        });
    }
    let found = state.store.find_login(username).await?;
    let hash = found
        .as_ref()
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| auth::dummy_hash().to_string());
    let ok = verify_password(state, password, hash).await?;
    let user = match found {
        Some((user, _)) if ok && user.active => user,
        _ => {
            let address = client.map(|a| a.to_string());
            state
                .store
                .record_login_failure(username, address.as_deref(), now)
                .await?;
            tracing::warn!(
                username,
                address = address.as_deref().unwrap_or("-"),
                "login failed"
            );
            return Err(ServiceError::BadLogin("用户名或密码不对".into()));
        }
    };
    // The account's own counts start again; the address's does not, so one
    // good login cannot launder a guessing run from the same place.
    let keys: Vec<String> = throttles
        .into_iter()
        .map(|t| t.key)
        .filter(|k| !k.starts_with("ip:"))
        .collect();
    state.store.clear_login_throttles(&keys).await?;
    let token = auth::new_token();
    let csrf = auth::new_token();
    let expires = Millis(now.0 + state.config.session_millis());
    state
        .store
        .create_session(&auth::token_hash(&token), user.id, &csrf, expires)
        .await?;
    tracing::info!(user = %user.username, "login");
    Ok((token, csrf, user))
}
