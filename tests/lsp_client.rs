//! The real `boussole lsp` binary with a real LSP client: pytest-lsp (on
//! pygls) runs `tests/lsp_client/test_boussole_lsp.py` against it —
//! initialize, a project of two files, diagnostics at their UTF-16 ranges,
//! the quick fix, hover, definition and references across files, rename,
//! completion, formatting.
//!
//! Needs `pytest-lsp` (pip): `bash .ci/run` installs it and runs `cargo test
//! --features lsp-client`. Without the feature the test is listed as
//! ignored, with this reason; with it, a missing client fails the test.

#[test]
#[cfg_attr(
    not(feature = "lsp-client"),
    ignore = "needs pytest-lsp (pip): `bash .ci/run` installs it and runs `cargo test --features lsp-client`"
)]
fn a_real_client_drives_the_real_server() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .args([
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
            "-o",
            "faulthandler_timeout=60",
            "-q",
        ])
        .arg(root.join("tests/lsp_client"))
        .env("BOUSSOLE_BIN", env!("CARGO_BIN_EXE_boussole"))
        .current_dir(root)
        .output()
        .expect("python3 runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pytest-lsp failed:\n{text}");
    assert!(text.contains("3 passed"), "{text}");
}
