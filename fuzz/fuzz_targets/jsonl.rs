#![no_main]
// JSON lines through a source (boussole::fuzz::jsonl): no panic.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

fn make() -> std::path::PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("boussole-fuzz-jsonl-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(make);
    boussole::fuzz::jsonl(data, dir);
});
