//! PostgreSQL through `postgres` (pure Rust, no TLS): the simple query
//! protocol, every value as text. The connection string comes from
//! `--connection` or `DATABASE_URL`, the password from it or `PGPASSWORD`;
//! neither is ever part of a message.

use crate::i18n::Msg;
use std::str::FromStr;
use std::time::Duration;

pub(super) struct Postgres(postgres::Client);

impl Postgres {
    pub(super) fn connect(connection: &str) -> Result<Postgres, Msg> {
        // the parser's error may quote the string: it is not shown
        let mut config = postgres::Config::from_str(connection)
            .map_err(|_| crate::msg!("engine-bad-connection"))?;
        if config.get_password().is_none() {
            if let Ok(p) = std::env::var("PGPASSWORD") {
                config.password(p);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(15));
        }
        config
            .connect(postgres::NoTls)
            .map(Postgres)
            .map_err(|e| crate::msg!("engine-says", text = said(&e)))
    }

    pub(super) fn query(&mut self, sql: &str) -> Result<super::Rows, Msg> {
        let messages = self
            .0
            .simple_query(sql)
            .map_err(|e| crate::msg!("engine-says", text = said(&e)))?;
        Ok(messages
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => {
                    Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                }
                _ => None,
            })
            .collect())
    }
}

/// The server's message (with its detail and hint), else the client's.
fn said(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = format!("{}: {}", db.severity(), db.message());
            if let Some(d) = db.detail() {
                text.push_str(&format!("\n{d}"));
            }
            if let Some(h) = db.hint() {
                text.push_str(&format!("\n{h}"));
            }
            super::first_lines(&text)
        }
        None => {
            // "error connecting to server" says why only in its sources
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            super::first_lines(&text)
        }
    }
}
