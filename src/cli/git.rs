//! git, for `boussole diff`: revisions read with `git archive`, the work
//! tree never touched.

use super::error::CliError;
use std::path::Path;

/// Runs git in the current directory; its stdout.
pub fn git(args: &[&str]) -> Result<String, CliError> {
    let out = std::process::Command::new("git")
        .args(args)
        .output()
        .map_err(|e| CliError::cannot_run("git", e))?;
    if !out.status.success() {
        return Err(CliError::Git(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The repository's files at `rev` (from its top), extracted into `dir`.
pub fn checkout(rev: &str, dir: &Path) -> Result<(), CliError> {
    if rev.starts_with('-') {
        return Err(super::usage(boussole::msg!(
            "cli-not-a-revision",
            rev = rev
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir.display(), e))?;
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let mut archive = std::process::Command::new("git")
        .args(["-C", top.trim(), "archive", "--format=tar", rev])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| CliError::cannot_run("git", e))?;
    let tar_in = archive
        .stdout
        .take()
        .ok_or_else(|| CliError::git(boussole::msg!("cli-git-no-output")))?;
    let tar = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(dir)
        .stdin(tar_in)
        .output()
        .map_err(|e| CliError::cannot_run("tar", e))?;
    let git_out = archive
        .wait_with_output()
        .map_err(|e| CliError::Git(format!("git archive: {e}")))?;
    if !git_out.status.success() {
        return Err(CliError::git(boussole::msg!(
            "cli-not-a-revision-here",
            rev = rev,
            error = String::from_utf8_lossy(&git_out.stderr).trim()
        )));
    }
    if !tar.status.success() {
        return Err(CliError::Git(format!(
            "tar: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        )));
    }
    Ok(())
}
