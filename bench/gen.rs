//! Deterministic generator of a marketing export for the benchmark:
//! `cargo run --release --example bench-gen -- ROWS [DAYS] > data.csv`
//!
//! Columns: date, channel, campaign, then 12 count and money columns. Rows run
//! day by day over DAYS days from 2025-01-01 (default and most 730, two
//! years); each day holds ROWS/DAYS rows spread over 5
//! channels and 50 campaigns. Some rows have zero impressions so that zero
//! divisors occur. The same ROWS always gives the same bytes.

use std::io::{BufWriter, Write};

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

const CHANNELS: [&str; 5] = ["search", "social", "display", "email", "affiliate"];

fn main() -> std::io::Result<()> {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let days: u64 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(730)
        .clamp(1, 730);
    let per_day = rows.div_ceil(days).max(1);
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    writeln!(
        w,
        "date,channel,campaign,impressions,clicks,spend,sessions,orders,revenue,carts,new_customers,emails_sent,emails_opened,social_impressions,social_interactions"
    )?;
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    // civil date from days since 2025-01-01 (no leap handling needed beyond 2025-2026)
    let month_len = [31u64, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut written = 0u64;
    'outer: for day in 0..days {
        let (year, mut doy) = if day < 365 {
            (2025, day)
        } else {
            (2026, day - 365)
        };
        let mut month = 0;
        while doy >= month_len[month] {
            doy -= month_len[month];
            month += 1;
        }
        let date = format!("{year}-{:02}-{:02}", month + 1, doy + 1);
        for i in 0..per_day {
            if written == rows {
                break 'outer;
            }
            written += 1;
            let channel = CHANNELS[(i % 5) as usize];
            let campaign = (i / 5) % 50;
            let impressions = if rng.below(50) == 0 {
                0
            } else {
                100 + rng.below(20_000)
            };
            let clicks = if impressions == 0 {
                0
            } else {
                rng.below(impressions / 20 + 1)
            };
            let spend_cents = clicks * (10 + rng.below(90));
            let sessions = clicks + rng.below(200);
            let orders = rng.below(sessions / 15 + 1);
            let revenue_cents = orders * (1_000 + rng.below(15_000));
            let carts = orders + rng.below(orders + 5);
            let new_customers = rng.below(orders + 1);
            let emails_sent = rng.below(5_000);
            let emails_opened = rng.below(emails_sent / 3 + 1);
            let social_impressions = rng.below(30_000);
            let social_interactions = rng.below(social_impressions / 25 + 1);
            writeln!(
                w,
                "{date},{channel},c{campaign:02},{impressions},{clicks},{}.{:02},{sessions},{orders},{}.{:02},{carts},{new_customers},{emails_sent},{emails_opened},{social_impressions},{social_interactions}",
                spend_cents / 100,
                spend_cents % 100,
                revenue_cents / 100,
                revenue_cents % 100,
            )?;
        }
    }
    w.flush()
}
