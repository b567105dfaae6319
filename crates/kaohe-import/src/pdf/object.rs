//! PDF objects (null, booleans, numbers, strings, names, arrays,
//! dictionaries, references) and the lexer that reads them, for both the
//! file's objects and content-stream operands.
//!
//! The reader is bounded by construction: nesting is counted against
//! [`Budget::depth`] (so 5,000 `[` end in `TooLarge(Depth)` instead of a
//! stack overflow), every step consumes input or stops, nothing indexes past
//! the end and numbers saturate instead of overflowing. Malformed input is an
//! [`ImportError::Unreadable`], never a panic.

use crate::{Budget, ImportError, Limit};

/// Nesting the parser never goes past, whatever the budget allows: each
/// level is a stack frame.
const MAX_NESTING: usize = 256;

/// Checks that one level deeper than `depth` is allowed.
fn descend(budget: &Budget, depth: usize) -> Result<(), ImportError> {
    let deeper = depth.saturating_add(1);
    budget.depth(deeper)?;
    if deeper > MAX_NESTING {
        return Err(ImportError::TooLarge(Limit::Depth(MAX_NESTING)));
    }
    Ok(())
}

/// One PDF object. Streams keep their raw (still encoded) bytes.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    String(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    /// An indirect reference `n g R`.
    Ref(u32, u16),
    Stream(Stream),
}

/// A dictionary, in file order; a repeated key takes its last value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A stream: its dictionary and its bytes as stored in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    pub dict: Dict,
    pub raw: Vec<u8>,
}

impl Object {
    /// The number, as PDF geometry needs it; anything else is 0.
    pub fn number(&self) -> f32 {
        match self {
            Object::Int(i) => *i as f32,
            Object::Real(r) => *r as f32,
            _ => 0.0,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    /// A dictionary, or a stream's dictionary.
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
}

/// Malformed PDF syntax, as users see it.
pub fn malformed(what: &str) -> ImportError {
    ImportError::Unreadable("PDF", format!("结构损坏：{what}"))
}

pub fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

pub fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// What the lexer read next: an object, a bare word (an operator, `obj`,
/// `stream`, or a stray `]`, `>>`, `)`), or the end of the input.
#[derive(Debug, PartialEq)]
pub enum Token<'a> {
    Object(Object),
    Keyword(&'a [u8]),
    End,
}

/// Reads objects from bytes, from a position.
pub struct Parser<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Parser<'a> {
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Parser { data, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// Skips white space and comments.
    pub fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token. `depth` is the nesting this token sits at; an array
    /// or dictionary inside it must fit the budget's depth.
    pub fn token(&mut self, budget: &Budget, depth: usize) -> Result<Token<'a>, ImportError> {
        self.skip_white();
        let Some(b) = self.peek() else {
            return Ok(Token::End);
        };
        let start = self.pos;
        match b {
            b'[' => {
                self.pos += 1;
                descend(budget, depth)?;
                let mut items = Vec::new();
                loop {
                    match self.token(budget, depth.saturating_add(1))? {
                        Token::Object(o) => items.push(o),
                        Token::Keyword(b"]") => return Ok(Token::Object(Object::Array(items))),
                        Token::Keyword(_) | Token::End => return Err(malformed("数组没有结束")),
                    }
                }
            }
            b'<' if self.data.get(start + 1) == Some(&b'<') => {
                self.pos += 2;
                descend(budget, depth)?;
                let mut entries = Vec::new();
                loop {
                    match self.token(budget, depth.saturating_add(1))? {
                        Token::Object(Object::Name(key)) => {
                            match self.token(budget, depth.saturating_add(1))? {
                                Token::Object(value) => entries.push((key, value)),
                                Token::Keyword(b">>") => {
                                    entries.push((key, Object::Null));
                                    return Ok(Token::Object(Object::Dict(Dict(entries))));
                                }
                                _ => return Err(malformed("字典没有结束")),
                            }
                        }
                        // A value without a key: dropped, as lenient readers do.
                        Token::Object(_) => {}
                        Token::Keyword(b">>") => {
                            return Ok(Token::Object(Object::Dict(Dict(entries))))
                        }
                        Token::Keyword(_) | Token::End => return Err(malformed("字典没有结束")),
                    }
                }
            }
            b'<' => {
                self.pos += 1;
                self.hex_string().map(|s| Token::Object(Object::String(s)))
            }
            b'>' => {
                let len = if self.data.get(start + 1) == Some(&b'>') {
                    2
                } else {
                    1
                };
                self.pos += len;
                Ok(Token::Keyword(&self.data[start..start + len]))
            }
            b'(' => {
                self.pos += 1;
                self.literal_string()
                    .map(|s| Token::Object(Object::String(s)))
            }
            b'/' => {
                self.pos += 1;
                Ok(Token::Object(Object::Name(self.name())))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Ok(Token::Object(self.number())),
            _ if is_regular(b) => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                let word = &self.data[start..self.pos];
                Ok(match word {
                    b"true" => Token::Object(Object::Bool(true)),
                    b"false" => Token::Object(Object::Bool(false)),
                    b"null" => Token::Object(Object::Null),
                    _ => Token::Keyword(word),
                })
            }
            // `)`, `]`, `{`, `}`: a one-byte word, so the caller decides.
            _ => {
                self.pos += 1;
                Ok(Token::Keyword(&self.data[start..start + 1]))
            }
        }
    }

    /// The next object; a keyword or the end where an object should be is
    /// malformed.
    pub fn object(&mut self, budget: &Budget, depth: usize) -> Result<Object, ImportError> {
        match self.token(budget, depth)? {
            Token::Object(o) => Ok(o),
            Token::Keyword(_) => Err(malformed("此处应为对象")),
            Token::End => Err(malformed("文件提前结束")),
        }
    }

    fn number(&mut self) -> Object {
        let start = self.pos;
        while matches!(self.peek(), Some(b'+' | b'-' | b'.' | b'0'..=b'9')) {
            self.pos += 1;
        }
        let text = &self.data[start..self.pos];
        if text.contains(&b'.') {
            let value = std::str::from_utf8(text)
                .ok()
                .and_then(|t| t.parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .unwrap_or(0.0);
            return Object::Real(value);
        }
        let (negative, digits) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, text),
        };
        let mut value: i64 = 0;
        for d in digits {
            if !d.is_ascii_digit() {
                // `--1`, `1-2`: not a number PDF knows; lenient readers use 0.
                return Object::Int(0);
            }
            value = value.saturating_mul(10).saturating_add(i64::from(d - b'0'));
        }
        let value = if negative { -value } else { value };
        if !negative && !digits.is_empty() && text[0] != b'+' {
            if let Some(reference) = self.reference_after(value) {
                return reference;
            }
        }
        Object::Int(value)
    }

