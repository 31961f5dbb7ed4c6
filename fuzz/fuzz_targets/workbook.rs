#![no_main]
// A workbook's bytes through an xlsx source (boussole::fuzz::workbook): no panic.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("workbook"));
    boussole::fuzz::workbook(data, dir);
});
