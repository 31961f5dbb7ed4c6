//! Boussole: a declarative KPI rules engine.
//!
//! Data flows one way, one stage a module:
//! [`load`] (YAML → spec items with spans) → [`parse`] (the pest DSL) →
//! [`check`] (names, units, cycles, SMART) → [`plan`] → [`eval`] (CSV backend)
//! or [`sql`] (one SELECT per warehouse dialect) → [`report`] (human, JSON). Errors are plain [`diag::Diagnostic`] data; the
//! library never prints.

// Diagnostics travel by value on the error path only (once per problem), so
// their size does not matter; boxing them would only add noise.
#![allow(clippy::result_large_err)]
// No panics by construction in library code: no unwrap, expect or panic!
// (unit tests may; the fuzz harness asserts its properties on purpose).
// Indexing is not denied yet: see "Reliability" in the README.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod diagnostic;
pub mod eval;
#[doc(hidden)]
#[allow(
    clippy::panic,
    reason = "a fuzz target reports a broken property by panicking"
)]
pub mod fuzz;
pub mod plan;
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

/// Loads and checks the specs under `paths`: the whole `check` command.
pub fn check_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Result<check::Model, spec::LoadError> {
    let spec = spec::load(paths, sources, diags)?;
    Ok(check::check(spec, diags))
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
