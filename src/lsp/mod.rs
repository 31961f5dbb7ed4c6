//! `boussole lsp`: the Language Server Protocol over a [`Connection`]
//! (stdio for editors, in memory for the tests). Synchronous, on
//! `lsp-server` as ruff's server is: one loop reads a message, answers it
//! from the latest [`Analysis`], and after a quiet moment re-checks the
//! project and publishes its diagnostics.
//!
//! - [`workspace`]: the folders, the open documents, the analysis of the
//!   whole project and every symbol's occurrences;
//! - [`position`]: byte offsets to the client's lines and columns (UTF-8,
//!   UTF-16 or UTF-32, negotiated);
//! - [`features`]: diagnostics, hover, definition, references, rename,
//!   completion, formatting and code actions, each a function of the
//!   analysis.

pub mod features;
pub mod position;
pub mod workspace;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{InitializeParams, ServerCapabilities};
use position::Encoding;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;
use workspace::{Analysis, Workspace};

/// How long the server waits after a change for the next one before it
/// re-checks the project.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The server's state between messages.
pub struct Server {
    pub workspace: Workspace,
    pub encoding: Encoding,
    analysis: Option<Analysis>,
    /// A change not yet checked.
    dirty: bool,
    /// Files that were given diagnostics (to clear them when they have none).
    published: BTreeSet<PathBuf>,
    /// Where the book's code pages are published (`docsUrl` in the
    /// initialization options): each diagnostic links to its page.
    pub docs_url: Option<String>,
}

