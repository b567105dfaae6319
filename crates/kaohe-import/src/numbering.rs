//! Word's automatic numbering (`word/numbering.xml`): a paragraph with
//! `<w:numPr>` shows a number Word counts, not text (`1.`, `（一）`, `一、`).
//! The Word reader writes that number before the paragraph's text, so that
//! the items of a cell (1. 2. 3.) survive.
//!
//! Counting as Word does: every list (`w:num`) refers to an abstract
//! definition (`w:abstractNum`), and lists sharing one definition share its
//! counters, level by level; a list that overrides a level's start
//! (`w:lvlOverride/w:startOverride`, what "restart at 1" writes) restarts
//! that level the first time it is used; a paragraph at a level restarts
//! every deeper level of its definition.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::{Budget, ImportError};

/// Levels a definition has (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;

/// How many XML events pass between two looks at the clock.
const EVENTS_PER_CLOCK_CHECK: u32 = 4096;

/// The largest number written; a list counted further is a damaged file.
const MAX_COUNT: u32 = 100_000;

/// The longest level text kept (Word's own limit is far below): a long one
/// written before every paragraph would multiply the document.
const MAX_LEVEL_TEXT: usize = 64;

#[derive(Clone, Debug, Default)]
struct Level {
    start: Option<u32>,
    format: String,
    text: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct List {
    abstract_id: String,
    /// Levels whose start the list overrides.
    start_override: [Option<u32>; LEVELS],
    /// Levels the list redefines whole.
    levels: [Option<Level>; LEVELS],
    /// Whether its overrides have been applied (on its first paragraph).
    used: bool,
}

/// The numbering definitions of a document, and the counters of the
/// paragraphs numbered so far.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, [Level; LEVELS]>,
    lists: HashMap<String, List>,
    /// Per abstract definition: each level's current number, `None` before
    /// its first paragraph or after a restart.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    /// Paragraph styles (`styles.xml`): the list and level each names, and
    /// the style it is based on.
    styles: HashMap<String, StyleNumbering>,
}

#[derive(Clone, Debug, Default)]
struct StyleNumbering {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// How many styles a style's numbering is looked for through `basedOn`.
const STYLE_DEPTH: usize = 16;

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .map(|a| a.value.to_string())
}

fn level_of(e: &quick_xml::events::BytesStart<'_>) -> Option<usize> {
    attr(e, "w:ilvl")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|l| *l < LEVELS)
}

