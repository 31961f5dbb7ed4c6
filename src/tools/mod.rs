//! Tools around the pipeline: formatting spec files, the semantic diff of two
//! versions, explaining a metric, and spec tests.

pub mod diff;
pub mod explain;
pub mod fmt;
pub mod spectest;
