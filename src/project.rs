//! The project root: which files a run may read (and `fmt` rewrite).
//!
//! A repository under check is untrusted — CI runs Boussole on pull
//! requests, forks included — and so are its files' *types* and links, not
//! only their contents. A run reads only regular files whose real path
//! (links resolved) lies under one of the project's roots, and at most a
//! limit of bytes from each; anything else is a [`Refusal`], reported as a
//! diagnostic that names the path and never a byte of what it leads to.
//!
//! The roots are the git work tree holding the current directory, and each
//! directory given on the command line that lies outside it (a file given
//! by name brings its directory). A path given on the command line inside
//! the work tree is held to it like any other: a link planted in the
//! repository cannot widen the root.

use crate::diagnostic::{Code, Diagnostic, Location};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The directories a run may read under, as real paths.
#[derive(Clone, Debug, Default)]
pub struct Project {
    roots: Vec<PathBuf>,
}

/// A file that is not read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Its real path leaves the project: a link, `..` or an absolute path.
    Outside(PathBuf),
    /// Not a regular file: a FIFO, a socket, a device, a broken link (what
    /// it is).
    NotAFile(PathBuf, &'static str),
    /// Longer than the limit, in bytes (counted on what was read).
    TooLarge(PathBuf, u64),
    /// An I/O error (permissions, a file that went away).
    Unreadable(PathBuf, String),
}

impl Project {
    /// The project of a run over `paths` (as given on the command line,
    /// relative to the current directory).
    pub fn of(paths: &[PathBuf]) -> Project {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok());
        let tree = cwd.as_deref().and_then(work_tree);
        Project::within(cwd.as_deref(), tree, paths)
    }

    /// The project of `paths` when `tree` (a git work tree, an extracted
    /// revision) is a root: each path lexically outside `tree` brings its
    /// own directory.
    pub fn within(cwd: Option<&Path>, tree: Option<PathBuf>, paths: &[PathBuf]) -> Project {
        let mut roots: Vec<PathBuf> = tree.iter().cloned().collect();
        for p in paths {
            if p.as_os_str() == "-" {
                continue; // stdin
            }
            let absolute = lexical(cwd, p);
            if tree.as_ref().is_some_and(|t| absolute.starts_with(t)) {
                continue;
            }
            let dir = if p.is_dir() {
                p.as_path()
            } else {
                match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                }
            };
            if let Ok(real) = std::fs::canonicalize(dir) {
                roots.push(real);
            }
        }
        roots.sort();
        roots.dedup();
        Project { roots }
    }

    /// The directories of the project (real paths).
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Whether a real path lies inside the project.
    pub fn contains(&self, real: &Path) -> bool {
        self.roots.iter().any(|r| real.starts_with(r))
    }

    /// Where `path` really leads, when that is inside the project.
    pub fn real(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = std::fs::canonicalize(path).map_err(|e| unresolved(path, &e))?;
        if self.contains(&real) {
            Ok(real)
        } else {
            Err(Refusal::Outside(path.to_path_buf()))
        }
    }

    /// The real path of a regular file inside the project.
    pub fn admit(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = self.real(path)?;
        let meta = std::fs::metadata(&real)
            .map_err(|e| Refusal::Unreadable(path.to_path_buf(), e.to_string()))?;
        match kind(&meta.file_type()) {
            None => Ok(real),
            Some(what) => Err(Refusal::NotAFile(path.to_path_buf(), what)),
        }
    }

    /// The real path of a directory inside the project; None for anything
    /// that is not a directory.
    pub fn admit_dir(&self, path: &Path) -> Result<Option<PathBuf>, Refusal> {
        if !std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            return Ok(None);
        }
        self.real(path).map(Some)
    }

    /// A regular file's bytes, at most `limit` of them.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        let real = self.admit(path)?;
        let unreadable = |e: std::io::Error| Refusal::Unreadable(path.to_path_buf(), e.to_string());
        let file = open_regular(&real).map_err(unreadable)?;
        // the type once more, of what was opened (it may have been swapped)
        let meta = file.metadata().map_err(unreadable)?;
        if let Some(what) = kind(&meta.file_type()) {
            return Err(Refusal::NotAFile(path.to_path_buf(), what));
        }
        read_limited(file, limit)
            .map_err(unreadable)?
            .ok_or_else(|| Refusal::TooLarge(path.to_path_buf(), limit))
    }
}

/// A data file named on the command line (`--data FILE`): anywhere, but a
/// regular file (links followed).
pub fn regular_file(path: &Path) -> Result<(), Refusal> {
    let meta = std::fs::metadata(path).map_err(|e| unresolved(path, &e))?;
    match kind(&meta.file_type()) {
        None => Ok(()),
        Some(what) => Err(Refusal::NotAFile(path.to_path_buf(), what)),
    }
}

