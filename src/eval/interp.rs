//! The interpreter of the plan's primitive operations, over a table.

use super::acc::Zero;
use super::table::{View, WithContext};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::plan::{Node, Op, Plan, ZeroNote};
use crate::vocab::PeriodKey;
use rust_decimal::Decimal;

pub(super) struct Ctx<'a, 'p> {
    pub(super) table: View<'a>,
    pub(super) plan: &'p Plan,
    /// The index of the dimension combination in `table.dims`.
    pub(super) dims: usize,
    /// The row being computed, while it is out of the table.
    pub(super) current: Option<(PeriodKey, &'a [Option<Decimal>])>,
    /// Which zero-divisor warnings would not be kept (see [`Gate`]).
    pub(super) gate: Option<&'a Gate>,
    /// Where zero divisors go when the warnings are bounded: noted, not
    /// written (see [`super::acc::WarningBound::zeros`]); None: written.
    pub(super) zeros: Option<&'a std::cell::RefCell<Vec<Zero<'p>>>>,
}

/// The warnings of a row that the warning bound, once full, would not keep:
/// those at a position after `at`, or at `at` when the row's period comes
/// after the last kept one's. They are counted, not written.
pub(super) struct Gate {
    /// The source position (file, offset) of the last kept warning.
    pub(super) at: (u32, u32),
    /// How the row's period compares with the last kept warning's.
    pub(super) row: std::cmp::Ordering,
    /// The warnings counted instead of written.
    pub(super) dropped: std::cell::Cell<u64>,
}

impl Gate {
    /// Counts a warning at `span` when it would not be kept; false when it
    /// is to be written.
    fn drops(&self, span: crate::source::Span) -> bool {
        let drops = match (span.file.0, span.start).cmp(&self.at) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => self.row == std::cmp::Ordering::Greater,
            std::cmp::Ordering::Less => false,
        };
        if drops {
            self.dropped.set(self.dropped.get() + 1);
        }
        drops
    }
}

impl<'p> Ctx<'_, 'p> {
    /// The value of a slot in period `key`.
    pub(super) fn slot(&self, slot: usize, key: PeriodKey) -> Option<Decimal> {
        self.value(slot, key)
    }

    fn value(&self, slot: usize, key: PeriodKey) -> Option<Decimal> {
        if let Some((k, row)) = self.current {
            if k == key {
                return row.get(slot).copied().flatten();
            }
        }
        self.table.value(key, self.dims, slot)
    }

    /// Evaluates `n` in period `key`; `report` is false when re-evaluating an
    /// earlier period for a shift, whose problems were reported already.
    pub(super) fn eval(
        &self,
        n: &'p Node,
        key: PeriodKey,
        diags: &mut Diagnostics,
        report: bool,
    ) -> Option<Decimal> {
        let context = |d: Diagnostic| {
            d.with_context(&key, &self.plan.by, self.table.dims.at(self.dims).iter())
        };
        let overflow = |diags: &mut Diagnostics| {
            if report {
                diags.push(context(
                    Diagnostic::of(Code::ArithmeticOverflow, crate::msg!("overflow")).at(n.span),
                ));
            }
            None
        };
        let checked = |r: Option<Decimal>, diags: &mut Diagnostics| match r {
            Some(v) => Some(v),
            None => overflow(diags),
        };
        match &n.op {
            Op::Lit(d) => Some(*d),
            Op::Null => None,
            Op::Slot(s) => self.value(*s, key),
            Op::Shift(a, k) => self.eval(a, key.offset(-k), diags, false),
            Op::Neg(a) => Some(-self.eval(a, key, diags, report)?),
            Op::Abs(a) => Some(self.eval(a, key, diags, report)?.abs()),
            Op::Add(a, b) | Op::Sub(a, b) | Op::Mul(a, b) | Op::Div(a, b, _) => {
                let x = self.eval(a, key, diags, report);
                let y = self.eval(b, key, diags, report);
                let (x, y) = (x?, y?);
                let r = match &n.op {
                    Op::Add(..) => x.checked_add(y),
                    Op::Sub(..) => x.checked_sub(y),
                    Op::Mul(..) => x.checked_mul(y),
                    Op::Div(_, _, note) => {
                        if y.is_zero() {
                            if report && !self.gate.is_some_and(|g| g.drops(note.span())) {
                                match self.zeros {
                                    Some(zeros) => zeros.borrow_mut().push(Zero {
                                        note,
                                        key,
                                        combo: self.dims as u32,
                                    }),
                                    None => diags.push(context(zero_warning(note, key))),
                                }
                            }
                            return None;
                        }
                        x.checked_div(y)
                    }
                    _ => None,
                };
                checked(r, diags)
            }
            Op::Min(args) | Op::Max(args) => {
                let mut acc: Option<Decimal> = None;
                let mut null = false;
                for a in args {
                    match self.eval(a, key, diags, report) {
                        Some(v) => {
                            acc = Some(match (acc, &n.op) {
                                (None, _) => v,
                                (Some(c), Op::Min(_)) => c.min(v),
                                (Some(c), _) => c.max(v),
                            })
                        }
                        None => null = true,
                    }
                }
                if null {
                    None
                } else {
                    acc
                }
            }
        }
    }
}

/// The `division-by-zero` warning of a zero divisor in period `key` (one
/// per period and group: its English written by `format!`, the catalogue's
/// message kept for another language).
pub(crate) fn zero_warning(note: &ZeroNote, key: PeriodKey) -> Diagnostic {
    use crate::diagnostic::Part;
    use crate::msg;
    let period = key.label();
    match note {
        ZeroNote::Divisor { text, span } => Diagnostic::warning(
            Code::DivisionByZero,
            format!("`{text}` is zero in {period}; the value is null"),
        )
        .translated_by(
            Part::Message,
            msg!(
                "zero-divisor",
                divisor = text,
                period = crate::i18n::Arg::Period(period.clone()),
                period_kind = key.period.name()
            ),
        )
        .at(*span)
        .label("zero in this period")
        .translated_by(Part::Label, msg!("zero-divisor-label")),
        ZeroNote::Growth { arg, n, span } => Diagnostic::warning(
            Code::DivisionByZero,
            format!("`{arg}` was zero {n} period(s) before {period}; growth is null"),
        )
        .translated_by(
            Part::Message,
            msg!(
                "zero-growth",
                arg = arg,
                periods = *n,
                period = crate::i18n::Arg::Period(period)
            ),
        )
        .at(*span),
    }
}
