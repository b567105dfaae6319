//! A PDF file's structure: its objects, its trailer and its pages.
//!
//! Objects are found by scanning the file for `N G obj` headers, as lenient
//! readers do, instead of trusting the cross-reference table: a damaged or
//! hand-edited table then costs nothing, and a later object with the same
//! number (an incremental update) overrides an earlier one. Object streams
//! (`/Type /ObjStm`, which Word, Chromium and LibreOffice write) are opened
//! and their objects take the container's place in that order.
//!
//! Everything is bounded: each stream inflates through the [`Budget`],
//! references are followed a fixed number of hops (a cycle ends as null),
//! the page tree is walked with a visited set and a depth limit, and the
//! clock is checked as objects are read.

use std::collections::{HashMap, HashSet};

use super::filter;
use super::object::{is_regular, is_white, malformed, Dict, Object, Parser, Stream, Token};
use crate::{Budget, ImportError};

/// How many references in a row are followed before giving up (a cycle).
const MAX_HOPS: usize = 32;

/// How often (in objects) the clock is checked.
const CLOCK_EVERY: usize = 1024;

/// Most objects read from one file (a 500-page report has tens of
/// thousands); past it the rest of the file is ignored, so memory stays
/// in proportion.
const MAX_OBJECTS: usize = 2_000_000;

/// Bytes a trailer dictionary or a `/Length` object may span.
const MAX_TRAILER_BYTES: usize = 1 << 16;
const MAX_LENGTH_BYTES: usize = 256;

static NULL: Object = Object::Null;

/// The objects of a PDF file and where its catalog is.
pub struct Document {
    objects: HashMap<u32, Object>,
    root: Object,
}

/// One page: the resources it uses and its content (a stream or an array
/// of streams).
pub struct Page<'d> {
    pub resources: Option<&'d Dict>,
    pub contents: Option<&'d Object>,
}

/// An `N G obj` header: the object number and where its body starts.
struct Header {
    number: u32,
    start: usize,
    body: usize,
}

/// Every position of `needle` (not empty) in `haystack`, in order.
fn find_all<'h>(haystack: &'h [u8], needle: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
    let first = needle.first().copied();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let first = first?;
        let offset = haystack.get(from..)?.iter().position(|b| *b == first)?;
        let at = from + offset;
        from = at + 1;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
    })
}

/// Digits ending at `end` (exclusive): their start and value.
fn digits_before(bytes: &[u8], end: usize, max_len: usize) -> Option<(usize, u64)> {
    let mut start = end;
    while start > 0 && bytes.get(start - 1).is_some_and(u8::is_ascii_digit) {
        start -= 1;
    }
    let digits = bytes.get(start..end)?;
    if digits.is_empty() || digits.len() > max_len {
        return None;
    }
    let value = digits
        .iter()
        .fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
    Some((start, value))
}

fn white_before(bytes: &[u8], end: usize) -> usize {
    let mut start = end;
    while start > 0 && bytes.get(start - 1).is_some_and(|b| is_white(*b)) {
        start -= 1;
    }
    start
}

/// The `N G obj` headers of the file, in file order.
fn headers(bytes: &[u8]) -> Vec<Header> {
    find_all(bytes, b"obj")
        .filter_map(|at| {
            if bytes.get(at + 3).is_some_and(|b| is_regular(*b)) {
                return None;
            }
            let gap = white_before(bytes, at);
            if gap == at {
                return None;
            }
            let (generation_start, _) = digits_before(bytes, gap, 5)?;
            let gap = white_before(bytes, generation_start);
            if gap == generation_start {
                return None;
            }
            let (start, number) = digits_before(bytes, gap, 10)?;
            if start > 0 && bytes.get(start - 1).is_some_and(|b| is_regular(*b)) {
                return None;
            }
            Some(Header {
                number: u32::try_from(number).ok()?,
                start,
                body: at + 3,
            })
        })
        .collect()
}

