//! The rules for accounts, in words for every place that refuses one.

use kaohe_store::auth;

use super::{ServiceError, ServiceResult};

/// Checks a login name by the store's rule.
pub fn check_username(name: &str) -> ServiceResult<()> {
    auth::check_username(name).map_err(|m| ServiceError::Invalid(m.into()))
}

/// Checks a password by the store's rule.
pub fn check_password(password: &str, username: &str) -> ServiceResult<()> {
    auth::check_password(password, username).map_err(|m| ServiceError::Invalid(m.into()))
}
