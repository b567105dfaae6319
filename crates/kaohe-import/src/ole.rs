//! A check of an old Office file (an OLE compound file) before calamine
//! reads it: calamine follows sector chains without remembering where it
//! has been, so a chain that loops back on itself grows without end, and a
//! chain that points past the sector table panics. Here every chain
//! calamine will follow is walked once, with each sector visited at most
//! once, and a file whose chains loop or leave the table is refused.

/// How a refused compound file is named: it may be an .xls or a .doc.
pub const FORMAT: &str = "旧版 Office（DOC/XLS）";

/// The end of a chain, and the first of the reserved sector numbers.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
/// DIFAT entries at or above this are not FAT sectors.
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: usize = 4096;

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32_at(c, 0))
}

/// The compound file's sectors, as calamine numbers them: sector `id` is
/// at `(id + 1) × size`, after the header.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    /// The largest sector number calamine accepts.
    max_id: usize,
}

impl Sectors<'_> {
    fn get(&self, id: u32) -> Result<&[u8], String> {
        let id = id as usize;
        if id > self.max_id {
            return Err(format!("扇区 {id} 超出文件末尾"));
        }
        let start = (id + 1).saturating_mul(self.size).min(self.bytes.len());
        let end = (start + self.size).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }
}

/// Follows a chain through `table` as calamine would; refuses a chain that
/// comes back to a sector or points outside the table. Each sector is
/// visited once at most, so the walk ends within the table's length.
fn walk(start: u32, table: &[u32], max_id: usize, what: &str) -> Result<(), String> {
    let mut visited = vec![false; table.len()];
    let mut id = start;
    while id != END_OF_CHAIN {
        if id as usize > max_id {
            // calamine stops here with an error of its own.
            return Ok(());
        }
        let slot = id as usize;
        if slot >= table.len() {
            return Err(format!("{what}的扇区链指向表外的扇区 {id}"));
        }
        if std::mem::replace(&mut visited[slot], true) {
            return Err(format!("{what}的扇区链首尾相连"));
        }
        id = table[slot];
    }
    Ok(())
}

/// Reads a chain's sectors (each visited once at most) until `len` bytes.
fn read_chain(
    start: u32,
    table: &[u32],
    len: usize,
    sector: impl Fn(u32) -> Option<Vec<u8>>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut visited = vec![false; table.len()];
    let mut id = start;
    while id != END_OF_CHAIN && out.len() < len {
        let Some(data) = sector(id) else {
            break;
        };
        out.extend_from_slice(&data[..data.len().min(len - out.len())]);
        let slot = id as usize;
        if slot >= table.len() || std::mem::replace(&mut visited[slot], true) {
            break;
        }
        id = table[slot];
    }
    out
}

/// Refuses a compound file whose sector chains calamine could not follow
/// safely. What calamine refuses on its own (a bad signature, a short
/// header) passes through to its error.
#[cfg(test)]
pub fn check(bytes: &[u8]) -> Result<(), String> {
    stream(bytes, &[]).map(|_| ())
}

/// Checks the compound file's chains as [`check`] does, then reads the
/// first stream named in `names` (in any case, as calamine looks them up).
pub fn stream(bytes: &[u8], names: &[&str]) -> Result<Option<Vec<u8>>, String> {
    if bytes.len() < 512 {
        return Ok(None);
    }
    let size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(None),
    };
    let sectors = Sectors {
        bytes,
        size,
        max_id: bytes.len() / size,
    };
    // The DIFAT: 109 entries in the header, then a chain of sectors whose
    // last entry names the next; calamine bounds its length itself.
    let mut difat: Vec<u32> = words(&bytes[76..512]).collect();
    let mut id = u32_at(bytes, 68);
    let mut hops = 0usize;
    while id < RESERVED {
        hops += 1;
        if hops > sectors.max_id + 1 {
            return Ok(None);
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        fat.extend(words(sectors.get(id)?));
    }
    let max_id = sectors.max_id;
    let sector = |id: u32| sectors.get(id).ok().map(<[u8]>::to_vec);
    let dir_start = u32_at(bytes, 48);
    walk(dir_start, &fat, max_id, "目录")?;
    // The directory entries, read as calamine reads them.
    let directory = read_chain(dir_start, &fat, usize::MAX, sector);
    let entries: Vec<(String, u32, usize)> = directory
        .chunks_exact(128)
        .map(|e| {
            let name: Vec<u16> = e[..64]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|u| *u != 0)
                .collect();
            let len = if size == 512 {
                u32_at(e, 120) as usize
            } else {
                u32_at(e, 120) as usize | ((u32_at(e, 124) as usize) << 32)
            };
            (String::from_utf16_lossy(&name), u32_at(e, 116), len)
        })
        .collect();
    let Some((_, root_start, root_len)) = entries.first().cloned() else {
        return Ok(None);
    };
    let mini_fat_len = u32_at(bytes, 64) as usize;
    let mut mini_fat = Vec::new();
    let mut mini_stream = Vec::new();
    if mini_fat_len > 0 {
        walk(root_start, &fat, max_id, "迷你流")?;
        let mini_fat_start = u32_at(bytes, 60);
        walk(mini_fat_start, &fat, max_id, "迷你扇区表")?;
        let table = read_chain(
            mini_fat_start,
            &fat,
            mini_fat_len.saturating_mul(size),
            sector,
        );
        mini_fat = words(&table).collect();
        mini_stream = read_chain(root_start, &fat, root_len, sector);
    }
    for (_, start, len) in &entries[1..] {
        if *len == 0 {
            continue;
        }
        if *len < MINI_CUTOFF {
            walk(*start, &mini_fat, max_id.saturating_mul(8), "数据流")?;
        } else {
            walk(*start, &fat, max_id, "数据流")?;
        }
    }
    let Some((_, start, len)) = names.iter().find_map(|want| {
        entries
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(want))
    }) else {
        return Ok(None);
    };
    Ok(Some(if *len < MINI_CUTOFF {
        read_chain(*start, &mini_fat, *len, |id| {
            let at = id as usize * 64;
            mini_stream.get(at..at + 64).map(<[u8]>::to_vec)
        })
    } else {
        read_chain(*start, &fat, *len, sector)
    }))
}
