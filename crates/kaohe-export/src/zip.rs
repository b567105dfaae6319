//! A minimal ZIP writer (stored entries, no compression): enough for the
//! Office Open XML packages, deterministic (a fixed 1980 timestamp), and no
//! dependency.

/// CRC-32 (IEEE), as ZIP uses it.
fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc ^ 0xFFFF_FFFF
}

/// Builds a ZIP archive in memory.
#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

// 1980-01-01 00:00, the earliest DOS date: the same bytes every time.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

impl ZipWriter {
    /// Adds one file.
    pub fn add(&mut self, name: &str, data: &[u8]) {
        let offset = self.out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        let name = name.as_bytes();
        // Local file header; bit 11 says the name is UTF-8.
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, 1 << 11, 0, DOS_TIME, DOS_DATE] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out
            .extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(data);
        // Its central directory entry.
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [20u16, 20, 1 << 11, 0, DOS_TIME, DOS_DATE] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, size, size] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, 0, 0, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.count += 1;
    }

    /// The archive.
    pub fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.count, self.count] {
            self.out.extend_from_slice(&v.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn archives_are_deterministic_and_well_formed() {
        let make = || {
            let mut z = ZipWriter::default();
            z.add("a.txt", b"hello");
            z.add("目录/b.xml", "<x>中文</x>".as_bytes());
            z.finish()
        };
        let a = make();
        assert_eq!(a, make());
        assert!(a.starts_with(b"PK\x03\x04"));
        let eocd = a.len() - 22;
        assert_eq!(&a[eocd..eocd + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([a[eocd + 10], a[eocd + 11]]), 2);
    }
}
