//! Reading the files and texts the commands are given, with errors that
//! name the file, in Chinese.

use std::io;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// A file's bytes, with errors that name the file.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    match std::fs::read(path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!("找不到文件 {shown}"),
        Err(e) if path.is_dir() => bail!("{shown} 是文件夹，不是文件（{e}）"),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => bail!("没有权限读取 {shown}"),
        Err(e) => Err(e).with_context(|| format!("无法读取 {shown}")),
    }
}

/// Reads and decodes a table's text, with errors that name the file.
pub fn read_text(path: &Path) -> Result<String> {
    let (text, _) = kaohe_import::decode(&read_file(path)?)
        .map_err(|e| anyhow::anyhow!("{}：{e}", path.display()))?;
    Ok(text)
}
