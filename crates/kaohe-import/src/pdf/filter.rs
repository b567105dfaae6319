//! Stream filters: FlateDecode (with PNG predictors), ASCIIHexDecode and
//! ASCII85Decode, applied in the order the stream names them.
//!
//! Inflating always goes through [`Budget::inflate`], so no stream grows
//! past the part, file or ratio limits however small it is stored. Image
//! filters (DCT, JBIG2, CCITT …) hold no text: such a stream is skipped.

use flate2::read::ZlibDecoder;

use super::object::{is_white, Dict, Object};
use crate::{Budget, ImportError};

/// Columns of a predictor row beyond which the parameters are nonsense.
const MAX_ROW: usize = 1 << 16;

/// The stream's bytes with its filters undone; `None` for a filter that is
/// not read here (an image). `resolve` follows references in the stream's
/// dictionary.
pub fn decode<'o>(
    dict: &'o Dict,
    raw: &[u8],
    resolve: impl Fn(&'o Object) -> &'o Object,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, ImportError> {
    let one_or_many = |o: Option<&'o Object>| -> Vec<&'o Object> {
        match o.map(&resolve) {
            Some(Object::Array(items)) => items.iter().map(&resolve).collect(),
            Some(Object::Null) | None => Vec::new(),
            Some(other) => vec![other],
        }
    };
    let filters = one_or_many(dict.get(b"Filter").or_else(|| dict.get(b"F")));
    let params = one_or_many(dict.get(b"DecodeParms").or_else(|| dict.get(b"DP")));
    if filters.is_empty() {
        return Ok(Some(raw.to_vec()));
    }
    let mut data = raw.to_vec();
    for (i, filter) in filters.iter().enumerate() {
        let param = params.get(i).and_then(|p| p.as_dict());
        data = match filter.as_name() {
            Some(b"FlateDecode" | b"Fl") => {
                let stored = data.len() as u64;
                let inflated = budget.inflate(ZlibDecoder::new(data.as_slice()), stored)?;
                match param {
                    Some(p) => unpredict(inflated, p, &resolve),
                    None => inflated,
                }
            }
            Some(b"ASCIIHexDecode" | b"AHx") => ascii_hex(&data),
            Some(b"ASCII85Decode" | b"A85") => ascii85(&data),
            _ => return Ok(None),
        };
        budget.time()?;
    }
    Ok(Some(data))
}

/// Undoes a PNG predictor (/Predictor ≥ 10); other predictors are left as is.
fn unpredict<'o>(
    data: Vec<u8>,
    params: &'o Dict,
    resolve: impl Fn(&'o Object) -> &'o Object,
) -> Vec<u8> {
    let int = |key: &[u8], default: i64| {
        params
            .get(key)
            .map(&resolve)
            .and_then(Object::as_int)
            .unwrap_or(default)
    };
    if int(b"Predictor", 1) < 10 {
        return data;
    }
    let columns = int(b"Columns", 1).clamp(1, MAX_ROW as i64) as usize;
    let colors = int(b"Colors", 1).clamp(1, 32) as usize;
    let bits = int(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let pixel = (colors * bits).div_ceil(8).max(1);
    let row = (columns * colors * bits).div_ceil(8);
    let mut out = Vec::with_capacity(data.len());
    let mut previous = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let Some((&kind, bytes)) = chunk.split_first() else {
            break;
        };
        let mut current = bytes.to_vec();
        current.resize(row, 0);
        for i in 0..row {
            let left = if i >= pixel { current[i - pixel] } else { 0 };
            let up = previous[i];
            let up_left = if i >= pixel { previous[i - pixel] } else { 0 };
            let add = match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            };
            current[i] = current[i].wrapping_add(add);
        }
        out.extend_from_slice(&current[..bytes.len().min(row)]);
        previous = current;
    }
    out
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|b| **b != b'>')
        .filter_map(|b| (*b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 5 * 4);
    let mut group = [0u8; 5];
    let mut filled = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if filled == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[filled] = b - b'!';
                filled += 1;
                if filled == 5 {
                    out.extend_from_slice(&base85_word(&group).to_be_bytes());
                    filled = 0;
                }
            }
            _ if is_white(b) => {}
            _ => break,
        }
    }
    if filled > 1 {
        for slot in group.iter_mut().skip(filled) {
            *slot = 84;
        }
        let word = base85_word(&group).to_be_bytes();
        out.extend_from_slice(&word[..filled - 1]);
    }
    out
}

fn base85_word(group: &[u8; 5]) -> u32 {
    group
        .iter()
        .fold(0u32, |w, d| w.wrapping_mul(85).wrapping_add(u32::from(*d)))
}

/// Compresses `data` as FlateDecode does; for tests that build streams.
#[cfg(test)]
pub fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    fn dict(entries: Vec<(&str, Object)>) -> Dict {
        Dict(
            entries
                .into_iter()
                .map(|(k, v)| (k.as_bytes().to_vec(), v))
                .collect(),
        )
    }

    fn name(n: &str) -> Object {
        Object::Name(n.as_bytes().to_vec())
    }

    #[test]
    fn filters_decode_in_order() {
        let text = b"BT /F1 12 Tf (Hi) Tj ET".to_vec();
        let flate = deflate(&text);
        let hex_of_flate: Vec<u8> = flate
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect();
        let cases: Vec<(Dict, Vec<u8>, Option<Vec<u8>>)> = vec![
            (dict(vec![]), text.clone(), Some(text.clone())),
            (
                dict(vec![("Filter", name("FlateDecode"))]),
                flate.clone(),
                Some(text.clone()),
            ),
            (
                dict(vec![("Filter", name("ASCIIHexDecode"))]),
                b"48 69>".to_vec(),
                Some(b"Hi".to_vec()),
            ),
            (
                dict(vec![("Filter", name("ASCII85Decode"))]),
                b"<~87cURD]i,\"Ebo80~>".to_vec(),
                Some(b"Hello World!".to_vec()),
            ),
            (
                dict(vec![("Filter", name("ASCII85Decode"))]),
                b"z~>".to_vec(),
                Some(vec![0; 4]),
            ),
            (
                dict(vec![(
                    "Filter",
                    Object::Array(vec![name("AHx"), name("Fl")]),
                )]),
                hex_of_flate,
                Some(text.clone()),
            ),
            (
                dict(vec![("Filter", name("DCTDecode"))]),
                b"\xff\xd8".to_vec(),
                None,
            ),
        ];
        for (d, raw, want) in cases {
            let mut budget = Budget::new(Limits::default());
            assert_eq!(decode(&d, &raw, |o| o, &mut budget).unwrap(), want);
        }
    }

    #[test]
    fn png_predictors_are_undone() {
        // Two rows of 3 columns: None, then Up.
        let rows = [0u8, 1, 2, 3, 2, 1, 1, 1];
        let params = dict(vec![
            ("Predictor", Object::Int(12)),
            ("Columns", Object::Int(3)),
        ]);
        assert_eq!(
            unpredict(rows.to_vec(), &params, |o| o),
            vec![1, 2, 3, 2, 3, 4]
        );
        // Sub and Paeth on one row each.
        let rows = [1u8, 5, 1, 1, 4, 0, 0, 0];
        assert_eq!(
            unpredict(rows.to_vec(), &params, |o| o),
            vec![5, 6, 7, 5, 6, 7]
        );
        // A short last row keeps what it has.
        let rows = [0u8, 9];
        assert_eq!(unpredict(rows.to_vec(), &params, |o| o), vec![9]);
    }
}
