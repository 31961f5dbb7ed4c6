#![no_main]
// A CSV export through both readers, which must agree (boussole::fuzz::csv).
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("csv"));
    boussole::fuzz::csv(data, dir);
});
