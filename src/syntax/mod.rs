//! Syntax: the two languages a spec file is written in — YAML (a node tree
//! with exact spans, [`yaml`]) and the expression language of metrics and
//! targets (the pest grammar in `grammar/`, [`dsl`]).

pub mod dsl;
pub mod yaml;
