//! How a data file is written: its kind, delimiter, number style, encoding,
//! the lines before its header, and where and how its dates are. One
//! [`DataFormat`] per source; the default is the file `eval --data` has
//! always read (comma-separated UTF-8, `.` decimals, a `date` column in
//! `YYYY-MM-DD`).

/// The kinds of data file read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Tsv,
    /// An Excel workbook (`.xlsx`, also `.xlsm`, `.xls`, `.ods`): one sheet.
    Xlsx,
    /// JSON lines (`.jsonl`, `.ndjson`): one object per line.
    Jsonl,
    /// Apache Parquet (`.parquet`): typed columns.
    Parquet,
}

impl FileKind {
    pub const ALL: [(&'static str, FileKind); 5] = [
        ("csv", FileKind::Csv),
        ("tsv", FileKind::Tsv),
        ("xlsx", FileKind::Xlsx),
        ("jsonl", FileKind::Jsonl),
        ("parquet", FileKind::Parquet),
    ];

    /// How a message names a file of this kind.
    /// What the file is, as a phrase of the catalogue.
    pub fn what_msg(self) -> crate::i18n::Msg {
        let id = match self {
            FileKind::Csv | FileKind::Tsv => "file-csv",
            FileKind::Xlsx => "file-workbook",
            FileKind::Jsonl => "file-jsonl",
            FileKind::Parquet => "file-parquet",
        };
        crate::i18n::Msg {
            id,
            args: Vec::new(),
        }
    }

    pub fn what(self) -> &'static str {
        match self {
            FileKind::Csv | FileKind::Tsv => "CSV",
            FileKind::Xlsx => "workbook",
            FileKind::Jsonl => "JSON-lines file",
            FileKind::Parquet => "Parquet file",
        }
    }

    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    /// The kind a file name's extension says, if any.
    pub fn of_path(path: &str) -> Option<FileKind> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(FileKind::Csv),
            "tsv" | "tab" => Some(FileKind::Tsv),
            "xlsx" | "xlsm" | "xls" | "ods" => Some(FileKind::Xlsx),
            "jsonl" | "ndjson" => Some(FileKind::Jsonl),
            "parquet" | "pq" => Some(FileKind::Parquet),
            _ => None,
        }
    }
}

/// The decimal mark of numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalMark {
    Point,
    Comma,
}

impl DecimalMark {
    pub const ALL: [(&'static str, DecimalMark); 2] =
        [("point", DecimalMark::Point), ("comma", DecimalMark::Comma)];

    pub fn char(self) -> char {
        match self {
            DecimalMark::Point => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// The thousands separator of numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Thousands {
    None,
    /// A space, a no-break space (U+00A0) or a narrow no-break space (U+202F).
    Space,
    Comma,
    Point,
    Apostrophe,
}

impl Thousands {
    pub const ALL: [(&'static str, Thousands); 5] = [
        ("none", Thousands::None),
        (" ", Thousands::Space),
        (",", Thousands::Comma),
        (".", Thousands::Point),
        ("'", Thousands::Apostrophe),
    ];

    /// Whether `c` separates thousands in this style.
    pub fn is_separator(self, c: char) -> bool {
        match self {
            Thousands::None => false,
            Thousands::Space => matches!(c, ' ' | '\u{a0}' | '\u{202f}'),
            Thousands::Comma => c == ',',
            Thousands::Point => c == '.',
            Thousands::Apostrophe => matches!(c, '\'' | '\u{2019}'),
        }
    }
}

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8; a byte-order mark is skipped.
    Utf8,
    /// UTF-16, little or big endian by its byte-order mark.
    Utf16,
    /// Windows-1252, as Excel saves "CSV" on a Western Windows.
    Windows1252,
    /// ISO-8859-1.
    Latin1,
}

impl TextEncoding {
    pub const ALL: [(&'static str, TextEncoding); 4] = [
        ("utf-8", TextEncoding::Utf8),
        ("utf-16", TextEncoding::Utf16),
        ("windows-1252", TextEncoding::Windows1252),
        ("latin-1", TextEncoding::Latin1),
    ];
}

/// Everything about how one source's files are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataFormat {
    pub kind: FileKind,
    /// Whether `format:` names the kind; else each file's extension says it
    /// (a file bound with `--data NAME=FILE` too).
    pub kind_given: bool,
    /// The field delimiter; None: detected from the header line (`,` `;`
    /// tab `|`).
    pub delimiter: Option<u8>,
    pub decimal: DecimalMark,
    pub thousands: Thousands,
    pub encoding: TextEncoding,
    /// Lines before the header (`#` comment lines before it are skipped too).
    pub skip: usize,
    /// The date column: its alternative names, the first present wins.
    pub date_columns: Vec<String>,
    /// The column where a row's range ends (Meta's `Reporting ends`), with
    /// alternatives; the range starts at the date column.
    pub date_to: Option<Vec<String>>,
    /// A chrono strftime format; None: ISO dates and timestamps.
    pub date_format: Option<String>,
    /// A workbook's sheet (None: the first).
    pub sheet: Option<String>,
    /// The zone a timestamp with an offset takes its day in (None: the day
    /// as written).
    pub timezone: Option<chrono_tz::Tz>,
}

impl Default for DataFormat {
    fn default() -> DataFormat {
        DataFormat {
            kind: FileKind::Csv,
            kind_given: false,
            delimiter: Some(b','),
            decimal: DecimalMark::Point,
            thousands: Thousands::None,
            encoding: TextEncoding::Utf8,
            skip: 0,
            date_columns: vec!["date".to_string()],
            date_to: None,
            date_format: None,
            sheet: None,
            timezone: None,
        }
    }
}

impl DataFormat {
    /// Whether the fast CSV path may read it as far as the layout goes (any
    /// delimiter, either decimal mark, any thousands separator, UTF-8 or a
    /// single-byte code page, lines before the header, quoted cells); it
    /// also needs a date format it knows, and rows that are not ranges.
    pub fn is_plain(&self) -> bool {
        matches!(self.kind, FileKind::Csv | FileKind::Tsv)
            && self.encoding != TextEncoding::Utf16
            && self.date_to.is_none()
    }
}
