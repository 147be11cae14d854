//! The one error type of the crate.

use std::fmt;

/// An error from loading or compiling a rule pack, or from data given to calibration.
///
/// It says where the problem is: the pack file (or the name given to a pack passed as text), the
/// 1-based line, and the id of the rule or allowlist involved, whenever they are known. The kind is
/// private so that new kinds of problems can be reported without breaking callers; match on
/// [`Error::is_io`] if a missing file must be told apart from a broken pack.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    file: Option<String>,
    line: Option<usize>,
    rule: Option<String>,
}

#[derive(Debug)]
enum ErrorKind {
    /// The kind and message of an `io::Error`, kept rather than the error itself so that `Error`
    /// stays `UnwindSafe` (an `io::Error` can box any error).
    Io(std::io::ErrorKind, String),
    Pack(String),
    /// Labelled data calibration cannot fit on.
    Data(String),
}

impl Error {
    pub(crate) fn pack(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Pack(message.into()),
            file: None,
            line: None,
            rule: None,
        }
    }

    pub(crate) fn data(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Data(message.into()),
            file: None,
            line: None,
            rule: None,
        }
    }

    pub(crate) fn io(file: &std::path::Path, err: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io(err.kind(), err.to_string()),
            file: Some(file.display().to_string()),
            line: None,
            rule: None,
        }
    }

    pub(crate) fn in_file(mut self, file: &str) -> Error {
        self.file.get_or_insert_with(|| file.to_string());
        self
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> Error {
        if self.line.is_none() {
            self.line = line;
        }
        self
    }

    pub(crate) fn for_rule(mut self, rule: Option<&str>) -> Error {
        if self.rule.is_none() {
            self.rule = rule.map(str::to_string);
        }
        self
    }

    /// The pack file (or pack name) the error is in, if any.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The 1-based line in that file, if known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The id of the rule or allowlist at fault, if known.
    pub fn rule_id(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// The problem itself, without the location.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Io(_, message) => message.clone(),
            ErrorKind::Pack(message) | ErrorKind::Data(message) => message.clone(),
        }
    }

    /// Whether the pack could not be read at all (missing file, permissions), as opposed to
    /// being read and found broken.
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io(..))
    }

    /// For an I/O error, its kind (`NotFound`, `PermissionDenied`...).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self.kind {
            ErrorKind::Io(kind, _) => Some(kind),
            ErrorKind::Pack(_) | ErrorKind::Data(_) => None,
        }
    }

    /// Whether the labelled data given to [`calibrate`](crate::calibrate) was unusable (no
    /// lures or no legitimate posts), rather than a pack or a file.
    pub fn is_data(&self) -> bool {
        matches!(self.kind, ErrorKind::Data(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule}: ")?;
        }
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}
