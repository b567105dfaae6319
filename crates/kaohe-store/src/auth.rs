//! Password hashing (argon2id) and random tokens, stored only as hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    fill_random(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches a stored hash. A malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that no password matches, verified against when a login name is
/// unknown so that the answer takes as long as for a known one.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("kaohe-no-such-user"))
}

fn fill_random(buf: &mut [u8]) {
    getrandom::getrandom(buf).expect("the operating system's random source works");
}

/// A fresh 256-bit secret as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    fill_random(&mut bytes);
    hex(&bytes)
}

/// The stored form of a token: SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The rule for login names, in words for every place that refuses one.
pub fn check_username(name: &str) -> Result<(), &'static str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err("用户名只能用字母、数字、汉字和 . _ -，最多 64 个字符")
    }
}

/// The rule for passwords, simple enough to say in one sentence.
pub fn check_password(password: &str) -> Result<(), &'static str> {
    match password.chars().count() {
        n if n < 8 => Err("密码至少 8 个字符"),
        n if n > 200 => Err("密码最多 200 个字符"),
        _ => Ok(()),
    }
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("正确的密码");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("正确的密码", &h));
        assert!(!verify_password("错误的密码", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(h, hash_password("正确的密码"), "salted");
    }

    #[test]
    fn account_rules() {
        for (name, ok) in [
            ("zhang", true),
            ("张三.2023", true),
            ("a-b_c", true),
            ("", false),
            ("a b", false),
            ("x'", false),
        ] {
            assert_eq!(check_username(name).is_ok(), ok, "{name:?}");
        }
        assert!(check_username(&"a".repeat(65)).is_err());
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        assert!(check_password(&"x".repeat(201)).is_err());
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
