#![no_main]
// An export read through a declared source with fuzzed options
// (boussole::fuzz::source): no panic, both readers agree.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("source"));
    boussole::fuzz::source(data, dir);
});
