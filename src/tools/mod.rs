//! Tools around the pipeline: formatting spec files, the semantic diff of two
//! versions, explaining a metric, spec tests, and inspecting an export.

pub mod diff;
pub mod explain;
pub mod fmt;
pub mod inspect;
pub mod spectest;
