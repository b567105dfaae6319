//! Content streams: the operands and operators that draw a page, read one
//! operator at a time with the same bounded object parser as the file (so
//! deep nesting in an operand is `TooLarge(Depth)`), inline images skipped.
//!
//! Nothing is collected: each operator is handed to the caller with its
//! operands and forgotten, so a 32 MB stream of path operators costs time
//! in proportion to its length and no more memory than one operator.

use super::object::{is_white, Object, Parser, Token};
use crate::{Budget, ImportError};

/// Operands kept before an operator; more (a run of numbers with no
/// operator) are garbage, dropped so memory stays small.
const MAX_OPERANDS: usize = 64;

/// How often (in operators) the clock is checked.
const CLOCK_EVERY: usize = 4096;

/// Calls `visit` with each operator and its operands, in order. Malformed
/// content ends the stream quietly (what was drawn so far is kept); a limit
/// passed ends the read.
pub fn operations(
    data: &[u8],
    budget: &mut Budget,
    mut visit: impl FnMut(&[u8], &[Object], &mut Budget) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut parser = Parser::new(data, 0);
    let mut operands: Vec<Object> = Vec::new();
    let mut count = 0usize;
    loop {
        match parser.token(budget, 0) {
            Ok(Token::Object(o)) => {
                if operands.len() >= MAX_OPERANDS {
                    operands.clear();
                }
                operands.push(o);
            }
            Ok(Token::Keyword(b"BI")) => {
                skip_inline_image(&mut parser, budget)?;
                operands.clear();
            }
            Ok(Token::Keyword(operator)) => {
                count += 1;
                if count.is_multiple_of(CLOCK_EVERY) {
                    budget.time()?;
                }
                visit(operator, &operands, budget)?;
                operands.clear();
            }
            Ok(Token::End) => return Ok(()),
            Err(ImportError::TooLarge(limit)) => return Err(ImportError::TooLarge(limit)),
            Err(_) => return Ok(()),
        }
    }
}

/// Skips `BI … ID <binary> EI`: the image's parameters, then its data up to
/// an `EI` between white space.
fn skip_inline_image(parser: &mut Parser<'_>, budget: &Budget) -> Result<(), ImportError> {
    loop {
        match parser.token(budget, 0) {
            Ok(Token::Keyword(b"ID")) => break,
            Ok(Token::End) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
    let data = parser.rest();
    let start = parser.pos;
    let mut i = 1;
    while i + 1 < data.len() {
        if &data[i..i + 2] == b"EI"
            && is_white(data[i - 1])
            && data.get(i + 2).is_none_or(|b| is_white(*b))
        {
            parser.pos = start + i + 2;
            return Ok(());
        }
        i += 1;
    }
    parser.pos = start + data.len();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Limit, Limits};

    fn ops(data: &[u8]) -> Result<Vec<String>, ImportError> {
        let mut budget = Budget::new(Limits::default());
        let mut seen = Vec::new();
        operations(data, &mut budget, |op, operands, _| {
            seen.push(format!(
                "{}:{}",
                String::from_utf8_lossy(op),
                operands.len()
            ));
            Ok(())
        })?;
        Ok(seen)
    }

    #[test]
    fn operators_come_with_their_operands() {
        let cases: Vec<(&[u8], Vec<&str>)> = vec![
            (
                b"q 1 0 0 1 0 0 cm BT /F1 12 Tf (a) Tj ET Q",
                vec!["q:0", "cm:6", "BT:0", "Tf:2", "Tj:1", "ET:0", "Q:0"],
            ),
            (b"[(a) -20 (b)] TJ", vec!["TJ:1"]),
            (
                b"0 0 m 1 1 l S % comment\nT*",
                vec!["m:2", "l:2", "S:0", "T*:0"],
            ),
            (
                b"q BI /W 2 /H 1 /BPC 8 ID \x00EI\xff\n EI Q",
                vec!["q:0", "Q:0"],
            ),
            (b"BT (unterminated", vec!["BT:0"]),
            (b"1 2 3 4 5", vec![]),
        ];
        for (data, want) in cases {
            assert_eq!(
                ops(data).unwrap(),
                want,
                "{}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn deep_operands_pass_the_depth_limit() {
        let data = format!("{} TJ", "[".repeat(5000));
        assert_eq!(
            ops(data.as_bytes()),
            Err(ImportError::TooLarge(Limit::Depth(64)))
        );
    }
}
