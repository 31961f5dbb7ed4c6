#![no_main]
// A source's `path:` glob walked in a project with links out, a link loop,
// a FIFO (boussole::fuzz::glob): it ends, gives only regular files inside
// the project, and agrees with the glob crate on a tree without links.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("glob"));
    boussole::fuzz::glob(data, dir);
});
