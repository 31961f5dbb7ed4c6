//! Numbers as people and JSON read them: exact digits in JSON, units and
//! thousands separators in tables.

use crate::vocab::Unit;
use rust_decimal::Decimal;
use serde_json::{Number, Value};
use std::str::FromStr;

/// A decimal as a JSON number with its exact digits.
pub fn number(d: Decimal) -> Value {
    Number::from_str(&exact_text(d))
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// A decimal's exact digits without trailing zeros (`12.5`, `-0.03`,
/// `40000`): the text of `normalize().to_string()`, written from the
/// mantissa in one integer formatting instead of `Decimal`'s digit-by-digit
/// division (JSON reports of millions of rows spent a tenth of their time
/// there).
pub fn exact_text(d: Decimal) -> String {
    let mut out = Vec::with_capacity(32);
    write_exact(d, &mut out);
    // only ASCII digits, a sign and a point were written
    String::from_utf8(out).unwrap_or_default()
}

/// [`exact_text`] appended to `out`, without allocating: the mantissa's
/// digits written once (`itoa`), the trailing zeros of the fraction
/// dropped from the text rather than divided away.
pub fn write_exact(d: Decimal, out: &mut Vec<u8>) {
    let m = d.mantissa();
    let mut buf = itoa::Buffer::new();
    // most values fit 64 bits, whose formatting is the cheaper
    let digits = match u64::try_from(m.unsigned_abs()) {
        Ok(small) => buf.format(small),
        Err(_) => buf.format(m.unsigned_abs()),
    }
    .as_bytes();
    let mut scale = d.scale() as usize;
    let mut end = digits.len();
    while scale > 0 && end > 1 && digits[end - 1] == b'0' {
        end -= 1;
        scale -= 1;
    }
    if m == 0 {
        out.push(b'0');
        return;
    }
    let digits = &digits[..end];
    if m < 0 {
        out.push(b'-');
    }
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', scale - digits.len()));
        out.extend_from_slice(digits);
    }
}

pub fn opt_number(d: Option<Decimal>) -> Value {
    d.map(number).unwrap_or(Value::Null)
}

/// A value formatted with its unit as English writes it: `3.00 %`,
/// `0.25 €`, `40,000` ([`crate::i18n::Locale::value`] for another locale).
pub fn format_value(v: Option<Decimal>, unit: Option<&Unit>) -> String {
    crate::i18n::Locale::En.value(v, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn exact_text_is_the_normalized_display() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut cases: Vec<Decimal> = vec![
            Decimal::ZERO,
            Decimal::new(0, 3),
            Decimal::new(-5, 2),
            Decimal::new(1200, 2),
            Decimal::new(1, 28),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(-1_000_000, 0),
        ];
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (lo, mid) = (x as u32, (x >> 32) as u32);
            let hi = if x % 3 == 0 { (x >> 16) as u32 } else { 0 };
            cases.push(Decimal::from_parts(
                lo,
                mid,
                hi,
                x % 2 == 0,
                (x % 29) as u32,
            ));
            cases.push(Decimal::new((x % 100_000) as i64 * 100, (x % 6) as u32));
        }
        for d in cases {
            assert_eq!(exact_text(d), d.normalize().to_string(), "{d:?}");
        }
    }

    #[test]
    fn values_with_units() {
        let eur = Unit::Money("EUR".into());
        assert_eq!(format_value(d("0.25"), Some(&eur)), "0.25 €");
        assert_eq!(format_value(d("10000"), Some(&eur)), "10,000.00 €");
        assert_eq!(
            format_value(d("-3200.555"), Some(&Unit::Money("USD".into()))),
            "-$3,200.56"
        );
        assert_eq!(
            format_value(d("7"), Some(&Unit::Money("CHF".into()))),
            "7.00 CHF"
        );
        assert_eq!(format_value(d("0.03"), Some(&Unit::Ratio)), "3.00 %");
        assert_eq!(format_value(d("0.375"), Some(&Unit::Ratio)), "37.50 %");
        assert_eq!(format_value(d("1234567"), Some(&Unit::Count)), "1,234,567");
        assert_eq!(format_value(d("12.5"), Some(&Unit::Count)), "12.5");
        assert_eq!(format_value(d("-40"), Some(&Unit::Number)), "-40");
        assert_eq!(format_value(None, Some(&Unit::Number)), "—");
    }

    #[test]
    fn json_numbers_keep_their_exact_digits() {
        assert_eq!(
            number(Decimal::from_str("0.0300").unwrap()).to_string(),
            "0.03"
        );
        assert_eq!(
            number(Decimal::from_str("0.0463636363636363636363636364").unwrap()).to_string(),
            "0.0463636363636363636363636364"
        );
        assert_eq!(
            number(Decimal::from_str("50.000").unwrap()).to_string(),
            "50"
        );
    }
}
