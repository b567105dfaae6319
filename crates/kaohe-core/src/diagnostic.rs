//! What the core noticed while reading: never errors, always a best result.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// At most this many notes with the same words are listed; the rest are
/// counted in one line.
pub const SAME_NOTE_LISTED: usize = 20;
/// At most this many notes are listed in all.
pub const NOTES_LISTED: usize = 200;

/// A note about the input, tied to a line of the original text where it can be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// 1-based line of the original text, when the note is about one line.
    pub line: Option<u32>,
    /// A plain Chinese sentence for the person who owns the table.
    pub message: String,
}

impl Diagnostic {
    /// A note about one line.
    pub fn at(line: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: Some(line),
            message: message.into(),
        }
    }

    /// A note about the whole document.
    pub fn general(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            message: message.into(),
        }
    }
}

/// Keeps a report readable and its size bounded whatever the input: a note
/// repeated on every one of 100,000 lines is listed [`SAME_NOTE_LISTED`]
/// times and then counted; no more than [`NOTES_LISTED`] are listed in all.
/// Order is kept.
pub fn condense(notes: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if notes.len() <= SAME_NOTE_LISTED {
        return notes;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for n in &notes {
        *seen.entry(n.message.as_str()).or_default() += 1;
    }
    let mut listed: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut unlisted = 0usize;
    for n in &notes {
        let count = listed.entry(n.message.as_str()).or_default();
        *count += 1;
        if *count > SAME_NOTE_LISTED || out.len() >= NOTES_LISTED {
            unlisted += 1;
            continue;
        }
        out.push(n.clone());
        if *count == SAME_NOTE_LISTED && seen[n.message.as_str()] > SAME_NOTE_LISTED {
            out.push(Diagnostic::general(format!(
                "“{}”共 {} 处，只列出前 {SAME_NOTE_LISTED} 处",
                n.message,
                seen[n.message.as_str()]
            )));
        }
    }
    if unlisted > 0 && out.len() >= NOTES_LISTED {
        out.push(Diagnostic::general(format!(
            "提示太多，另有 {unlisted} 条未列出"
        )));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_notes_are_counted_not_listed() {
        let many: Vec<Diagnostic> = (1..=99_000)
            .map(|l| Diagnostic::at(l, "同一句提示"))
            .collect();
        let out = condense(many);
        assert_eq!(out.len(), SAME_NOTE_LISTED + 1);
        assert_eq!(out[0], Diagnostic::at(1, "同一句提示"));
        assert_eq!(
            out.last().unwrap().message,
            "“同一句提示”共 99000 处，只列出前 20 处"
        );
        let varied: Vec<Diagnostic> = (1..=1000)
            .map(|l| Diagnostic::at(l, format!("第 {l} 种提示")))
            .collect();
        let out = condense(varied);
        assert_eq!(out.len(), NOTES_LISTED + 1);
        assert_eq!(out.last().unwrap().message, "提示太多，另有 800 条未列出");
        let few = vec![Diagnostic::general("一"), Diagnostic::general("二")];
        assert_eq!(condense(few.clone()), few);
    }
}
