//! The domain's vocabulary, shared by every stage: units, review periods,
//! aggregates, operators and comparators, and the functions of the
//! expression language. Stages use these types instead of
//! reaching into one another.

mod aggregate;
mod format;
mod function;
mod operator;
mod period;
mod row_function;
mod unit;

pub use aggregate::{Aggregate, Better};
pub use format::{DataFormat, DecimalMark, FileKind, TextEncoding, Thousands};
pub use function::{Arity, Function, UnitClash};
pub use operator::{BinOp, Cmp};
pub use period::{Period, PeriodKey};
pub use row_function::{Param, RowFunction, RowType};
pub use unit::Unit;
