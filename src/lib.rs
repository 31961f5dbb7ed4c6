//! Boussole: a declarative KPI rules engine.
//!
//! Data flows one way, one stage a folder, each stage a named function here:
//! [`load()`] (YAML → [`spec::Spec`], items with spans; expressions parsed by
//! [`syntax`]) → [`check()`] (names, units, cycles, SMART → [`check::Model`])
//! → [`plan()`] (everything a backend needs → [`plan::Plan`]) → a backend:
//! [`evaluate()`] (the streaming evaluator over CSV → [`eval::Evaluation`])
//! or [`compile_sql()`] (one SELECT per warehouse dialect) → [`render`]
//! (human, JSON, GitHub, SARIF). Errors are plain
//! [`diagnostic::Diagnostic`] data; the library never prints. The stages
//! share their vocabulary through [`vocab`] and [`source`]; `ARCHITECTURE.md`
//! is the map.

// Diagnostics travel by value on the error path only (once per problem), so
// their size does not matter; boxing them would only add noise.
#![allow(clippy::result_large_err)]
// No panics by construction in library code: no unwrap, expect or panic!
// (unit tests may; the fuzz harness asserts its properties on purpose).
// Indexing is not denied yet: see "Reliability" in the book (docs/src/reliability.md).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod diagnostic;
pub mod engine;
pub mod eval;
#[doc(hidden)]
#[allow(
    clippy::panic,
    reason = "a fuzz target reports a broken property by panicking"
)]
pub mod fuzz;
pub mod i18n;
pub mod lsp;
pub mod plan;
pub mod project;
pub mod render;
pub mod source;
pub mod spec;
pub mod sql;
pub mod syntax;
pub mod tools;
pub mod vocab;

use diagnostic::Diagnostics;
use source::Sources;
use std::path::PathBuf;

/// Stage 1, load: the spec files under `paths` (directories searched for
/// `*.kpi.yaml`), read into spec items with the spans of their tokens. Only
/// regular files inside `project` are read (see [`project`]).
pub fn load(
    paths: &[PathBuf],
    project: &project::Project,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<spec::Spec, spec::LoadError> {
    spec::load(paths, project, sources, diags)
}

/// Stage 2, check: names, units, cycles and the SMART lint.
pub fn check(spec: spec::Spec, diags: &mut Diagnostics) -> check::Model {
    check::check(spec, diags)
}

/// Stage 3, plan: what a backend computes, at one period, grouped by `by`.
pub fn plan(model: &check::Model, period: vocab::Period, by: &[String]) -> plan::Plan {
    plan::plan(model, period, by)
}

/// Backend, embedded: the plan evaluated on its sources' files. Err for I/O
/// errors; data problems are diagnostics.
pub fn evaluate(
    plan: &plan::Plan,
    data: eval::Data<'_>,
    diags: &mut Diagnostics,
    opts: &eval::Options<'_>,
) -> Result<eval::Evaluation, String> {
    eval::evaluate(plan, data, diags, opts)
}

/// Backend, inside an engine (`eval --engine`): the inputs' aggregates run
/// in `engine` over its tables, the rows evaluated as the files would be.
/// None after a diagnostic (`engine-error`, a name the dialect cannot carry).
pub fn evaluate_in(
    plan: &plan::Plan,
    engine: &engine::Engine,
    tables: &[Option<String>],
    diags: &mut Diagnostics,
) -> Option<eval::Evaluation> {
    engine::fetch(plan, engine, tables, diags).map(|f| eval::evaluate_fetched(plan, f, diags))
}

/// Backend, warehouse: the plan as one SQL SELECT in `dialect` over `table`;
/// None after a diagnostic (a name the dialect cannot carry).
pub fn compile_sql(
    plan: &plan::Plan,
    dialect: sql::Dialect,
    tables: &[Option<String>],
    query: sql::Query,
    diags: &mut Diagnostics,
) -> Option<String> {
    sql::sql(plan, dialect, tables, query, diags)
}

/// Loads and checks the specs under `paths` (given on the command line,
/// which with the git work tree make the project): the whole `check`
/// command.
pub fn check_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<check::Model, spec::LoadError> {
    check_project(paths, &project::Project::of(paths), sources, diags)
}

/// Loads and checks the specs under `paths`, reading only inside `project`.
pub fn check_project(
    paths: &[PathBuf],
    project: &project::Project,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<check::Model, spec::LoadError> {
    let spec = load(paths, project, sources, diags)?;
    Ok(check(spec, diags))
}

/// Loads and checks one spec file given as bytes (what `check` does to each
/// file), for the fuzz targets.
pub fn check_bytes(
    name: &str,
    bytes: &[u8],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> check::Model {
    let mut spec = spec::Spec::default();
    spec::load_bytes(
        &mut spec,
        PathBuf::from(name),
        bytes.to_vec(),
        sources,
        diags,
    );
    check::check(spec, diags)
}

/// The JSON Schema of the spec format (`boussole schema`).
pub const SCHEMA: &str = include_str!("../schema/boussole.schema.json");

/// Files written by `boussole init`: (relative path, contents).
pub const STARTER: &[(&str, &str)] = &[
    (
        "specs/marketing.kpi.yaml",
        include_str!("../specs/marketing.kpi.yaml"),
    ),
    (
        "specs/marketing.kpi-test.yaml",
        include_str!("../specs/marketing.kpi-test.yaml"),
    ),
    (
        "objectives.kpi.yaml",
        include_str!("../examples/ecommerce/objectives.kpi.yaml"),
    ),
    (
        "objectives.kpi-test.yaml",
        include_str!("../examples/ecommerce/objectives.kpi-test.yaml"),
    ),
    (
        "data/daily.csv",
        include_str!("../examples/ecommerce/daily.csv"),
    ),
];

/// The starter in French (`boussole init --lang fr`): the same specs,
/// data and tests, comments, descriptions and actions in French
/// (`starter/translate.py` writes it from the English one).
pub const STARTER_FR: &[(&str, &str)] = &[
    (
        "specs/marketing.kpi.yaml",
        include_str!("../starter/fr/specs/marketing.kpi.yaml"),
    ),
    (
        "specs/marketing.kpi-test.yaml",
        include_str!("../starter/fr/specs/marketing.kpi-test.yaml"),
    ),
    (
        "objectives.kpi.yaml",
        include_str!("../starter/fr/objectives.kpi.yaml"),
    ),
    (
        "objectives.kpi-test.yaml",
        include_str!("../starter/fr/objectives.kpi-test.yaml"),
    ),
    (
        "data/daily.csv",
        include_str!("../examples/ecommerce/daily.csv"),
    ),
];
