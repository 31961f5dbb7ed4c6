//! The fast path of the CSV reader: an optimistic parser for the common case
//! (no quotes, `YYYY-MM-DD` dates, plain decimal numbers) that reads the file
//! in chunks on every core, parses only the needed columns straight into
//! fixed-point integers, and folds them into per-(day, dimensions)
//! accumulators. Anything it does not handle — a quote, a bad cell, a short
//! row, a number over 28 digits — makes it give up, and the exact reader
//! reads the file again and reports the problem with its position. So it
//! never changes a result or a diagnostic, only the time they take.

use super::{Acc, Daily};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

/// Bytes read at a time; a chunk ends on a row boundary.
const CHUNK: usize = 4 << 20;
/// Most `--by` columns the fast path groups on.
const MAX_DIMS: usize = 4;

/// Where the needed columns are in a row.
pub(super) struct Layout<'a> {
    pub fields: usize,
    pub date: usize,
    pub inputs: &'a [Option<usize>],
    pub by: &'a [usize],
    /// Told the bytes read so far and the file's size, once per chunk.
    pub progress: Option<super::Progress<'a>>,
}

/// A sum, minimum and maximum at one decimal scale, as integers.
#[derive(Clone, Copy, Default)]
struct FAcc {
    sum: i128,
    min: i128,
    max: i128,
    scale: u32,
    count: u64,
    overflow: bool,
}

const POW10: [i128; 29] = {
    let mut p = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

impl FAcc {
    fn add(&mut self, mut v: i128, vs: u32) {
        if vs > self.scale {
            let f = POW10[(vs - self.scale) as usize];
            match (
                self.sum.checked_mul(f),
                self.min.checked_mul(f),
                self.max.checked_mul(f),
            ) {
                (Some(s), Some(a), Some(b)) => {
                    self.sum = s;
                    self.min = a;
                    self.max = b;
                }
                _ => self.overflow = true,
            }
            self.scale = vs;
        } else if vs < self.scale {
            match v.checked_mul(POW10[(self.scale - vs) as usize]) {
                Some(x) => v = x,
                None => {
                    self.overflow = true;
                    return;
                }
            }
        }
        match self.sum.checked_add(v) {
            Some(s) => self.sum = s,
            None => self.overflow = true,
        }
        if self.count == 0 {
            self.min = v;
            self.max = v;
        } else {
            self.min = self.min.min(v);
            self.max = self.max.max(v);
        }
        self.count += 1;
    }

    fn to_acc(self) -> Acc {
        let dec = |m: i128| Decimal::try_from_i128_with_scale(m, self.scale).ok();
        let (sum, min, max) = (dec(self.sum), dec(self.min), dec(self.max));
        Acc {
            sum: sum.unwrap_or_default(),
            count: self.count,
            min: if self.count > 0 { min } else { None },
            max: if self.count > 0 { max } else { None },
            overflow: self.overflow || sum.is_none() || min.is_none() || max.is_none(),
        }
    }
}

type Key = (i32, [u32; MAX_DIMS]);

/// One worker's groups, with its own dimension-value table.
#[derive(Default)]
struct Part {
    groups: HashMap<Key, Vec<FAcc>>,
    dims: Vec<Vec<String>>,
    dim_ids: Vec<HashMap<Vec<u8>, u32>>,
}

/// A plain decimal number as (mantissa, scale); None for anything else.
fn parse_number(s: &[u8]) -> Option<(i128, u32)> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut m: i128 = 0;
    let mut scale = 0u32;
    let mut seen_dot = false;
    let mut n = 0;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                m = m * 10 + (b - b'0') as i128;
                n += 1;
                if n > 28 {
                    return None;
                }
                if seen_dot {
                    scale += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if n == 0 || (seen_dot && scale == 0) {
        return None;
    }
    Some((if neg { -m } else { m }, scale))
}

fn parse_date(s: &[u8]) -> Option<i32> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |a, &b| {
            b.is_ascii_digit().then(|| a * 10 + (b - b'0') as u32)
        })
    };
    let d = NaiveDate::from_ymd_opt(num(&s[0..4])? as i32, num(&s[5..7])?, num(&s[8..10])?)?;
    Some(d.num_days_from_ce())
}

fn trim(s: &[u8]) -> &[u8] {
    let s = match s.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(i) => &s[i..],
        None => return &[],
    };
    let end = s
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &s[..end]
}