/// Runs the server on `connection` until the client says `exit`. Err for a
/// protocol error (the connection broke, a malformed first message).
pub fn run(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server::new(&params);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": { "name": "boussole", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    server.recheck(connection);
    loop {
        let timeout = if server.dirty {
            DEBOUNCE
        } else {
            Duration::from_secs(3600)
        };
        let msg = match connection.receiver.recv_timeout(timeout) {
            Ok(msg) => msg,
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                server.recheck(connection);
                continue;
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        match msg {
            Message::Request(r) => {
                if connection.handle_shutdown(&r).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                // answer from the text as it is now
                if server.dirty {
                    server.recheck(connection);
                }
                let response = server.request(r);
                send(connection, Message::Response(response));
            }
            Message::Notification(n) => {
                if n.method == note::Exit::METHOD {
                    return Ok(());
                }
                server.notification(n);
            }
            Message::Response(_) => {}
        }
    }
}

fn send(connection: &Connection, msg: Message) {
    // a client gone is the end of the loop, seen on the next receive
    let _ = connection.sender.send(msg);
}

/// A document's path from its `file:` URI (percent-decoded).
pub fn uri_path(uri: &lsp_types::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/…` is not a local file
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(out)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(out).ok().map(PathBuf::from)
    }
}

/// A path's `file:` URI, percent-encoded (None for a path no URI can
/// carry, which percent-encoding rules out).
pub fn path_uri(path: &std::path::Path) -> Option<lsp_types::Uri> {
    let mut s = String::from("file://");
    let text = path.to_string_lossy();
    for b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(*b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.parse().ok()
}

impl Server {
    pub fn new(params: &InitializeParams) -> Server {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(uri_path));
        }
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        // `lang` in the initialization options, else the client's locale
        // (VS Code sends its display language), else the environment
        let asked = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("lang")?.as_str())
            .or(params.locale.as_deref());
        let lang = asked
            .and_then(crate::i18n::Lang::parse)
            .unwrap_or_else(|| crate::i18n::Lang::from_env(|k| std::env::var(k).ok()));
        Server {
            workspace: Workspace {
                roots,
                voice: crate::i18n::Voice {
                    lang,
                    locale: crate::i18n::Locale::of(lang),
                },
                ..Workspace::default()
            },
            encoding: Encoding::negotiate(offered),
            analysis: None,
            dirty: true,
            published: BTreeSet::new(),
            docs_url: params
                .initialization_options
                .as_ref()
                .and_then(|o| o.get("docsUrl")?.as_str())
                .map(|u| u.trim_end_matches('/').to_string()),
        }
    }

    pub fn capabilities(&self) -> ServerCapabilities {
        use lsp_types::*;
        ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["(".into(), " ".into(), "[".into()]),
                ..CompletionOptions::default()
            }),
            document_formatting_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        }
    }

    /// The analysis, made if there is none yet.
    pub fn analysis(&mut self) -> &Analysis {
        if self.analysis.is_none() || self.dirty {
            self.analysis = Some(self.workspace.analyze());
            self.dirty = false;
        }
        self.analysis
            .get_or_insert_with(|| self.workspace.analyze())
    }

    /// Checks the project again and publishes every file's diagnostics.
    pub fn recheck(&mut self, connection: &Connection) {
        self.dirty = true;
        let encoding = self.encoding;
        let docs = self.docs_url.clone();
        let analysis = self.analysis();
        let mut by_file = features::diagnostics(analysis, encoding, docs.as_deref());
        let files: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
        for gone in self.published.difference(&files) {
            by_file.insert(gone.clone(), Vec::new());
        }
        for (path, diagnostics) in by_file {
            let Some(uri) = path_uri(&path) else {
                continue;
            };
            let version = self.workspace.open.get(&path).map(|(_, v)| *v);
            let params = lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            send(
                connection,
                Message::Notification(Notification::new(
                    note::PublishDiagnostics::METHOD.to_string(),
                    params,
                )),
            );
        }
        self.published = files;
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    note::DidOpenTextDocument::METHOD,
                ) {
                    if let Some(path) = uri_path(&p.text_document.uri) {
                        self.workspace
                            .open
                            .insert(path, (p.text_document.text, p.text_document.version));
                        self.dirty = true;
                    }
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    note::DidChangeTextDocument::METHOD,
                ) {
                    if let Some(path) = uri_path(&p.text_document.uri) {
                        // full sync: the last change is the whole text
                        if let Some(change) = p.content_changes.into_iter().last() {
                            let entry = self.workspace.open.entry(path).or_default();
                            match change.range {
                                None => entry.0 = change.text,
                                Some(range) => {
                                    let idx = position::LineIndex::new(&entry.0);
                                    let (a, b) = (
                                        idx.offset(range.start, self.encoding),
                                        idx.offset(range.end, self.encoding),
                                    );
                                    let (a, b) = (a.min(b), a.max(b));
                                    entry.0.replace_range(a..b, &change.text);
                                }
                            }
                            entry.1 = p.text_document.version;
                        }
                        self.dirty = true;
                    }
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    note::DidCloseTextDocument::METHOD,
                ) {
                    if let Some(path) = uri_path(&p.text_document.uri) {
                        self.workspace.open.remove(&path);
                        self.dirty = true;
                    }
                }
            }
            note::DidSaveTextDocument::METHOD | note::DidChangeWatchedFiles::METHOD => {
                self.dirty = true
            }
            _ => {}
        }
    }

    /// The response to a request (an error response for a request it does
    /// not know or whose parameters do not parse).
    pub fn request(&mut self, r: Request) -> Response {
        let encoding = self.encoding;
        let id: RequestId = r.id.clone();
        macro_rules! handle {
            ($kind:ty, $f:expr) => {
                match r.extract::<<$kind as req::Request>::Params>(<$kind>::METHOD) {
                    Ok((id, params)) => {
                        let analysis = self.analysis();
                        let result: <$kind as req::Request>::Result = $f(analysis, params);
                        Response::new_ok(id, result)
                    }
                    Err(e) => Response::new_err(
                        id,
                        lsp_server::ErrorCode::InvalidParams as i32,
                        format!("{e:?}"),
                    ),
                }
            };
        }
        match r.method.as_str() {
            req::HoverRequest::METHOD => handle!(req::HoverRequest, |a, p| {
                features::hover(a, p, encoding)
            }),
            req::GotoDefinition::METHOD => handle!(req::GotoDefinition, |a, p| {
                features::definition(a, p, encoding)
            }),
            req::References::METHOD => handle!(req::References, |a, p| {
                features::references(a, p, encoding)
            }),
            req::PrepareRenameRequest::METHOD => handle!(req::PrepareRenameRequest, |a, p| {
                features::prepare_rename(a, p, encoding)
            }),
            req::Rename::METHOD => {
                let params = r
                    .clone()
                    .extract::<lsp_types::RenameParams>(req::Rename::METHOD);
                match params {
                    Ok((id, params)) => {
                        let analysis = self.analysis();
                        match features::rename(analysis, params, encoding) {
                            Ok(edit) => Response::new_ok(id, edit),
                            Err(message) => Response::new_err(
                                id,
                                lsp_server::ErrorCode::InvalidRequest as i32,
                                message,
                            ),
                        }
                    }
                    Err(e) => Response::new_err(
                        id,
                        lsp_server::ErrorCode::InvalidParams as i32,
                        format!("{e:?}"),
                    ),
                }
            }
            req::Completion::METHOD => {
                let open = &self.workspace.open;
                let params = r
                    .clone()
                    .extract::<lsp_types::CompletionParams>(req::Completion::METHOD);
                match params {
                    Ok((id, params)) => {
                        let text = uri_path(&params.text_document_position.text_document.uri)
                            .and_then(|p| open.get(&p).map(|(t, _)| t.clone()));
                        let analysis = self.analysis();
                        Response::new_ok(
                            id,
                            features::completion(analysis, params, text.as_deref(), encoding),
                        )
                    }
                    Err(e) => Response::new_err(
                        id,
                        lsp_server::ErrorCode::InvalidParams as i32,
                        format!("{e:?}"),
                    ),
                }
            }
            req::Formatting::METHOD => handle!(req::Formatting, |a, p| {
                features::formatting(a, p, encoding)
            }),
            req::CodeActionRequest::METHOD => handle!(req::CodeActionRequest, |a, p| {
                features::code_actions(a, p, encoding)
            }),
            _ => Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("boussole lsp does not answer {}", r.method),
            ),
        }
    }
}
