//! Writes N order lines as a shop exports them (the UCI Online Retail
//! layout): ~N/10 invoices of 1 to 19 lines, ~N/100 customers, 30
//! countries, two years of timestamps, cancellations (`C…`, negative
//! quantities) and guest checkouts (no customer id). Deterministic.
//!
//!   cargo run --release --example bench-orders -- 10000000 > orders.csv

use std::io::Write;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn main() -> std::io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let customers = (n / 100).max(1);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::with_capacity(1 << 20, out.lock());
    writeln!(
        w,
        "InvoiceNo,StockCode,Quantity,UnitPrice,CustomerID,InvoiceDate,Country"
    )?;
    let start = chrono_free_days();
    let mut written = 0u64;
    let mut invoice = 500_000u64;
    while written < n {
        invoice += 1;
        // invoices in date order, over 730 days
        let day = (invoice - 500_000) * 730 / (n / 10).max(1);
        let (y, m, d) = start[(day as usize).min(start.len() - 1)];
        let cancelled = rng.below(50) == 0;
        let guest = rng.below(10) == 0;
        let customer = rng.below(customers);
        let country = customer % 30;
        let (hh, mm) = (8 + rng.below(14), rng.below(60));
        let lines = 1 + rng.below(19);
        for _ in 0..lines.min(n - written) {
            let qty = 1 + rng.below(24) as i64;
            let cents = 10 + rng.below(2_000);
            write!(
                w,
                "{}{invoice},{},{},{}.{:02},",
                if cancelled { "C" } else { "" },
                10_000 + rng.below(4_000),
                if cancelled { -qty } else { qty },
                cents / 100,
                cents % 100
            )?;
            if !guest {
                write!(w, "{}", 12_000 + customer)?;
            }
            writeln!(w, ",{d:02}/{m:02}/{y} {hh:02}:{mm:02},country{country}")?;
            written += 1;
        }
    }
    w.flush()
}

/// (year, month, day) of every day of 2024 and 2025.
fn chrono_free_days() -> Vec<(u32, u32, u32)> {
    let mut out = Vec::new();
    for y in [2024u32, 2025] {
        for m in 1..=12u32 {
            let days = match m {
                2 if y % 4 == 0 => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            for d in 1..=days {
                out.push((y, m, d));
            }
        }
    }
    out
}
