//! Dimension value combinations, interned: every value's text in one
//! buffer, each combination a run of `n` values (the `--by` columns). At ten
//! million combinations a `Vec<String>` each took ~88 bytes and two
//! allocations; here a one-value combination of 9 bytes takes 17.

use std::cmp::Ordering;

/// Texts numbered in the order added, one after another in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Texts {
    text: String,
    /// Where each text ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where text `i` starts and ends.
    #[inline]
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(i)?;
        // i < len: i - 1 is in range
        Some((if i == 0 { 0 } else { self.ends[i - 1] }, end))
    }

    /// Text `i`'s bytes ("" past the last).
    #[inline]
    pub(crate) fn bytes(&self, i: usize) -> &[u8] {
        self.span(i)
            .and_then(|(start, end)| self.text.as_bytes().get(start..end))
            .unwrap_or_default()
    }

    /// Text `i` ("" past the last).
    pub(crate) fn get(&self, i: usize) -> &str {
        self.span(i)
            .and_then(|(start, end)| self.text.get(start..end))
            .unwrap_or_default()
    }

    /// `v` added; its number returned.
    pub(crate) fn push(&mut self, v: &str) -> u32 {
        self.text.push_str(v);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// No text any more (the buffers' capacity kept).
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// The bytes they take.
    pub(crate) fn held(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * std::mem::size_of::<usize>()
    }
}

/// Combinations of `n` dimension values each, numbered in the order added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Combos {
    /// Values per combination.
    n: usize,
    /// Combinations held (with no `--by`, one of no value).
    count: usize,
    /// The values, combination after combination.
    values: Texts,
}

/// One combination's values, borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Combo<'a> {
    text: &'a str,
    /// Where the first value starts.
    start: usize,
    /// Where each value ends.
    ends: &'a [usize],
}

impl Combos {
    /// No combination of `n` values yet.
    pub(crate) fn new(n: usize) -> Combos {
        Combos {
            n,
            ..Combos::default()
        }
    }

    /// Each of `all` in turn (every one of `n` values).
    pub(crate) fn of(n: usize, all: &[Vec<String>]) -> Combos {
        let mut combos = Combos::new(n);
        for values in all {
            combos.push(values);
        }
        combos
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Combination `i`, if there is one.
    pub(crate) fn get(&self, i: usize) -> Option<Combo<'_>> {
        if i >= self.count {
            return None;
        }
        let at = i * self.n;
        let ends = &self.values.ends;
        Some(Combo {
            text: &self.values.text,
            start: at.checked_sub(1).map_or(0, |p| ends[p]),
            ends: ends.get(at..at + self.n)?,
        })
    }

    /// Combination `i`; no value when there is none (never, for an index
    /// the combinations gave).
    pub(crate) fn at(&self, i: usize) -> Combo<'_> {
        self.get(i).unwrap_or(Combo {
            text: "",
            start: 0,
            ends: &[],
        })
    }

    /// Every combination, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Combo<'_>> + '_ {
        (0..self.count).map(|i| self.at(i))
    }

    /// `values` added as a combination (the caller passes `n` of them);
    /// its number returned.
    pub(crate) fn push<S: AsRef<str>>(&mut self, values: &[S]) -> u32 {
        self.extend(values.iter().map(AsRef::as_ref))
    }

    /// The values `values` gives added as a combination.
    /// The first combination added sets how many values each has (when
    /// `new` did not); a combination of more is cut to that many, of fewer
    /// padded with empty values.
    pub(crate) fn extend<'s>(&mut self, values: impl IntoIterator<Item = &'s str>) -> u32 {
        let from = self.values.len();
        for v in values {
            self.values.push(v);
        }
        let Texts { text, ends } = &mut self.values;
        if self.count == 0 && from == 0 {
            self.n = self.n.max(ends.len());
        }
        if ends.len() != from + self.n {
            let end = |ends: &[usize]| ends.last().copied().unwrap_or(0);
            ends.truncate(from + self.n);
            text.truncate(end(ends));
            let last = end(ends);
            ends.resize(from + self.n, last);
        }
        self.count += 1;
        (self.count - 1) as u32
    }

    /// The combinations in the order `order` gives their numbers (each
    /// once).
    pub(crate) fn reordered(&self, order: &[u32]) -> Combos {
        let mut out = Combos::new(self.n);
        out.values.text.reserve(self.values.text.len());
        out.values.ends.reserve(self.values.ends.len());
        for &i in order {
            out.extend(self.at(i as usize).iter());
        }
        out
    }

    /// The bytes they take.
    pub(crate) fn held(&self) -> usize {
        self.values.held()
    }
}