impl Numbering {
    /// Reads `numbering.xml`; every definition and list counts as a cell
    /// against the budget.
    pub fn parse(xml: &str, budget: &mut Budget) -> Result<Numbering, ImportError> {
        let mut out = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut events = 0u32;
        // Where the walk is: the abstract definition or the list, and the level.
        let mut abstract_id: Option<String> = None;
        let mut abstract_levels: [Level; LEVELS] = Default::default();
        let mut list: Option<(String, List)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        // A damaged numbering part costs the numbers, not the document.
        while let Ok(event) = reader.read_event() {
            events += 1;
            if events.is_multiple_of(EVENTS_PER_CLOCK_CHECK) {
                budget.time()?;
            }
            let (e, closes) = match &event {
                Event::Start(e) => (Some(e.clone()), false),
                Event::Empty(e) => (Some(e.clone()), true),
                Event::End(e) => {
                    match e.name().into_inner() {
                        "w:abstractNum" => {
                            if let Some(id) = abstract_id.take() {
                                out.abstracts
                                    .insert(id, std::mem::take(&mut abstract_levels));
                            }
                        }
                        "w:num" => {
                            if let Some((id, l)) = list.take() {
                                out.lists.insert(id, l);
                            }
                        }
                        "w:lvlOverride" => override_level = None,
                        "w:lvl" => {
                            if let Some((i, l)) = level.take() {
                                match list.as_mut() {
                                    Some((_, li)) => li.levels[i] = Some(l),
                                    None => abstract_levels[i] = l,
                                }
                            }
                        }
                        _ => {}
                    }
                    (None, false)
                }
                Event::Eof => break,
                _ => (None, false),
            };
            let Some(e) = e else { continue };
            match e.name().into_inner() {
                "w:abstractNum" if !closes => {
                    budget.cells(1)?;
                    abstract_id = attr(&e, "w:abstractNumId");
                    abstract_levels = Default::default();
                }
                "w:num" if !closes => {
                    budget.cells(1)?;
                    list = attr(&e, "w:numId").map(|id| (id, List::default()));
                }
                "w:abstractNumId" => {
                    if let (Some((_, l)), Some(v)) = (list.as_mut(), attr(&e, "w:val")) {
                        l.abstract_id = v;
                    }
                }
                "w:lvlOverride" if !closes => override_level = level_of(&e),
                "w:startOverride" => {
                    if let (Some((_, l)), Some(i), Some(v)) = (
                        list.as_mut(),
                        override_level,
                        attr(&e, "w:val").and_then(|v| v.parse().ok()),
                    ) {
                        l.start_override[i] = Some(v);
                    }
                }
                "w:lvl" if !closes => {
                    budget.cells(1)?;
                    let i = level_of(&e).or(override_level);
                    level = i.map(|i| (i, Level::default()));
                }
                "w:start" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "w:val")) {
                        l.start = v.parse().ok();
                    }
                }
                "w:numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, "w:val")) {
                        l.format = v;
                    }
                }
                "w:lvlText" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.text =
                            attr(&e, "w:val").map(|t| t.chars().take(MAX_LEVEL_TEXT).collect());
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Reads the numbering of paragraph styles from `styles.xml` (Word's
    /// `List Number` style numbers its paragraphs); every style counts as a
    /// cell against the budget.
    pub fn parse_styles(&mut self, xml: &str, budget: &mut Budget) -> Result<(), ImportError> {
        let mut reader = Reader::from_str(xml);
        let mut events = 0u32;
        let mut current: Option<(String, StyleNumbering)> = None;
        let mut in_numpr = false;
        while let Ok(event) = reader.read_event() {
            events += 1;
            if events.is_multiple_of(EVENTS_PER_CLOCK_CHECK) {
                budget.time()?;
            }
            match event {
                Event::Start(e) if e.name().into_inner() == "w:style" => {
                    budget.cells(1)?;
                    let paragraph = attr(&e, "w:type").is_none_or(|t| t == "paragraph");
                    current = attr(&e, "w:styleId")
                        .filter(|_| paragraph)
                        .map(|id| (id, StyleNumbering::default()));
                }
                Event::End(e) if e.name().into_inner() == "w:style" => {
                    if let Some((id, n)) = current.take() {
                        if n.num_id.is_some() || n.based_on.is_some() {
                            self.styles.insert(id, n);
                        }
                    }
                }
                Event::Start(e) if e.name().into_inner() == "w:numPr" => {
                    let _ = e;
                    in_numpr = true;
                }
                Event::End(e) if e.name().into_inner() == "w:numPr" => {
                    let _ = e;
                    in_numpr = false;
                }
                Event::Empty(e) => {
                    let Some((_, n)) = current.as_mut() else {
                        continue;
                    };
                    match e.name().into_inner() {
                        "w:basedOn" => n.based_on = attr(&e, "w:val"),
                        "w:numId" if in_numpr => n.num_id = attr(&e, "w:val"),
                        "w:ilvl" if in_numpr => {
                            n.ilvl = attr(&e, "w:val")
                                .and_then(|v| v.parse::<usize>().ok())
                                .filter(|l| *l < LEVELS)
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// The list and level a paragraph style numbers with, through the
    /// styles it is based on.
    pub fn style(&self, id: &str) -> Option<(String, Option<usize>)> {
        let mut id = id.to_string();
        let mut ilvl = None;
        for _ in 0..STYLE_DEPTH {
            let s = self.styles.get(&id)?;
            ilvl = ilvl.or(s.ilvl);
            if let Some(n) = &s.num_id {
                return Some((n.clone(), ilvl));
            }
            id = s.based_on.clone()?;
        }
        None
    }

    fn level(&self, list: &List, i: usize) -> Level {
        if let Some(l) = &list.levels[i] {
            return l.clone();
        }
        self.abstracts
            .get(&list.abstract_id)
            .map(|a| a[i].clone())
            .unwrap_or_default()
    }

    /// The number a paragraph of list `num_id` at level `ilvl` shows, as
    /// text (`1.`, `（一）`, `一、`, `1.2`); `None` for a bullet, a level
    /// without a number, or a list the part does not define. Counts the
    /// paragraph.
    pub fn label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let ilvl = ilvl.min(LEVELS - 1);
        let list = self.lists.get(num_id)?.clone();
        let key = list.abstract_id.clone();
        let levels: Vec<Level> = (0..LEVELS).map(|i| self.level(&list, i)).collect();
        let counters = self.counters.entry(key).or_default();
        if !list.used {
            for (i, start) in list.start_override.iter().enumerate() {
                if start.is_some() {
                    counters[i] = None;
                }
            }
            if let Some(l) = self.lists.get_mut(num_id) {
                l.used = true;
            }
        }
        let start = |i: usize| {
            list.start_override[i]
                .or(levels[i].start)
                .unwrap_or(1)
                .min(MAX_COUNT)
        };
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => (n + 1).min(MAX_COUNT),
            None => start(ilvl),
        });
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        // Levels above this one not yet numbered show their start.
        let shown: Vec<u32> = (0..LEVELS)
            .map(|i| counters[i].unwrap_or_else(|| start(i)))
            .collect();
        let level = &levels[ilvl];
        if matches!(level.format.as_str(), "bullet" | "none") {
            return None;
        }
        let text = level
            .text
            .clone()
            .unwrap_or_else(|| format!("%{}.", ilvl + 1));
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=LEVELS as u32).contains(&d) => {
                    chars.next();
                    let i = d as usize - 1;
                    out.push_str(&number(shown[i], &levels[i].format));
                }
                _ => out.push(c),
            }
        }
        let mut out = out.trim().to_string();
        // Word puts a tab after the number; a number ending in a digit or a
        // letter (`%1` without a dot) keeps a space there, so that it does
        // not run into the text (`1 新建`, not `1新建`).
        if out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            out.push(' ');
        }
        (!out.trim().is_empty()).then_some(out)
    }
}