    /// `n g R` when `n` was just read; else the position is left as it was.
    fn reference_after(&mut self, number: i64) -> Option<Object> {
        let number = u32::try_from(number).ok()?;
        let saved = self.pos;
        let found = (|| {
            if !self.peek().is_some_and(is_white) {
                return None;
            }
            self.skip_white();
            let start = self.pos;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.pos += 1;
            }
            let digits = &self.data[start..self.pos];
            if digits.is_empty() || digits.len() > 5 || !self.peek().is_some_and(is_white) {
                return None;
            }
            let generation = digits
                .iter()
                .fold(0u32, |g, d| g * 10 + u32::from(d - b'0'));
            let generation = u16::try_from(generation).ok()?;
            self.skip_white();
            if self.peek() != Some(b'R') {
                return None;
            }
            if self.data.get(self.pos + 1).is_some_and(|b| is_regular(*b)) {
                return None;
            }
            self.pos += 1;
            Some(Object::Ref(number, generation))
        })();
        if found.is_none() {
            self.pos = saved;
        }
        found
    }

    fn name(&mut self) -> Vec<u8> {
        let mut name = Vec::new();
        while let Some(b) = self.peek().filter(|b| is_regular(*b)) {
            self.pos += 1;
            if b == b'#' {
                let hi = self.data.get(self.pos).copied().and_then(hex_digit);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_digit);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    name.push(hi << 4 | lo);
                    self.pos += 2;
                    continue;
                }
            }
            name.push(b);
        }
        name
    }

    fn hex_string(&mut self) -> Result<Vec<u8>, ImportError> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Ok(out);
            }
            // Anything not a hex digit (white space, stray bytes) is skipped.
            if let Some(d) = hex_digit(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | d),
                    None => high = Some(d),
                }
            }
        }
        Err(malformed("十六进制字符串没有结束"))
    }

    fn literal_string(&mut self) -> Result<Vec<u8>, ImportError> {
        let mut out = Vec::new();
        let mut open = 0usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => {
                    open += 1;
                    out.push(b);
                }
                b')' if open == 0 => return Ok(out),
                b')' => {
                    open -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xFF) as u8);
                        }
                        // A backslash at the end of a line continues the string.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        // `\(`, `\)`, `\\`, and any other byte stands for itself.
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        Err(malformed("字符串没有结束"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    fn parse(input: &[u8]) -> Result<Object, ImportError> {
        let budget = Budget::new(Limits::default());
        Parser::new(input, 0).object(&budget, 0)
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    fn string(s: &[u8]) -> Object {
        Object::String(s.to_vec())
    }

    #[test]
    fn every_kind_of_object_parses() {
        use Object::*;
        let cases: Vec<(&[u8], Object)> = vec![
            (b"null", Null),
            (b"true", Bool(true)),
            (b" false ", Bool(false)),
            (b"42", Int(42)),
            (b"-17", Int(-17)),
            (b"+5", Int(5)),
            (b"99999999999999999999999", Int(i64::MAX)),
            (b"3.5", Real(3.5)),
            (b"-.25", Real(-0.25)),
            (b"4.", Real(4.0)),
            (b"1.2.3", Real(0.0)),
            (b"--1", Int(0)),
            (b"(abc)", string(b"abc")),
            (b"(a(b)c)", string(b"a(b)c")),
            (b"(a\\)b)", string(b"a)b")),
            (b"(\\n\\r\\t\\b\\f\\\\)", string(b"\n\r\t\x08\x0C\\")),
            (b"(\\101\\0610\\7)", string(b"A10\x07")),
            (b"(\\777)", string(b"\xFF")),
            (b"(line\\\r\nnext)", string(b"linenext")),
            (b"(\\q)", string(b"q")),
            (b"<48656C6C6F>", string(b"Hello")),
            (b"<48 65 6c\n6C 6f>", string(b"Hello")),
            (b"<414>", string(b"A@")),
            (b"<>", string(b"")),
            (b"/Name", name("Name")),
            (b"/A#20B", name("A B")),
            (b"/A#2", name("A#2")),
            (b"/", name("")),
            (
                b"[1 2.5 /X (s)]",
                Array(vec![Int(1), Real(2.5), name("X"), string(b"s")]),
            ),
            (b"[[[]]]", Array(vec![Array(vec![Array(vec![])])])),
            (b"[1 0 R 2]", Array(vec![Ref(1, 0), Int(2)])),
            (b"12 3 R", Ref(12, 3)),
            (b"1 0 Rx", Int(1)),
            (b"-1 0 R", Int(-1)),
            (
                b"<</Type/Page/Kids[3 0 R]/N 2>>",
                Dict(super::Dict(vec![
                    (b"Type".to_vec(), name("Page")),
                    (b"Kids".to_vec(), Array(vec![Ref(3, 0)])),
                    (b"N".to_vec(), Int(2)),
                ])),
            ),
            (
                b"<< /A << /B [ true ] >> % comment >>\n>>",
                Dict(super::Dict(vec![(
                    b"A".to_vec(),
                    Dict(super::Dict(vec![(b"B".to_vec(), Array(vec![Bool(true)]))])),
                )])),
            ),
            (b"<</A>>", Dict(super::Dict(vec![(b"A".to_vec(), Null)]))),
            (
                b"<<1 /A 2>>",
                Dict(super::Dict(vec![(b"A".to_vec(), Int(2))])),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                parse(input).as_ref(),
                Ok(&want),
                "{}",
                std::string::String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let cases: Vec<&[u8]> = vec![
            b"",
            b"   % only a comment",
            b"(unterminated",
            b"(ends in backslash\\",
            b"<4142",
            b"[1 2",
            b"[1 obj]",
            b"<</A 1",
            b"<</A obj>>",
            b">>",
            b"]",
            b")",
            b"}",
            b"garbage",
            b"<</A [1 (x>>",
        ];
        for input in cases {
            assert!(
                matches!(parse(input), Err(ImportError::Unreadable("PDF", _))),
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn deep_nesting_stops_at_the_depth_limit() {
        for (open, close) in [("[", "]"), ("<</A ", ">>")] {
            let input = format!("{}{}", open.repeat(5000), close.repeat(5000));
            assert_eq!(
                parse(input.as_bytes()),
                Err(ImportError::TooLarge(Limit::Depth(64)))
            );
        }
        // 64 levels are allowed.
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(ok.as_bytes()).is_ok());
        // A budget that allows any depth still stops at the parser's own.
        let budget = Budget::new(Limits {
            max_depth: usize::MAX,
            ..Limits::default()
        });
        let deep = "[".repeat(100_000);
        assert_eq!(
            Parser::new(deep.as_bytes(), 0).object(&budget, 0),
            Err(ImportError::TooLarge(Limit::Depth(MAX_NESTING)))
        );
    }

    #[test]
    fn keywords_are_tokens() {
        let budget = Budget::new(Limits::default());
        let mut p = Parser::new(b"1 0 obj <<>> endobj BT ET", 0);
        let mut words = Vec::new();
        loop {
            match p.token(&budget, 0).unwrap() {
                Token::Keyword(k) => words.push(String::from_utf8_lossy(k).into_owned()),
                Token::Object(_) => {}
                Token::End => break,
            }
        }
        assert_eq!(words, ["obj", "endobj", "BT", "ET"]);
    }
}