/// Folds the rows of one chunk into `part`; false when the chunk needs the exact reader.
fn fold(chunk: &[u8], layout: &Layout<'_>, part: &mut Part) -> bool {
    if chunk.contains(&b'"') {
        return false;
    }
    let n_in = layout.inputs.len();
    let mut fields: Vec<&[u8]> = Vec::with_capacity(layout.fields);
    let mut last_date: (&[u8], i32) = (&[], 0);
    let mut vals: Vec<Option<(i128, u32)>> = vec![None; n_in];
    for line in chunk.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        fields.clear();
        fields.extend(line.split(|&b| b == b','));
        if fields.len() != layout.fields {
            return false;
        }
        let raw_date = trim(fields[layout.date]);
        let day = if raw_date == last_date.0 {
            last_date.1
        } else {
            match parse_date(raw_date) {
                Some(d) => {
                    last_date = (raw_date, d);
                    d
                }
                None => return false,
            }
        };
        for (slot, col) in layout.inputs.iter().enumerate() {
            vals[slot] = None;
            if let Some(c) = *col {
                let cell = trim(fields[c]);
                if !cell.is_empty() {
                    match parse_number(cell) {
                        Some(v) => vals[slot] = Some(v),
                        None => return false,
                    }
                }
            }
        }
        let mut key: Key = (day, [0; MAX_DIMS]);
        for (i, &c) in layout.by.iter().enumerate() {
            let v = trim(fields[c]);
            let ids = &mut part.dim_ids[i];
            key.1[i] = match ids.get(v) {
                Some(&id) => id,
                None => {
                    let Ok(text) = std::str::from_utf8(v) else {
                        return false;
                    };
                    let id = part.dims[i].len() as u32;
                    part.dims[i].push(text.to_string());
                    ids.insert(v.to_vec(), id);
                    id
                }
            };
        }
        let accs = part
            .groups
            .entry(key)
            .or_insert_with(|| vec![FAcc::default(); n_in]);
        for (acc, v) in accs.iter_mut().zip(&vals) {
            if let Some((m, s)) = *v {
                acc.add(m, s);
            }
        }
    }
    true
}

/// Reads the rows after the header on every core; None when the exact reader must.
pub(super) fn read(path: &Path, layout: &Layout<'_>) -> Option<Daily> {
    if layout.by.len() > MAX_DIMS {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let total = file.metadata().map_or(0, |m| m.len());
    // small files get small buffers
    let chunk_size = (total as usize).saturating_add(1).min(CHUNK);
    let mut done = 0u64;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let new_part = || Part {
        groups: HashMap::new(),
        dims: vec![Vec::new(); layout.by.len()],
        dim_ids: vec![HashMap::new(); layout.by.len()],
    };
    let parts: Vec<Option<Part>> = std::thread::scope(|scope| {
        let mut senders = Vec::new();
        let mut handles = Vec::new();
        for _ in 0..workers {
            let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(1);
            senders.push(tx);
            handles.push(scope.spawn(move || {
                let mut part = new_part();
                let mut ok = true;
                for chunk in rx {
                    ok = ok && fold(&chunk, layout, &mut part);
                }
                ok.then_some(part)
            }));
        }
        // the reader: chunks cut after the last line break, the header skipped
        let mut carry: Vec<u8> = Vec::new();
        let mut header_done = false;
        let mut next = 0usize;
        let mut failed = false;
        loop {
            let mut buf = std::mem::take(&mut carry);
            let start = buf.len();
            buf.resize(start + chunk_size.max(start), 0);
            let n = match file.read(&mut buf[start..]) {
                Ok(n) => n,
                Err(_) => {
                    failed = true;
                    break;
                }
            };
            buf.truncate(start + n);
            done += n as u64;
            if let Some(report) = layout.progress {
                report(done, total);
            }
            let eof = n == 0;
            if !eof {
                match buf.iter().rposition(|&b| b == b'\n') {
                    Some(i) => carry = buf.split_off(i + 1),
                    None => {
                        carry = buf;
                        continue;
                    }
                }
            }
            if !header_done {
                match buf.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        buf.drain(..=i);
                        header_done = true;
                    }
                    None if eof => break,
                    None => {
                        carry = buf;
                        continue;
                    }
                }
            }
            if !buf.is_empty() && senders[next % workers].send(buf).is_err() {
                failed = true;
                break;
            }
            next += 1;
            if eof {
                break;
            }
        }
        drop(senders);
        let parts = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        if failed {
            vec![None]
        } else {
            parts
        }
    });
    let mut groups: HashMap<(i32, Vec<String>), Vec<Acc>> = HashMap::new();
    for part in parts {
        let part = part?;
        for ((day, ids), faccs) in part.groups {
            let dims: Vec<String> = (0..layout.by.len())
                .map(|i| part.dims[i][ids[i] as usize].clone())
                .collect();
            let accs = groups
                .entry((day, dims))
                .or_insert_with(|| vec![Acc::default(); faccs.len()]);
            for (a, f) in accs.iter_mut().zip(faccs) {
                a.merge(&f.to_acc());
            }
        }
    }
    Some(Daily { groups })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"12"), Some((12, 0)));
        assert_eq!(parse_number(b"-0.50"), Some((-50, 2)));
        assert_eq!(parse_number(b"12,5"), None);
        assert_eq!(parse_number(b"1e3"), None);
        assert_eq!(parse_number(b"."), None);
        assert_eq!(parse_number(b"1."), None);
        assert_eq!(parse_number(b"12345678901234567890123456789"), None);
    }

    #[test]
    fn rescaling_sums() {
        let mut a = FAcc::default();
        a.add(15, 1); // 1.5
        a.add(2, 0); // 2
        a.add(-125, 2); // -1.25
        let acc = a.to_acc();
        assert_eq!(acc.sum.to_string(), "2.25");
        assert_eq!(acc.min.unwrap().to_string(), "-1.25");
        assert_eq!(acc.max.unwrap().to_string(), "2.00");
    }
}