/// A number in one of Word's formats.
pub fn number(n: u32, format: &str) -> String {
    let letters = |base: u8| {
        if n == 0 {
            return String::new();
        }
        // Word repeats the letter: a … z, aa … zz.
        let letter = (base + ((n - 1) % 26) as u8) as char;
        std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographTraditional" => kaohe_numerals::chinese::format(u64::from(n)),
        "chineseLegalSimplified" | "ideographLegalTraditional" => {
            kaohe_numerals::chinese::format(u64::from(n))
                .chars()
                .map(|c| match c {
                    '一' => '壹',
                    '二' => '贰',
                    '三' => '叁',
                    '四' => '肆',
                    '五' => '伍',
                    '六' => '陆',
                    '七' => '柒',
                    '八' => '捌',
                    '九' => '玖',
                    '十' => '拾',
                    '百' => '佰',
                    '千' => '仟',
                    other => other,
                })
                .collect()
        }
        "ideographDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|d| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperLetter" => letters(b'A'),
        "lowerLetter" => letters(b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
</w:numbering>"#;

    #[test]
    fn numbers_count_as_word_counts_them() {
        let mut budget = Budget::new(Limits::default());
        let mut n = Numbering::parse(NUMBERING, &mut budget).unwrap();
        let mut got = Vec::new();
        for (id, level) in [
            ("1", 0),
            ("1", 1),
            ("1", 1),
            ("1", 0),
            ("1", 1),
            // Another list of the same definition goes on counting …
            ("1", 0),
            // … unless it restarts.
            ("2", 0),
            ("2", 0),
            ("3", 0),
            ("3", 0),
            ("3", 0),
            ("4", 0),
            ("4", 1),
            ("4", 0),
            ("9", 0),
        ] {
            got.push(n.label(id, level).unwrap_or_default());
        }
        assert_eq!(
            got,
            [
                "1.",
                "1.1 ",
                "1.2 ",
                "2.",
                "2.1 ",
                "3.",
                "1.",
                "2.",
                "（一）",
                "（二）",
                "（三）",
                "一、",
                "",
                "二、",
                ""
            ]
        );
        assert_eq!(number(12, "chineseCounting"), "十二");
        assert_eq!(number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(number(4, "lowerRoman"), "iv");
        assert_eq!(number(28, "upperLetter"), "BB");
    }

    #[test]
    fn a_long_level_text_is_cut() {
        let long = format!(
            r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            "%1".repeat(100_000)
        );
        let mut n = Numbering::parse(&long, &mut Budget::new(Limits::default())).unwrap();
        assert_eq!(
            n.label("1", 0).unwrap().trim(),
            "1".repeat(MAX_LEVEL_TEXT / 2)
        );
    }

    #[test]
    fn every_definition_counts_against_the_budget() {
        let many = format!(
            "<w:numbering>{}</w:numbering>",
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#.repeat(2_000)
        );
        let mut budget = Budget::new(Limits {
            max_cells: 1_000,
            ..Limits::default()
        });
        assert_eq!(
            Numbering::parse(&many, &mut budget).unwrap_err(),
            ImportError::TooLarge(crate::Limit::Cells(1_000))
        );
    }
}
