//! Syntax: the two languages a spec file is written in — YAML (a node tree
//! with exact spans, [`yaml`]) and the expression language of metrics and
//! targets (the pest grammar in `grammar/`, [`dsl`]), and the row expressions
//! of inputs (`expr:`, `where:`, same grammar, [`row`]).

pub mod dsl;
pub mod row;
pub mod yaml;
