//! `kaohe`: check Chinese public agencies' self-check tables.

use std::process::ExitCode;

mod batch;
mod bench;
mod cli;
mod input;
mod render;
mod server_cmd;
mod verify_line;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`kaohe check … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("kaohe：{err:#}");
            ExitCode::from(2)
        }
    }
}
