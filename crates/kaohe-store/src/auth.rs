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

/// The passwords people choose most often (one per line, `#` comments).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l.to_lowercase() == lower)
}

/// One character repeated, a run of consecutive characters (12345678,
/// abcdefgh, 87654321) or a run along a keyboard row (qwertyui, asdfghjk).
fn is_pattern(password: &str) -> bool {
    let chars: Vec<char> = password.to_lowercase().chars().collect();
    if chars.windows(2).all(|w| w[0] == w[1]) {
        return true;
    }
    let steps = |step: i32| chars.windows(2).all(|w| w[1] as i32 - w[0] as i32 == step);
    if steps(1) || steps(-1) {
        return true;
    }
    const ROWS: &[&str] = &["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let text: String = chars.iter().collect();
    ROWS.iter().any(|row| {
        let reversed: String = row.chars().rev().collect();
        row.contains(&text) || reversed.contains(&text)
    })
}

/// The rule for passwords: 8 to 200 characters, not one of the most common
/// passwords, not a simple pattern, and not the user name.
pub fn check_password(password: &str, username: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < 8 {
        return Err("密码至少 8 个字符");
    }
    if n > 200 {
        return Err("密码最多 200 个字符");
    }
    let lower = password.to_lowercase();
    let name = username.trim().to_lowercase();
    if name.chars().count() >= 3 && lower.contains(&name) {
        return Err("密码不能包含用户名");
    }
    if is_common(password) || is_pattern(password) {
        return Err("这个密码太常见、太容易被猜中，请换一个（可用几个词或一句话组成）");
    }
    Ok(())
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
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn password_rules() {
        // (password, user name, accepted)
        let cases: &[(&str, &str, bool)] = &[
            ("1234567", "zhang", false),
            ("12345678", "zhang", false),
            ("password", "zhang", false),
            ("PassWord1", "zhang", false),
            ("woaini1314", "zhang", false),
            ("aaaaaaaaaa", "zhang", false),
            ("abcdefghij", "zhang", false),
            ("87654321", "zhang", false),
            ("qwertyuio", "zhang", false),
            ("lkjhgfdsa", "zhang", false),
            ("zhang2024!", "zhang", false),
            ("ZHANGsan88", "zhangsan", false),
            ("长江黄河2024", "zhang", true),
            ("correct horse battery", "zhang", true),
            ("Xq7!mR2#pz", "li", true),
            ("Xq7!mR2#pz", "ab", true),
        ];
        for (password, user, ok) in cases {
            assert_eq!(
                check_password(password, user).is_ok(),
                *ok,
                "{password:?} for {user:?}"
            );
        }
        assert!(check_password(&"x9".repeat(101), "zhang").is_err());
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
