#![no_main]
// JSON lines through a source (boussole::fuzz::jsonl): no panic.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("jsonl"));
    boussole::fuzz::jsonl(data, dir);
});