/// At most `limit` bytes of `reader` (it reads one more to know): None when
/// there are more.
pub fn read_limited(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

impl Refusal {
    /// The path refused.
    pub fn path(&self) -> &Path {
        match self {
            Refusal::Outside(p)
            | Refusal::NotAFile(p, _)
            | Refusal::TooLarge(p, _)
            | Refusal::Unreadable(p, _) => p,
        }
    }

    /// What happened, as a catalogue message (the path named, nothing it
    /// leads to): the file is not read.
    pub fn msg(&self) -> crate::i18n::Msg {
        self.msg_as(false)
    }

    /// The message of a directory that is not searched (`searched`) or a
    /// file that is not read.
    fn msg_as(&self, searched: bool) -> crate::i18n::Msg {
        use crate::msg;
        let searched = if searched { "yes" } else { "no" };
        match self {
            Refusal::Outside(p) => msg!(
                "refused-outside",
                path = p.display().to_string(),
                searched = searched
            ),
            Refusal::NotAFile(p, what) => msg!(
                "refused-not-a-file",
                path = p.display().to_string(),
                kind = match *what {
                    "a directory" => "directory",
                    "a FIFO" => "fifo",
                    "a socket" => "socket",
                    "a character device" => "char-device",
                    "a block device" => "block-device",
                    "a broken symbolic link" => "broken-link",
                    _ => "special",
                },
                searched = searched
            ),
            Refusal::TooLarge(p, limit) => msg!(
                "refused-too-large",
                path = p.display().to_string(),
                limit = limit.to_string(),
                searched = searched
            ),
            Refusal::Unreadable(p, e) => msg!(
                "refused-unreadable",
                path = p.display().to_string(),
                error = e.to_string()
            ),
        }
    }

    /// Its message in English.
    pub fn message(&self) -> String {
        crate::i18n::Lang::En.text(&self.msg())
    }

    /// The diagnostic of this refusal, pointed at the file itself.
    pub fn diagnostic(&self) -> Diagnostic {
        let mut d = self.diagnostic_without_place();
        d.location = Some(Location::File {
            path: self.path().to_path_buf(),
            line: 1,
            column: 1,
        });
        d
    }

    /// The diagnostic of this refusal, without a place (the caller gives
    /// one: the `path:` of a source).
    pub fn diagnostic_without_place(&self) -> Diagnostic {
        self.diagnostic_as(false)
    }

    /// The diagnostic of a directory that is not searched.
    pub fn searched_diagnostic(&self) -> Diagnostic {
        let mut d = self.diagnostic_as(true);
        d.location = Some(Location::File {
            path: self.path().to_path_buf(),
            line: 1,
            column: 1,
        });
        d
    }

    fn diagnostic_as(&self, searched: bool) -> Diagnostic {
        let code = match self {
            Refusal::Outside(_) => Code::OutsideProject,
            Refusal::NotAFile(..) | Refusal::Unreadable(..) => Code::NotAFile,
            Refusal::TooLarge(..) => Code::FileTooLarge,
        };
        let help = match self {
            Refusal::Outside(_) => "refused-outside-help",
            Refusal::NotAFile(..) => "refused-not-a-file-help",
            Refusal::TooLarge(..) => "refused-too-large-help",
            Refusal::Unreadable(..) => "refused-unreadable-help",
        };
        Diagnostic::of(code, self.msg_as(searched)).help_msg(crate::i18n::Msg {
            id: help,
            args: Vec::new(),
        })
    }
}

/// Why a path could not be followed: a link to nothing, or an I/O error.
fn unresolved(path: &Path, e: &std::io::Error) -> Refusal {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if link && e.kind() == std::io::ErrorKind::NotFound {
        Refusal::NotAFile(path.to_path_buf(), "a broken symbolic link")
    } else {
        Refusal::Unreadable(path.to_path_buf(), e.to_string())
    }
}

/// What a file is when it is not a regular file.
fn kind(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

/// Opens a file without blocking on a FIFO and without following a link in
/// its last component (`real` has none).
fn open_regular(real: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    options.open(real)
}

/// The git work tree holding `dir` (a real path): the nearest directory
/// with a `.git` entry. Nothing in a repository can add one (git refuses
/// the name), so a pull request cannot move the root.
fn work_tree(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// `path` made absolute against `cwd` and its `.` and `..` taken lexically
/// (links not followed: this is where the command line says it is).
fn lexical(cwd: Option<&Path>, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    if path.is_relative() {
        if let Some(c) = cwd {
            out.push(c);
        }
    }
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths() {
        let cwd = Path::new("/w/repo");
        assert_eq!(
            lexical(Some(cwd), Path::new("kpis")),
            Path::new("/w/repo/kpis")
        );
        assert_eq!(
            lexical(Some(cwd), Path::new("./a/../b")),
            Path::new("/w/repo/b")
        );
        assert_eq!(lexical(Some(cwd), Path::new("../x")), Path::new("/w/x"));
        assert_eq!(lexical(Some(cwd), Path::new("/etc")), Path::new("/etc"));
    }

    #[test]
    fn limited_reads() {
        assert_eq!(read_limited(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_limited(&b"abcd"[..], 3).unwrap(), None);
        // an endless reader is read to the limit plus one byte, no further
        assert_eq!(read_limited(std::io::repeat(0), 10).unwrap(), None);
    }
}