/// Reads one indirect object's body (after `obj`): the object, and where
/// reading stopped. A dictionary followed by `stream` becomes a stream.
///
/// The object itself is read only up to `limit` (the next header), so a
/// broken object costs the bytes up to the next one, never the rest of the
/// file; its stream data may run past it.
fn read_object(
    bytes: &[u8],
    body: usize,
    limit: usize,
    endstreams: &[usize],
    length_of: &dyn Fn(&Object) -> Option<usize>,
    budget: &Budget,
) -> Result<(Object, usize), ImportError> {
    let mut parser = Parser::new(bytes.get(..limit).unwrap_or(bytes), body);
    let object = match parser.token(budget, 0)? {
        Token::Object(o) => o,
        Token::Keyword(b"endobj") => return Ok((Object::Null, parser.pos)),
        _ => return Err(malformed("对象不完整")),
    };
    let after_object = parser.pos;
    let mut parser = Parser::new(bytes, after_object);
    parser.skip_white();
    let Object::Dict(dict) = object else {
        return Ok((object, after_object));
    };
    if !parser.rest().starts_with(b"stream") {
        return Ok((Object::Dict(dict), after_object));
    }
    let mut start = parser.pos + b"stream".len();
    if bytes.get(start) == Some(&b'\r') {
        start += 1;
    }
    if bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    // The declared length, when `endstream` really follows it.
    let declared = dict
        .get(b"Length")
        .and_then(length_of)
        .and_then(|len| start.checked_add(len))
        .filter(|end| {
            let mut p = Parser::new(bytes, *end);
            p.skip_white();
            p.rest().starts_with(b"endstream")
        });
    let (end, resume) = match declared {
        Some(end) => (end, end),
        None => {
            let next = endstreams.partition_point(|p| *p < start);
            match endstreams.get(next) {
                Some(&at) => {
                    let mut end = at;
                    if end > start && bytes.get(end - 1) == Some(&b'\n') {
                        end -= 1;
                    }
                    if end > start && bytes.get(end - 1) == Some(&b'\r') {
                        end -= 1;
                    }
                    (end, at)
                }
                None => (bytes.len(), bytes.len()),
            }
        }
    };
    let raw = bytes.get(start..end).unwrap_or(&[]).to_vec();
    let mut after = Parser::new(bytes, resume);
    after.skip_white();
    let resume = if after.rest().starts_with(b"endstream") {
        after.pos + b"endstream".len()
    } else {
        resume
    };
    Ok((Object::Stream(Stream { dict, raw }), resume))
}

fn has_type(object: &Object, name: &[u8]) -> bool {
    object
        .as_dict()
        .and_then(|d| d.get(b"Type"))
        .and_then(Object::as_name)
        == Some(name)
}

impl Document {
    /// Reads the file's objects and finds its catalog.
    pub fn load(bytes: &[u8], budget: &mut Budget) -> Result<Document, ImportError> {
        let headers = headers(bytes);
        let endstreams: Vec<usize> = find_all(bytes, b"endstream").collect();
        // Where each number's last header is, for `/Length n 0 R`.
        let last_header: HashMap<u32, usize> = headers.iter().map(|h| (h.number, h.body)).collect();
        let length_of = |o: &Object| -> Option<usize> {
            let value = match o {
                Object::Ref(n, _) => {
                    let body = *last_header.get(n)?;
                    let end = body.saturating_add(MAX_LENGTH_BYTES).min(bytes.len());
                    Parser::new(bytes.get(..end)?, body)
                        .object(budget, 0)
                        .ok()?
                        .as_int()?
                }
                other => other.as_int()?,
            };
            usize::try_from(value).ok()
        };
        // (position, number, object): later positions win.
        let mut objects: HashMap<u32, (usize, Object)> = HashMap::new();
        let mut resume = 0;
        for (i, header) in headers.iter().enumerate() {
            // A header inside the previous object's stream is stream data.
            if header.start < resume {
                continue;
            }
            if objects.len() >= MAX_OBJECTS {
                break;
            }
            budget.time()?;
            let limit = headers.get(i + 1).map_or(bytes.len(), |next| next.start);
            match read_object(bytes, header.body, limit, &endstreams, &length_of, budget) {
                Ok((object, end)) => {
                    objects.insert(header.number, (header.start, object));
                    resume = end;
                }
                Err(ImportError::TooLarge(limit)) => return Err(ImportError::TooLarge(limit)),
                Err(_) => {}
            }
        }
        let trailers = Self::trailers(bytes, &objects, budget)?;
        if trailers.iter().any(|t| t.get(b"Encrypt").is_some()) {
            return Err(ImportError::Unreadable("PDF", "文件已加密".into()));
        }
        Self::open_object_streams(&mut objects, budget)?;
        let objects: HashMap<u32, Object> = objects.into_iter().map(|(n, (_, o))| (n, o)).collect();
        let root = trailers
            .iter()
            .rev()
            .find_map(|t| t.get(b"Root").cloned())
            .or_else(|| {
                // No trailer: the catalog by its type (lowest number, so
                // the choice does not depend on hashing).
                objects
                    .iter()
                    .filter(|(_, o)| has_type(o, b"Catalog"))
                    .min_by_key(|(n, _)| **n)
                    .map(|(n, _)| Object::Ref(*n, 0))
            })
            .ok_or_else(|| malformed("找不到文档目录"))?;
        Ok(Document { objects, root })
    }

