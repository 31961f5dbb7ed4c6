#![no_main]
// A Parquet file's bytes through a source and inspect (boussole::fuzz::parquet):
// no panic escapes. A panic inside the parquet crate (it asserts on some
// damaged files) is caught by boussole and reported as a data-error, so the
// hook that makes libFuzzer report panics lets those through.
use std::sync::OnceLock;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

libfuzzer_sys::fuzz_target!(
    init: {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !boussole::eval::is_reader_panic(info) {
                report(info);
            }
        }));
    },
    |data: &[u8]| {
        let dir = DIR.get_or_init(|| boussole::fuzz::scratch_dir("parquet"));
        boussole::fuzz::parquet(data, dir);
    }
);
