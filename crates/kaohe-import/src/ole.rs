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

/// Refuses a compound file whose sector chains calamine could not follow
/// safely. What calamine refuses on its own (a bad signature, a short
/// header) passes through to its error.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 512 {
        return Ok(());
    }
    let size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Ok(()),
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
            return Ok(());
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFAT_SECTOR) {
        fat.extend(words(sectors.get(id)?));
    }
    let max_id = sectors.max_id;
    let dir_start = u32_at(bytes, 48);
    walk(dir_start, &fat, max_id, "目录")?;
    // The directory entries, read as calamine reads them.
    let mut directory = Vec::new();
    let mut id = dir_start;
    let mut visited = vec![false; fat.len()];
    while id != END_OF_CHAIN && (id as usize) < fat.len() && (id as usize) <= max_id {
        if std::mem::replace(&mut visited[id as usize], true) {
            break;
        }
        directory.extend_from_slice(sectors.get(id)?);
        id = fat[id as usize];
    }
    let entries: Vec<(u32, usize)> = directory
        .chunks_exact(128)
        .map(|e| {
            let len = if size == 512 {
                u32_at(e, 120) as usize
            } else {
                u32_at(e, 120) as usize | ((u32_at(e, 124) as usize) << 32)
            };
            (u32_at(e, 116), len)
        })
        .collect();
    let Some(&(root_start, _)) = entries.first() else {
        return Ok(());
    };
    let mini_fat_len = u32_at(bytes, 64) as usize;
    let mut mini_fat = Vec::new();
    if mini_fat_len > 0 {
        walk(root_start, &fat, max_id, "迷你流")?;
        let mini_fat_start = u32_at(bytes, 60);
        let mini_fat_bytes = mini_fat_len.saturating_mul(size);
        walk(mini_fat_start, &fat, max_id, "迷你扇区表")?;
        let mut id = mini_fat_start;
        let mut visited = vec![false; fat.len()];
        while id != END_OF_CHAIN
            && (id as usize) < fat.len()
            && (id as usize) <= max_id
            && mini_fat.len() * 4 < mini_fat_bytes
        {
            if std::mem::replace(&mut visited[id as usize], true) {
                break;
            }
            mini_fat.extend(words(sectors.get(id)?));
            id = fat[id as usize];
        }
        // calamine keeps exactly the table's stated length.
        mini_fat.truncate(mini_fat_bytes / 4);
    }
    for &(start, len) in &entries[1..] {
        if len == 0 {
            continue;
        }
        if len < MINI_CUTOFF {
            walk(start, &mini_fat, max_id.saturating_mul(8), "数据流")?;
        } else {
            walk(start, &fat, max_id, "数据流")?;
        }
    }
    Ok(())
}