    /// The trailer dictionaries (`trailer << … >>` and cross-reference
    /// streams), in file order.
    fn trailers(
        bytes: &[u8],
        objects: &HashMap<u32, (usize, Object)>,
        budget: &Budget,
    ) -> Result<Vec<Dict>, ImportError> {
        let mut found: Vec<(usize, Dict)> = Vec::new();
        for at in find_all(bytes, b"trailer") {
            let end = at.saturating_add(MAX_TRAILER_BYTES).min(bytes.len());
            let mut parser = Parser::new(&bytes[..end], at + b"trailer".len());
            if let Ok(Object::Dict(d)) = parser.object(budget, 0) {
                found.push((at, d));
            }
        }
        budget.time()?;
        for (position, object) in objects.values() {
            if let Object::Stream(s) = object {
                if has_type(object, b"XRef") {
                    found.push((*position, s.dict.clone()));
                }
            }
        }
        found.sort_by_key(|(p, _)| *p);
        Ok(found.into_iter().map(|(_, d)| d).collect())
    }

    /// Adds the objects inside object streams, each at its container's
    /// position (so a later direct object still overrides it).
    fn open_object_streams(
        objects: &mut HashMap<u32, (usize, Object)>,
        budget: &mut Budget,
    ) -> Result<(), ImportError> {
        let mut containers: Vec<(usize, u32)> = objects
            .iter()
            .filter(|(_, (_, o))| matches!(o, Object::Stream(_)) && has_type(o, b"ObjStm"))
            .map(|(n, (p, _))| (*p, *n))
            .collect();
        containers.sort_unstable();
        let mut count = 0usize;
        for (position, number) in containers {
            let Some((_, Object::Stream(stream))) = objects.get(&number) else {
                continue;
            };
            // An object stream's own dictionary uses direct values.
            let Some(data) = filter::decode(&stream.dict, &stream.raw, |o| o, budget)? else {
                continue;
            };
            let int = |key: &[u8]| {
                stream
                    .dict
                    .get(key)
                    .and_then(Object::as_int)
                    .and_then(|v| usize::try_from(v).ok())
            };
            let (Some(n), Some(first)) = (int(b"N"), int(b"First")) else {
                continue;
            };
            let index_end = first.min(data.len());
            let mut index = Parser::new(&data[..index_end], 0);
            let mut entries: Vec<(u32, usize)> = Vec::new();
            while entries.len() < n {
                let (Ok(Object::Int(num)), Ok(Object::Int(offset))) =
                    (index.object(budget, 0), index.object(budget, 0))
                else {
                    break;
                };
                let (Ok(num), Ok(offset)) = (u32::try_from(num), usize::try_from(offset)) else {
                    break;
                };
                let start = first.saturating_add(offset);
                // Offsets rise; one that does not would make objects overlap.
                if entries
                    .last()
                    .is_some_and(|(_, previous)| *previous >= start)
                {
                    break;
                }
                entries.push((num, start));
            }
            for (k, (num, start)) in entries.iter().enumerate() {
                count += 1;
                if count.is_multiple_of(CLOCK_EVERY) {
                    budget.time()?;
                }
                if objects.len() >= MAX_OBJECTS {
                    return Ok(());
                }
                if objects.get(num).is_some_and(|(p, _)| *p > position) {
                    continue;
                }
                // Each object ends where the next begins.
                let end = entries
                    .get(k + 1)
                    .map_or(data.len(), |(_, next)| *next)
                    .min(data.len());
                let Some(slice) = data.get(*start..end) else {
                    continue;
                };
                match Parser::new(slice, 0).object(budget, 0) {
                    Ok(object) => {
                        objects.insert(*num, (position, object));
                    }
                    Err(ImportError::TooLarge(limit)) => return Err(ImportError::TooLarge(limit)),
                    Err(_) => {}
                }
            }
        }
        Ok(())
    }

