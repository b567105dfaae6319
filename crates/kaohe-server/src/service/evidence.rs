//! Evidence files: which kinds are accepted, told by their bytes.

/// The real type of an evidence file, from its first bytes; the name's
/// extension only chooses among the Office formats that share a container.
pub fn sniff(bytes: &[u8], filename: &str) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some("image/jpeg");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some("image/gif");
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match ext.as_str() {
            "docx" => {
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            }
            "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "pptx" => {
                Some("application/vnd.openxmlformats-officedocument.presentationml.presentation")
            }
            "ofd" => Some("application/ofd"),
            "zip" => Some("application/zip"),
            _ => None,
        };
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return match ext.as_str() {
            "doc" | "wps" => Some("application/msword"),
            "xls" | "et" => Some("application/vnd.ms-excel"),
            "ppt" | "dps" => Some("application/vnd.ms-powerpoint"),
            _ => None,
        };
    }
    None
}
