//! Load stage: `*.kpi.yaml` files → spec items with exact source spans.

use super::files::{add_source, discover, read_spec_file};
use super::keys::{DateKey, InputKey, Key, MetricKey, ObjectiveKey, SourceKey, TargetKey, TopKey};
use super::{Input, LoadError, Located, Metric, Objective, RowExpr, Source, Spec, Strategy};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::msg;
use crate::project::Project;
use crate::source::{FileId, Sources, Span};
use crate::syntax::dsl::{self as parse, MetricDef};
use crate::syntax::yaml::{self, Node, NodeKind};
use crate::vocab::{
    Aggregate, Better, DataFormat, DecimalMark, FileKind, Period, TextEncoding, Thousands, Unit,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// A phrase of the catalogue without arguments (what a value is, for the
/// messages about it).
fn w(id: &'static str) -> Msg {
    Msg {
        id,
        args: Vec::new(),
    }
}

/// The kind of a YAML node, as a catalogue phrase.
fn kind(node: &Node) -> Msg {
    if node.is_null() {
        return w("kind-nothing");
    }
    match node.kind_name() {
        "a mapping" => w("kind-mapping"),
        "a list" => w("kind-list"),
        _ => w("kind-scalar"),
    }
}

/// Most lines skipped before a header.
const MAX_SKIP: usize = 10_000;

/// A field delimiter as written in a spec or on the command line: one
/// character, or `tab`; not one that can be part of a value.
pub fn delimiter(s: &str) -> Result<u8, String> {
    delimiter_of(s).map_err(|m| m.en())
}

/// [`delimiter`], its refusal as a catalogue message.
fn delimiter_of(s: &str) -> Result<u8, Msg> {
    let b = match s {
        "tab" | "\\t" | "\t" => b'\t',
        _ if s.len() == 1 => s.as_bytes()[0],
        _ => return Err(msg!("delimiter-not-one", text = s)),
    };
    if b.is_ascii_alphanumeric() || matches!(b, b'"' | b'\n' | b'\r' | b'.' | b'-' | b'+') {
        return Err(msg!(
            "delimiter-in-values",
            text = s.escape_debug().to_string()
        ));
    }
    Ok(b)
}

/// Why a strftime format cannot read dates, if it cannot (a catalogue id).
fn date_format_problem(f: &str) -> Option<&'static str> {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item<'_>> = StrftimeItems::new(f).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return Some("date-format-directive");
    }
    let whole = ["%F", "%D", "%x", "%c", "%+", "%s"];
    let day = ["%d", "%e", "%j", "%u", "%w", "%a", "%A"];
    let year = ["%Y", "%y", "%G", "%g"];
    if whole.iter().any(|d| f.contains(d)) {
        return None;
    }
    if !day.iter().any(|d| f.contains(d)) {
        return Some("date-format-no-day");
    }
    if !year.iter().any(|d| f.contains(d)) {
        return Some("date-format-no-year");
    }
    None
}

/// Most inputs and metrics in one project (20,000 check in 0.15 s).
pub const MAX_NAMES: usize = 100_000;

/// Loads every spec file under `paths`.
pub fn load(
    paths: &[PathBuf],
    project: &Project,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<Spec, LoadError> {
    let before = diags.items.len();
    let files = discover(project, paths, diags)?;
    if files.is_empty() && diags.items.len() == before {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(LoadError(crate::msg!(
            "cli-no-spec-file",
            paths = shown.join(", ")
        )));
    }
    let mut spec = Spec::default();
    for path in files {
        match read_spec_file(project, &path)? {
            Ok(bytes) => load_bytes(&mut spec, path, bytes, sources, diags),
            Err(refused) => diags.push(refused),
        }
    }
    Ok(spec)
}

/// Loads one spec file's bytes into `spec` (what [`load`] does to each file).
pub fn load_bytes(
    spec: &mut Spec,
    path: PathBuf,
    bytes: Vec<u8>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    let dir = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let (file, utf8) = add_source(path, bytes, sources);
    spec.files.push(file);
    if let Err(d) = utf8 {
        diags.push(d);
        return;
    }
    match yaml::parse(file, sources.get(file)) {
        Err(d) => diags.push(d),
        Ok(None) => {}
        Ok(Some(root)) => Loader {
            file,
            dir,
            diags,
            spec,
        }
        .root(&root),
    }
}

struct Loader<'a> {
    file: FileId,
    /// The directory of the spec file (sources' paths are relative to it).
    dir: PathBuf,
    diags: &'a mut Diagnostics,
    spec: &'a mut Spec,
}

