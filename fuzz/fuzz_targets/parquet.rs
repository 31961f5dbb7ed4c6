#![no_main]
// A Parquet file's bytes through a source and inspect (boussole::fuzz::parquet): no panic.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("parquet"));
    boussole::fuzz::parquet(data, dir);
});
