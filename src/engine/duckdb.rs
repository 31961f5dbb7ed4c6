//! DuckDB through its CLI: the database opened read-only, the query on
//! stdin, CSV back. The `duckdb` crate would compile DuckDB's C++ into
//! boussole (about 34 minutes cold on a 2-core machine); the CLI is one
//! `pip install duckdb-cli` away and is what a team using DuckDB has.

use crate::i18n::Msg;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What the CLI writes for NULL: no text a query of ours can hold.
const NULL: &str = "\u{1}NULL\u{1}";

pub(super) struct DuckDb {
    bin: String,
    database: PathBuf,
}

impl DuckDb {
    pub(super) fn open(database: &Path) -> Result<DuckDb, Msg> {
        if !database.is_file() {
            return Err(crate::msg!(
                "engine-no-database",
                path = database.display().to_string()
            ));
        }
        // a relative path starting with `-` is not an option
        let database = if database.is_relative() {
            Path::new(".").join(database)
        } else {
            database.to_path_buf()
        };
        let bin = std::env::var("BOUSSOLE_DUCKDB")
            .ok()
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "duckdb".into());
        Ok(DuckDb { bin, database })
    }

    pub(super) fn query(&mut self, sql: &str) -> Result<super::Rows, Msg> {
        let mut child = Command::new(&self.bin)
            .args([
                "-readonly",
                "-bail",
                "-csv",
                "-noheader",
                "-nullvalue",
                NULL,
            ])
            .arg(&self.database)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                crate::msg!(
                    "engine-cannot-start",
                    program = self.bin.clone(),
                    error = e.to_string()
                )
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            // a CLI that stopped early says why on stderr
            let _ = stdin.write_all(sql.as_bytes());
        }
        let out = child
            .wait_with_output()
            .map_err(|e| crate::msg!("engine-says", text = e.to_string()))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() || !stderr.trim().is_empty() {
            return Err(crate::msg!(
                "engine-says",
                text = super::first_lines(&stderr)
            ));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(out.stdout.as_slice());
        let mut rows = Vec::new();
        for record in rdr.records() {
            let record = record.map_err(|e| crate::msg!("engine-says", text = e.to_string()))?;
            rows.push(
                record
                    .iter()
                    .map(|c| (c != NULL).then(|| c.to_string()))
                    .collect(),
            );
        }
        Ok(rows)
    }
}