impl<'a> Combo<'a> {
    /// Value `j`.
    pub(crate) fn get(&self, j: usize) -> Option<&'a str> {
        let end = *self.ends.get(j)?;
        let start = j.checked_sub(1).map_or(self.start, |p| self.ends[p]);
        self.text.get(start..end)
    }

    /// The first value ("" when there is none).
    pub(crate) fn first(&self) -> &'a str {
        self.get(0).unwrap_or("")
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = &'a str> + Clone {
        (0..self.ends.len()).map(move |j| self.get(j).unwrap_or(""))
    }

    /// The values copied out.
    pub(crate) fn to_vec(self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// The values copied into `out`, its strings reused.
    pub(crate) fn copy_to(self, out: &mut Vec<String>) {
        out.resize(self.len(), String::new());
        for (o, v) in out.iter_mut().zip(self.iter()) {
            o.clear();
            o.push_str(v);
        }
    }

    /// These are `values`.
    pub(crate) fn is<S: AsRef<str>>(&self, values: &[S]) -> bool {
        values.len() == self.len() && self.iter().zip(values).all(|(a, b)| a == b.as_ref())
    }
}

impl PartialEq for Combo<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o).is_eq()
    }
}

impl Eq for Combo<'_> {}

impl PartialOrd for Combo<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Value by value, as `Vec<String>`s compare.
impl Ord for Combo<'_> {
    fn cmp(&self, o: &Self) -> Ordering {
        self.iter().cmp(o.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn combinations_give_back_their_values_and_compare_as_vectors_do() {
        let all = vec![
            strings(&["fr", "été"]),
            strings(&["", ""]),
            strings(&["fr", ""]),
            strings(&["f", "rété"]),
            strings(&["de", "a,b"]),
        ];
        let combos = Combos::of(2, &all);
        assert_eq!(combos.len(), all.len());
        for (i, values) in all.iter().enumerate() {
            let c = combos.at(i);
            assert_eq!(c.to_vec(), *values);
            assert!(c.is(values));
            assert_eq!(c.first(), values[0]);
            for (j, other) in all.iter().enumerate() {
                assert_eq!(
                    c.cmp(&combos.at(j)),
                    values.cmp(other),
                    "{values:?} {other:?}"
                );
                assert_eq!(c.is(other), values == other);
            }
        }
        assert!(combos.get(all.len()).is_none());
        let order = [4, 0, 2, 1, 3];
        let moved = combos.reordered(&order);
        for (pos, &i) in order.iter().enumerate() {
            assert_eq!(moved.at(pos).to_vec(), all[i as usize]);
        }
        let mut buffer = strings(&["something longer", "x", "y"]);
        combos.at(0).copy_to(&mut buffer);
        assert_eq!(buffer, all[0]);
    }

    #[test]
    fn no_dimension_is_one_combination_of_no_value() {
        let mut combos = Combos::new(0);
        assert_eq!(combos.push::<String>(&[]), 0);
        assert_eq!(combos.len(), 1);
        assert_eq!(combos.at(0).len(), 0);
        assert!(combos.at(0).is::<String>(&[]));
        assert_eq!(combos.at(0).first(), "");
        // the first combination sets the number of values; others fit it
        let mut combos = Combos::default();
        combos.push(&["a", "b"]);
        combos.push(&["c"]);
        combos.push(&["d", "e", "f"]);
        assert_eq!(combos.at(1).to_vec(), ["c", ""]);
        assert_eq!(combos.at(2).to_vec(), ["d", "e"]);
        assert_eq!(combos.at(0).to_vec(), ["a", "b"]);
    }
}
