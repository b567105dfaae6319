//! What the core noticed while reading: never errors, always a best result.

use serde::Serialize;

/// A note about the input, tied to a line of the original text where it can be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
