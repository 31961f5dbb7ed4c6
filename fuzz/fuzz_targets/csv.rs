#![no_main]
// A CSV export through both readers, which must agree (boussole::fuzz::csv).
use std::sync::OnceLock;

static DIR: OnceLock<tempdir::Dir> = OnceLock::new();

mod tempdir {
    /// A directory for the data file, under /dev/shm when it exists.
    pub struct Dir(pub std::path::PathBuf);
    pub fn make() -> Dir {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            std::path::PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("boussole-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        Dir(dir)
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(tempdir::make);
    boussole::fuzz::csv(data, &dir.0);
});
