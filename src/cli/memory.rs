//! `--memory-limit SIZE`: the size syntax, and the default derived from the
//! machine.

/// A `--memory-limit`: bytes, or None for `none`.
#[derive(Clone, Copy, Debug)]
pub struct Limit(pub Option<u64>);

/// [`parse_size`] as a command-line value.
pub fn parse_limit(text: &str) -> Result<Limit, String> {
    parse_size(text).map(Limit)
}

/// `256MiB`, `2 GiB`, `1.5GB`, `500M`, `1048576`, or `none`. Binary units
/// (`KiB`, `MiB`, `GiB`, `TiB`, and the short `K`, `M`, `G`, `T`) count in
/// 1024s, decimal ones (`KB`, `MB`, `GB`, `TB`) in 1000s, as DuckDB's
/// `memory_limit` does. None for `none`.
pub fn parse_size(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let bad = || super::voice(None).text(&boussole::msg!("cli-not-a-size", text = text));
    let n: rust_decimal::Decimal = number.parse().map_err(|_| bad())?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => return Err(bad()),
    };
    let bytes = n
        .checked_mul(rust_decimal::Decimal::from(factor))
        .ok_or_else(bad)?
        .trunc();
    u64::try_from(bytes)
        .ok()
        .filter(|b| *b > 0)
        .map(Some)
        .ok_or_else(bad)
}

/// Three quarters of the memory this process may use: the machine's
/// (`MemTotal`), or its control group's limit when lower (a container, a
/// CI runner). None where neither can be read (then there is no limit).
pub fn default_limit() -> Option<u64> {
    let total = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        let line = m.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        kib.checked_mul(1024)
    });
    let group = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .find_map(|p| std::fs::read_to_string(p).ok()?.trim().parse::<u64>().ok());
    let usable = match (total, group) {
        (Some(t), Some(g)) => t.min(g),
        (t, g) => t.or(g)?,
    };
    Some(usable / 4 * 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("256MiB"), Ok(Some(256 << 20)));
        assert_eq!(parse_size("2 GiB"), Ok(Some(2 << 30)));
        assert_eq!(parse_size("1.5GB"), Ok(Some(1_500_000_000)));
        assert_eq!(parse_size("512k"), Ok(Some(512 << 10)));
        assert_eq!(parse_size("1048576"), Ok(Some(1 << 20)));
        assert_eq!(parse_size("None"), Ok(None));
        for bad in ["", "MiB", "12 parsecs", "0", "-1GiB", "1e9"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
