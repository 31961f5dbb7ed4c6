//! The progress bar of `eval` on large files.

use std::io::IsTerminal;
use std::path::Path;

/// Files smaller than this get no progress bar: they are read in a blink.
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// A progress bar on stderr, only when stderr is a terminal, the data file is
/// large, and `--quiet` is not given. `BOUSSOLE_PROGRESS_MIN_BYTES` lowers
/// the size threshold (for tests).
pub fn progress_bar(data: &Path, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let min = std::env::var("BOUSSOLE_PROGRESS_MIN_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PROGRESS_MIN_BYTES);
    let size = std::fs::metadata(data).ok()?.len();
    if size < min {
        return None;
    }
    let style = indicatif::ProgressStyle::with_template(
        "reading {msg} {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
    )
    .ok()?;
    let bar = indicatif::ProgressBar::new(size).with_style(style);
    bar.set_message(data.display().to_string());
    Some(bar)
}