impl Loader<'_> {
    fn err(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn invalid(&mut self, node: &Node, msg: Msg) {
        self.err(Diagnostic::of(Code::InvalidValue, msg).at(node.span));
    }

    /// The entries of a mapping, with duplicate and unknown keys reported.
    fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &Msg,
        known: Option<&[&str]>,
    ) -> Vec<(&'n str, Span, &'n Node)> {
        let NodeKind::Map(items) = &node.kind else {
            if !node.is_null() {
                self.invalid(
                    node,
                    msg!("must-be-mapping", what = what.clone(), found = kind(node)),
                );
            }
            return Vec::new();
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut out = Vec::new();
        for (k, v) in items {
            let Some(key) = k.as_scalar() else {
                self.invalid(k, msg!("keys-plain-names"));
                continue;
            };
            let name = key.value.as_str();
            if let Some(first) = seen.get(name) {
                self.err(
                    Diagnostic::of(
                        Code::YamlError,
                        msg!("duplicate-key", key = name, what = what.clone()),
                    )
                    .at(k.span)
                    .label_msg(msg!("second-definition"))
                    .related_msg(*first, msg!("first-defined-here")),
                );
                continue;
            }
            seen.insert(name, k.span);
            if let Some(known) = known {
                if !known.contains(&name) {
                    let hint = did_you_mean(name, known.iter().copied());
                    self.err(
                        Diagnostic::of(
                            Code::UnknownKey,
                            msg!("unknown-key", key = name, what = what.clone()),
                        )
                        .at(k.span)
                        .label_msg(msg!("unknown-key-label"))
                        .help_msg(match hint {
                            Some(h) => msg!("did-you-mean", name = h),
                            // the rest of an expression cut at a comma
                            None if name.contains([')', '(', '"', '\'', ' ']) => {
                                msg!("unknown-key-comma", keys = known.join(", "))
                            }
                            None => msg!("known-keys", keys = known.join(", ")),
                        }),
                    );
                    continue;
                }
            }
            out.push((name, k.span, v));
        }
        out
    }

    /// The entries of a section with known keys, each key parsed (unknown
    /// keys reported and left out).
    fn keyed<'n, K: Key>(&mut self, node: &'n Node, what: &Msg) -> Vec<(K, Span, &'n Node)> {
        self.entries(node, what, Some(K::NAMES))
            .into_iter()
            .filter_map(|(name, span, v)| Some((K::parse(name)?, span, v)))
            .collect()
    }

    fn root(&mut self, root: &Node) {
        for (key, _, v) in self.keyed::<TopKey>(root, &w("what-a-spec-file")) {
            match key {
                TopKey::Locale => self.locale(v),
                TopKey::Sources => self.sources(v),
                TopKey::Inputs => self.inputs(v),
                TopKey::Metrics => self.metrics(v),
                TopKey::Strategy => self.strategies(v),
                TopKey::Objectives => self.objectives(v),
            }
        }
    }

    fn string(&mut self, node: &Node, what: &Msg) -> Option<String> {
        match node.as_scalar() {
            Some(s) if !node.is_null() => Some(s.value.clone()),
            _ => {
                self.invalid(
                    node,
                    msg!("must-be-text", what = what.clone(), found = kind(node)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &Msg) -> bool {
        match node.as_scalar().map(|s| s.value.as_str()) {
            Some("true" | "True" | "TRUE" | "yes") => true,
            Some("false" | "False" | "FALSE" | "no") => false,
            _ => {
                self.invalid(node, msg!("must-be-boolean", what = what.clone()));
                false
            }
        }
    }

    fn better(&mut self, val: &Node) -> Option<Better> {
        let text = self.string(val, &w("what-better"))?;
        match Better::parse(&text) {
            Some(b) => Some(b),
            None => {
                let other = text;
                self.err(
                    Diagnostic::of(Code::InvalidValue, msg!("better-value", value = other))
                        .at(val.span),
                );
                None
            }
        }
    }

    fn unit(&mut self, node: &Node) -> Option<Located<Unit>> {
        let text = self.string(node, &w("what-a-unit"))?;
        match Unit::parse(&text) {
            Some(u) => Some(Located {
                value: u,
                span: node.span,
            }),
            None => {
                self.err(
                    Diagnostic::of(Code::InvalidValue, msg!("unknown-unit", unit = text))
                        .at(node.span)
                        .label_msg(msg!("unknown-unit-label"))
                        .help_msg(msg!("unknown-unit-help")),
                );
                None
            }
        }
    }

    fn check_name(&mut self, name: &str, span: Span, what: &Msg) -> bool {
        let ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            self.err(
                Diagnostic::of(
                    Code::InvalidValue,
                    msg!("invalid-name", name = name, what = what.clone()),
                )
                .at(span)
                .help_msg(msg!("invalid-name-help")),
            );
        }
        ok
    }

    /// A target: `cac <= 50 EUR`, or its long form with the action to take
    /// when it is missed (`- target: cac <= 50 EUR` / `action: …`).
    fn target(&mut self, item: &Node) -> Option<parse::Target> {
        let shape = || msg!("target-shape");
        let (node, action) = match &item.kind {
            NodeKind::Scalar(_) => (item, None),
            NodeKind::Map(_) => {
                let mut node = None;
                let mut action = None;
                for (key, _, val) in self.keyed::<TargetKey>(item, &w("what-a-target")) {
                    match key {
                        TargetKey::Target => node = Some(val),
                        TargetKey::Action => match self.string(val, &w("what-an-action")) {
                            Some(text) if text.trim().is_empty() => {
                                self.invalid(val, msg!("action-empty"))
                            }
                            Some(text) => action = Some((text, val.span)),
                            None => {}
                        },
                    }
                }
                let Some(node) = node else {
                    self.err(
                        Diagnostic::of(Code::MissingKey, msg!("target-no-target"))
                            .at(item.span)
                            .help_msg(msg!("target-no-target-help")),
                    );
                    return None;
                };
                (node, action)
            }
            NodeKind::Seq(_) => {
                self.invalid(item, shape());
                return None;
            }
        };
        let Some(s) = node.as_scalar() else {
            self.invalid(node, shape());
            return None;
        };
        match parse::parse_target(self.file, s) {
            Ok(mut t) => {
                t.action = action;
                Some(t)
            }
            Err(d) => {
                self.err(d);
                None
            }
        }
    }

    /// Past [`MAX_NAMES`] inputs and metrics: reports it at `span`.
    fn too_many_names(&mut self, span: Span) -> bool {
        if self.spec.metrics.len() + self.spec.inputs.len() < MAX_NAMES {
            return false;
        }
        self.err(
            Diagnostic::of(
                Code::TooManyMetrics,
                msg!("too-many-names", max = MAX_NAMES),
            )
            .at(span)
            .help_msg(msg!("too-many-names-help")),
        );
        true
    }

    fn inputs(&mut self, node: &Node) {
        for (name, kspan, v) in self.entries(node, &w("what-inputs"), None) {
            if self.too_many_names(kspan) {
                return;
            }
            if !self.check_name(name, kspan, &w("what-input-name")) {
                continue;
            }
            let mut input = Input {
                name: name.to_string(),
                span: kspan,
                unit: Located {
                    value: Unit::Count,
                    span: kspan,
                },
                aggregate: Aggregate::Sum,
                columns: vec![name.to_string()],
                source: None,
                expr: None,
                filter: None,
                having: None,
                vanity: false,
                description: None,
                better: None,
                label: Default::default(),
            };
            if let NodeKind::Map(_) = v.kind {
                let mut has_unit = false;
                for (key, _, val) in
                    self.keyed::<InputKey>(v, &crate::msg!("what-input", name = name))
                {
                    match key {
                        InputKey::Unit => {
                            has_unit = true;
                            match self.unit(val) {
                                Some(u) => input.unit = u,
                                None => continue,
                            }
                        }
                        InputKey::Aggregate => {
                            let Some(a) = self.string(val, &w("what-an-aggregate")) else {
                                continue;
                            };
                            match Aggregate::ALL.iter().find(|(n, _)| *n == a) {
                                Some((_, agg)) => input.aggregate = *agg,
                                None => {
                                    let names: Vec<&str> =
                                        Aggregate::ALL.iter().map(|(n, _)| *n).collect();
                                    self.err(
                                        Diagnostic::of(
                                            Code::InvalidValue,
                                            msg!("unknown-aggregate", aggregate = &a),
                                        )
                                        .at(val.span)
                                        .help_msg(msg!("aggregates", names = names.join(", "))),
                                    );
                                }
                            }
                        }
                        InputKey::Vanity => input.vanity = self.boolean(val, &w("what-vanity")),
                        InputKey::Column => {
                            if let Some(c) = self.names_or_list(val, &w("what-a-column")) {
                                input.columns = c;
                            }
                        }
                        InputKey::Source => {
                            input.source = self.string(val, &w("what-a-source")).map(|s| Located {
                                value: s,
                                span: val.span,
                            })
                        }
                        InputKey::Expr => input.expr = self.row_expr(val, &w("what-an-expression")),
                        InputKey::Where => {
                            input.filter = self.row_expr(val, &w("what-a-condition"))
                        }
                        InputKey::Having => {
                            input.having = self.row_expr(val, &w("what-a-condition"))
                        }
                        InputKey::Better => input.better = self.better(val),
                        InputKey::Description => {
                            input.description = self.string(val, &w("what-a-description"))
                        }
                        InputKey::Label => input.label = self.labels(val),
                    }
                }
                if !has_unit {
                    self.err(
                        Diagnostic::of(Code::MissingKey, msg!("input-no-unit", name = name))
                            .at(kspan)
                            .help_msg(msg!("input-no-unit-help")),
                    );
                    continue;
                }
            } else {
                match self.unit(v) {
                    Some(u) => input.unit = u,
                    None => continue,
                }
            }
            self.spec.inputs.push(input);
        }
    }

    /// A row expression (`expr:`, `where:`), parsed in place: its
    /// diagnostics point inside the YAML scalar.
    fn row_expr(&mut self, node: &Node, what: &Msg) -> Option<RowExpr> {
        let Some(scalar) = node.as_scalar() else {
            self.invalid(node, msg!("expected-as-text", what = what.clone()));
            return None;
        };
        match crate::syntax::row::parse_row(self.file, scalar) {
            Ok(e) => Some(e),
            Err(d) => {
                self.err(d);
                None
            }
        }
    }

    /// A text, or a non-empty list of texts (alternatives).
    fn names_or_list(&mut self, node: &Node, what: &Msg) -> Option<Vec<String>> {
        match &node.kind {
            NodeKind::Seq(items) if !items.is_empty() => items
                .iter()
                .map(|it| self.string(it, what))
                .collect::<Vec<_>>()
                .into_iter()
                .collect(),
            NodeKind::Seq(_) => {
                self.invalid(node, msg!("list-empty", what = what.clone()));
                None
            }
            _ => self.string(node, what).map(|s| vec![s]),
        }
    }

    /// A value among `choices` (name → value), with did-you-mean.
    fn choice<T: Copy>(&mut self, node: &Node, what: &Msg, choices: &[(&str, T)]) -> Option<T> {
        let text = self.string(node, what)?;
        if let Some((_, v)) = choices.iter().find(|(n, _)| *n == text) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        self.err(
            Diagnostic::of(
                Code::InvalidValue,
                msg!("unknown-choice", what = what.clone(), value = &text),
            )
            .at(node.span)
            .help_msg(match did_you_mean(&text, names.iter().copied()) {
                Some(h) => msg!("did-you-mean", name = h),
                None => msg!(
                    "one-of",
                    choices = names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        );
        None
    }

    fn sources(&mut self, node: &Node) {
        for (name, span, v) in self.entries(node, &w("what-sources"), None) {
            if !self.check_name(name, span, &w("what-source-name")) {
                continue;
            }
            let mut source = Source {
                name: name.to_string(),
                span,
                path: None,
                dir: self.dir.clone(),
                format: DataFormat {
                    // a declared source's delimiter is found in its header
                    delimiter: None,
                    ..DataFormat::default()
                },
                date_span: None,
                dimensions: None,
                table: None,
            };
            let mut kind_given = false;
            for (key, _, val) in
                self.keyed::<SourceKey>(v, &crate::msg!("what-source", name = name))
            {
                match key {
                    SourceKey::Path => {
                        source.path = self.string(val, &w("what-a-path")).map(|p| Located {
                            value: p,
                            span: val.span,
                        })
                    }
                    SourceKey::Format => {
                        if let Some(k) = self.choice(val, &w("what-format"), &FileKind::ALL) {
                            source.format.kind = k;
                            source.format.kind_given = true;
                            kind_given = true;
                        }
                    }
                    SourceKey::Encoding => {
                        if let Some(e) = self.choice(val, &w("what-encoding"), &TextEncoding::ALL) {
                            source.format.encoding = e;
                        }
                    }
                    SourceKey::Skip => match self
                        .string(val, &w("what-a-number-of-lines"))
                        .map(|t| t.parse::<usize>())
                    {
                        Some(Ok(n)) if n <= MAX_SKIP => source.format.skip = n,
                        Some(_) => self.invalid(val, msg!("skip-range", max = MAX_SKIP)),
                        None => {}
                    },
                    SourceKey::Delimiter => {
                        if let Some(d) = self.string(val, &w("what-a-delimiter")) {
                            match delimiter_of(&d) {
                                Ok(b) => source.format.delimiter = Some(b),
                                Err(why) => self.invalid(val, why),
                            }
                        }
                    }
                    SourceKey::Decimal => {
                        if let Some(d) =
                            self.choice(val, &w("what-decimal-mark"), &DecimalMark::ALL)
                        {
                            source.format.decimal = d;
                        }
                    }
                    SourceKey::Thousands => {
                        if let Some(t) =
                            self.choice(val, &w("what-thousands-separator"), &Thousands::ALL)
                        {
                            source.format.thousands = t;
                        }
                    }
                    SourceKey::Date => self.source_date(val, &mut source),
                    SourceKey::Timezone => {
                        let Some(z) = self.string(val, &w("what-a-time-zone")) else {
                            continue;
                        };
                        match z.parse::<chrono_tz::Tz>() {
                            Ok(tz) => source.format.timezone = Some(tz),
                            Err(_) => self.err(
                                Diagnostic::of(
                                    Code::InvalidValue,
                                    msg!("unknown-time-zone", zone = &z),
                                )
                                .at(val.span)
                                .help_msg(msg!("unknown-time-zone-help")),
                            ),
                        }
                    }
                    SourceKey::Dimensions => {
                        let declared = source.dimensions.get_or_insert_with(Vec::new);
                        declared.clear();
                        for (dim, dspan, col) in self.entries(
                            val,
                            &crate::msg!("what-source-dimensions", name = name),
                            None,
                        ) {
                            if !self.check_name(dim, dspan, &w("what-dimension-name")) {
                                continue;
                            }
                            if let Some(c) = self.string(col, &w("what-a-column")) {
                                declared.push((dim.to_string(), c));
                            }
                        }
                    }
                    SourceKey::Table => source.table = self.string(val, &w("what-a-table")),
                    SourceKey::Sheet => source.format.sheet = self.string(val, &w("what-a-sheet")),
                }
            }
            if !kind_given {
                if let Some(k) = source
                    .path
                    .as_ref()
                    .and_then(|p| FileKind::of_path(&p.value))
                {
                    source.format.kind = k;
                }
            }
            if source.format.kind == FileKind::Tsv && source.format.delimiter.is_none() {
                source.format.delimiter = Some(b'\t');
            }
            let f = &source.format;
            let clash = match (f.decimal, f.thousands) {
                (DecimalMark::Comma, Thousands::Comma) => Some(","),
                (DecimalMark::Point, Thousands::Point) => Some("."),
                _ => None,
            };
            if let Some(c) = clash {
                self.err(
                    Diagnostic::of(
                        Code::InvalidValue,
                        msg!("decimal-thousands-clash", source = name, mark = c),
                    )
                    .at(span),
                );
            }
            self.spec.sources.push(source);
        }
    }

    /// `date: Jour` or `date: { column: Jour, format: "%d/%m/%Y" }`.
    fn source_date(&mut self, val: &Node, source: &mut Source) {
        if !matches!(val.kind, NodeKind::Map(_)) {
            if let Some(c) = self.names_or_list(val, &w("what-a-date-column")) {
                source.format.date_columns = c;
            }
            return;
        }
        let mut column = None;
        let mut from = None;
        for (key, kspan, v) in
            self.keyed::<DateKey>(val, &crate::msg!("what-source-date", name = &source.name))
        {
            match key {
                DateKey::Column => {
                    column = Some(kspan);
                    if let Some(c) = self.names_or_list(v, &w("what-a-date-column")) {
                        source.format.date_columns = c;
                    }
                }
                DateKey::From => {
                    from = Some(kspan);
                    if let Some(c) = self.names_or_list(v, &w("what-a-date-column")) {
                        source.format.date_columns = c;
                    }
                }
                DateKey::To => {
                    if let Some(c) = self.names_or_list(v, &w("what-a-date-column")) {
                        source.format.date_to = Some(c);
                    }
                }
                DateKey::Format => {
                    let Some(f) = self.string(v, &w("what-a-date-format")) else {
                        continue;
                    };
                    match date_format_problem(&f) {
                        None => {
                            source.format.date_format = Some(f);
                            source.date_span = Some(v.span);
                        }
                        Some(why) => self.err(
                            Diagnostic::of(
                                Code::InvalidValue,
                                msg!("not-a-date-format", format = &f, why = w(why)),
                            )
                            .at(v.span)
                            .help_msg(msg!("date-format-help")),
                        ),
                    }
                }
            }
        }
        match (column, from, source.format.date_to.is_some()) {
            (Some(c), Some(_), _) => {
                self.err(Diagnostic::of(Code::InvalidValue, msg!("date-column-and-range")).at(c))
            }
            (_, Some(f), false) => {
                self.err(Diagnostic::of(Code::MissingKey, msg!("date-range-no-to")).at(f))
            }
            (_, None, true) => {
                self.err(Diagnostic::of(Code::MissingKey, msg!("date-range-no-from")).at(val.span))
            }
            _ => {}
        }
    }

    fn metrics(&mut self, node: &Node) {
        let NodeKind::Seq(items) = &node.kind else {
            if !node.is_null() {
                self.invalid(node, msg!("metrics-must-be-list", found = kind(node)));
            }
            return;
        };
        for item in items {
            let mut metric_node = None;
            let mut m = Metric {
                def: MetricDef {
                    name: String::new(),
                    name_span: item.span,
                    expr: parse::Expr {
                        kind: parse::ExprKind::Number(Default::default()),
                        span: item.span,
                    },
                },
                description: None,
                better: None,
                unit: None,
                vanity: false,
                label: Default::default(),
            };
            match &item.kind {
                NodeKind::Scalar(s) => metric_node = Some((s, item)),
                NodeKind::Map(_) => {
                    for (key, _, val) in self.keyed::<MetricKey>(item, &w("what-a-metric")) {
                        match key {
                            MetricKey::Def => match val.as_scalar() {
                                Some(s) => metric_node = Some((s, val)),
                                None => self.invalid(val, msg!("def-shape")),
                            },
                            MetricKey::Description => {
                                m.description = self.string(val, &w("what-a-description"))
                            }
                            MetricKey::Better => m.better = self.better(val),
                            MetricKey::Unit => m.unit = self.unit(val),
                            MetricKey::Vanity => m.vanity = self.boolean(val, &w("what-vanity")),
                            MetricKey::Label => m.label = self.labels(val),
                        }
                    }
                    if metric_node.is_none() {
                        self.err(
                            Diagnostic::of(Code::MissingKey, msg!("metric-no-def"))
                                .at(item.span)
                                .help_msg(msg!("metric-no-def-help")),
                        );
                    }
                }
                NodeKind::Seq(_) => self.invalid(item, msg!("metric-shape")),
            }
            let Some((scalar, _)) = metric_node else {
                continue;
            };
            if self.too_many_names(item.span) {
                return;
            }
            match parse::parse_metric(self.file, scalar) {
                Ok(def) => {
                    m.def = def;
                    self.spec.metrics.push(m);
                }
                Err(d) => self.err(d),
            }
        }
    }

    /// `label: Taux de clics` (every language) or `label: { fr: …, en: … }`.
    fn labels(&mut self, node: &Node) -> crate::i18n::Labels {
        let mut labels = crate::i18n::Labels::default();
        if let NodeKind::Scalar(_) = node.kind {
            labels.all = self.string(node, &w("what-a-label"));
            return labels;
        }
        for (code, span, text) in self.entries(node, &w("what-a-label"), None) {
            let Some(lang) = crate::i18n::Lang::parse(code).filter(|l| l.code() == code) else {
                self.err(
                    Diagnostic::of(Code::InvalidValue, msg!("unknown-language", lang = code))
                        .at(span)
                        .help_msg(msg!(
                            "languages",
                            langs = crate::i18n::Lang::ALL
                                .iter()
                                .map(|l| l.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                continue;
            };
            if let Some(t) = self.string(text, &w("what-a-label")) {
                labels.by_lang.push((lang, t));
            }
        }
        labels
    }

    fn locale(&mut self, node: &Node) {
        let Some(text) = self.string(node, &w("what-locale")) else {
            return;
        };
        let Some(locale) = crate::i18n::Locale::parse(&text) else {
            self.err(
                Diagnostic::of(
                    Code::InvalidValue,
                    crate::msg!("spec-unknown-locale", locale = text),
                )
                .at(node.span)
                .help_msg(crate::msg!(
                    "spec-locales",
                    locales = crate::i18n::Locale::NAMES.join(", ")
                )),
            );
            return;
        };
        match &self.spec.locale {
            Some(first) if first.value != locale => {
                let first_span = first.span;
                self.err(
                    Diagnostic::of(Code::InvalidValue, crate::msg!("spec-two-locales"))
                        .at(node.span)
                        .related_msg(first_span, crate::msg!("spec-first-locale")),
                );
            }
            Some(_) => {}
            None => {
                self.spec.locale = Some(Located {
                    value: locale,
                    span: node.span,
                })
            }
        }
    }

    fn strategies(&mut self, node: &Node) {
        for (name, span, v) in self.entries(node, &w("what-strategy"), None) {
            let description = match &v.kind {
                NodeKind::Scalar(s) => s.value.clone(),
                _ => {
                    self.invalid(v, msg!("strategy-shape"));
                    continue;
                }
            };
            self.spec.strategies.push(Strategy {
                name: name.to_string(),
                span,
                description,
            });
        }
    }

    fn date(&mut self, node: &Node) -> Option<Located<NaiveDate>> {
        let s = self.string(node, &w("what-a-date"))?;
        match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            Ok(d) => Some(Located {
                value: d,
                span: node.span,
            }),
            Err(_) => {
                self.err(
                    Diagnostic::of(Code::InvalidValue, msg!("not-a-date", text = &s))
                        .at(node.span)
                        .help_msg(msg!("not-a-date-help")),
                );
                None
            }
        }
    }

    fn objectives(&mut self, node: &Node) {
        for (name, span, v) in self.entries(node, &w("what-objectives"), None) {
            let mut o = Objective {
                name: name.to_string(),
                span,
                extent: Span::new(span.file, span.start as usize, v.span.end as usize),
                description: None,
                label: Default::default(),
                aligned_with: None,
                owner: None,
                period: None,
                start: None,
                deadline: None,
                kpis: Vec::new(),
                kpis_span: None,
                targets: Vec::new(),
                targets_span: None,
                given: Vec::new(),
            };
            for (key, kspan, val) in
                self.keyed::<ObjectiveKey>(v, &crate::msg!("what-objective", name = name))
            {
                if !(val.is_null() || matches!(&val.kind, NodeKind::Seq(items) if items.is_empty()))
                {
                    o.given.push(key.name().to_string());
                }
                match key {
                    ObjectiveKey::Label => o.label = self.labels(val),
                    ObjectiveKey::Description => {
                        o.description =
                            self.string(val, &w("what-a-description")).map(|d| Located {
                                value: d,
                                span: val.span,
                            })
                    }
                    ObjectiveKey::AlignedWith => {
                        o.aligned_with =
                            self.string(val, &w("what-a-strategy-goal"))
                                .map(|d| Located {
                                    value: d,
                                    span: val.span,
                                })
                    }
                    ObjectiveKey::Owner => o.owner = self.string(val, &w("what-an-owner")),
                    ObjectiveKey::Period => {
                        let Some(p) = self.string(val, &w("what-a-period")) else {
                            continue;
                        };
                        match Period::parse(&p) {
                            Some(p) => {
                                o.period = Some(Located {
                                    value: p,
                                    span: val.span,
                                })
                            }
                            None => self.err(
                                Diagnostic::of(
                                    Code::InvalidValue,
                                    msg!("unknown-period", period = &p),
                                )
                                .at(val.span)
                                .help_msg(
                                    match did_you_mean(&p, Period::NAMES.iter().copied()) {
                                        Some(h) => msg!("did-you-mean", name = h),
                                        None => msg!("periods", names = Period::NAMES.join(", ")),
                                    },
                                ),
                            ),
                        }
                    }
                    ObjectiveKey::Start => o.start = self.date(val),
                    ObjectiveKey::Deadline => o.deadline = self.date(val),
                    ObjectiveKey::Kpis => {
                        o.kpis_span = Some(kspan);
                        match &val.kind {
                            NodeKind::Seq(items) => {
                                for it in items {
                                    if let Some(s) = self.string(it, &w("what-a-kpi-name")) {
                                        o.kpis.push(Located {
                                            value: s,
                                            span: it.span,
                                        });
                                    }
                                }
                            }
                            _ if val.is_null() => {}
                            _ => self.invalid(val, msg!("kpis-shape")),
                        }
                    }
                    ObjectiveKey::Targets => {
                        o.targets_span = Some(kspan);
                        match &val.kind {
                            NodeKind::Seq(items) => {
                                for it in items {
                                    if let Some(t) = self.target(it) {
                                        o.targets.push(t);
                                    }
                                }
                            }
                            _ if val.is_null() => {}
                            _ => self.invalid(val, msg!("targets-shape")),
                        }
                    }
                }
            }
            self.spec.objectives.push(o);
        }
    }
}
