//! The text of `--version` (`BOUSSOLE_VERSION`): the version in
//! `Cargo.toml` and, when built from a git clone with git on the PATH, the
//! commit and its date (`0.1.0 (1a2b3c4d5e 2026-12-01)`); a build from a
//! source archive or a wheel's sdist gives the version alone.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // the message catalogues are embedded by fluent-templates' macro
    println!("cargo:rerun-if-changed=locales");
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git").args(args).output().ok()?;
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8(out.stdout).ok()?;
        Some(text.trim().to_string()).filter(|t| !t.is_empty())
    };
    // rebuilt when HEAD moves (a commit, a checkout)
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={dir}/{head}");
        }
        println!("cargo:rerun-if-changed={dir}/packed-refs");
    }
    // only the clone this crate is the root of, not a repository around it
    let top = git(&["rev-parse", "--show-toplevel"]);
    let here = std::env::var("CARGO_MANIFEST_DIR").ok();
    let ours = match (top, here) {
        (Some(t), Some(h)) => std::fs::canonicalize(t).ok() == std::fs::canonicalize(h).ok(),
        _ => false,
    };
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let commit = if ours {
        git(&["log", "-1", "--format=%h %cs", "--abbrev=10"])
    } else {
        None
    };
    match commit {
        Some(c) => println!("cargo:rustc-env=BOUSSOLE_VERSION={version} ({c})"),
        None => println!("cargo:rustc-env=BOUSSOLE_VERSION={version}"),
    }
}