    /// The object a reference points to (following a chain of references a
    /// few hops); null when missing or circular. Other objects are themselves.
    pub fn resolve<'d>(&'d self, mut object: &'d Object) -> &'d Object {
        for _ in 0..MAX_HOPS {
            match object {
                Object::Ref(n, _) => object = self.objects.get(n).unwrap_or(&NULL),
                other => return other,
            }
        }
        &NULL
    }

    /// A dictionary entry, resolved.
    pub fn get<'d>(&'d self, dict: &'d Dict, key: &[u8]) -> Option<&'d Object> {
        match self.resolve(dict.get(key)?) {
            Object::Null => None,
            other => Some(other),
        }
    }

    /// A stream's bytes with its filters undone; `None` when `object` is
    /// not a stream or uses a filter not read here.
    pub fn stream_data(
        &self,
        object: &Object,
        budget: &mut Budget,
    ) -> Result<Option<Vec<u8>>, ImportError> {
        match self.resolve(object) {
            Object::Stream(s) => filter::decode(&s.dict, &s.raw, |o| self.resolve(o), budget),
            _ => Ok(None),
        }
    }

    /// The pages in order, each with its (inherited) resources.
    pub fn pages(&self, budget: &Budget) -> Result<Vec<Page<'_>>, ImportError> {
        let mut pages = Vec::new();
        let Some(catalog) = self.resolve(&self.root).as_dict() else {
            return Ok(pages);
        };
        let Some(tree) = catalog.get(b"Pages") else {
            return Ok(pages);
        };
        let mut visited: HashSet<u32> = HashSet::new();
        // (node, inherited resources, depth); kids pushed in reverse so
        // pages come out in order.
        let mut stack: Vec<(&Object, Option<&Dict>, usize)> = vec![(tree, None, 1)];
        let mut steps = 0usize;
        while let Some((node, inherited, depth)) = stack.pop() {
            steps += 1;
            if steps.is_multiple_of(CLOCK_EVERY) {
                budget.time()?;
            }
            if let Object::Ref(n, _) = node {
                if !visited.insert(*n) {
                    continue;
                }
            }
            let Some(dict) = self.resolve(node).as_dict() else {
                continue;
            };
            budget.depth(depth)?;
            let resources = self
                .get(dict, b"Resources")
                .and_then(Object::as_dict)
                .or(inherited);
            match self.get(dict, b"Kids") {
                Some(Object::Array(kids)) => {
                    for kid in kids.iter().rev() {
                        stack.push((kid, resources, depth.saturating_add(1)));
                    }
                }
                _ if has_type(self.resolve(node), b"Pages") => {}
                _ => pages.push(Page {
                    resources,
                    contents: self.get(dict, b"Contents"),
                }),
            }
        }
        Ok(pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_and_lookalikes_are_not() {
        let file =
            b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n12 3 obj<<>>endobj x2 0 obj 4 0 object 5 0obj";
        let found: Vec<u32> = headers(file).iter().map(|h| h.number).collect();
        assert_eq!(found, [1, 12]);
    }
}
