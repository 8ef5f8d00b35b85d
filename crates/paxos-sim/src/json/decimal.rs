//! A decimal number's text to the nearest `f64`, without the standard library's parser
//! (its tables of powers of five are 11 KB of the browser's wasm). Exact for every number
//! of at most 19 significant digits from 1e-19 up to 1e38 (and zero), which covers every
//! probability a person or `JSON.stringify` writes; anything else is refused, never
//! rounded silently.

/// The `f64` nearest to `text` (JSON number syntax, already checked), ties to even.
pub fn to_f64(text: &str) -> Option<f64> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    if digits.bytes().all(|b| b == b'0' || b == b'.') {
        return Some(if negative { -0.0 } else { 0.0 }); // zero, whatever its exponent
    }
    let exponent: i32 = exponent.parse().ok()?;
    // 1. The digits as an integer m and a power of ten: the value is m · 10^exponent.
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut exponent = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
    let all = format!("{int}{frac}");
    let all = all.trim_start_matches('0');
    let trimmed = all.trim_end_matches('0');
    exponent = exponent.checked_add(i32::try_from(all.len() - trimmed.len()).ok()?)?;
    if trimmed.len() > 19 {
        return None;
    }
    let m: u64 = trimmed.parse().ok()?;
    // 10^(magnitude-1) <= value < 10^magnitude, so 10^|exponent| < 2^127 below.
    let magnitude = exponent.checked_add(trimmed.len() as i32)?;
    if !(-18..=38).contains(&magnitude) {
        return None;
    }
    let value = if exponent >= 0 {
        // 2. An integer: u128 holds it exactly, and `as f64` rounds to nearest, ties to even.
        (u128::from(m) * 10u128.pow(exponent as u32)) as f64
    } else {
        divide(m, 10u128.pow(exponent.unsigned_abs()))
    };
    Some(if negative { -value } else { value })
}

/// m / d rounded to the nearest f64, ties to even (d < 2^127, m > 0).
fn divide(m: u64, d: u128) -> f64 {
    // 3. Long division, one bit at a time: first m's own 64 bits, then zeros until the
    //    quotient has 54 bits: 53 for the mantissa and one to round with; the remainder
    //    says whether anything is below it. (No u128 division: 1 KB of wasm less.)
    let (mut q, mut r) = (0u128, 0u128);
    let mut shift: i32 = -64; // q = floor(m / d · 2^shift)
    while shift < 0 || q < 1 << 53 {
        let bit = if shift < 0 { (m >> (-shift - 1)) & 1 } else { 0 };
        r = (r << 1) | u128::from(bit);
        q <<= 1;
        if r >= d {
            r -= d;
            q |= 1;
        }
        shift += 1;
    }
    // 4. A quotient above 54 bits (m / d ≥ 2^54) drops its low bits into the remainder.
    let mut sticky = r != 0;
    while q >= 1 << 54 {
        sticky |= q & 1 == 1;
        q >>= 1;
        shift -= 1;
    }
    let (mut mantissa, half) = ((q >> 1) as u64, q & 1 == 1);
    if half && (sticky || mantissa & 1 == 1) {
        mantissa += 1; // may reach 2^53: still exact as an f64
    }
    // 5. mantissa · 2^(1 - shift); the power of two is a normal f64 for these magnitudes.
    mantissa as f64 * f64::from_bits(((1023 + 1 - shift) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::to_f64;
    use proptest::prelude::*;

    #[test]
    fn reads_what_people_and_json_stringify_write() {
        for text in [
            "0",
            "-0",
            "0.1",
            "0.05",
            "1",
            "0.30000000000000004",
            "1e-7",
            "2.5E3",
            "0.0700",
            "9.99e37",
            "1e-19",
            "123.456",
        ]
        .into_iter()
        .chain(["9007199254740993", "4503599627370496.5", "4503599627370497.5", "0.1e1", "00.5"])
        {
            assert_eq!(to_f64(text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{text}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly() {
        assert_eq!(to_f64("0.12345678901234567891"), None); // 20 digits
        assert_eq!(to_f64("1e38"), None);
        assert_eq!(to_f64("9.9e-20"), None);
        assert_eq!(to_f64("1e99999999999"), None);
        assert_eq!(to_f64("1e2147483647"), None); // no overflow on the way
        assert_eq!(to_f64("123e2147483645"), None);
        assert_eq!(to_f64("0e99999999999"), Some(0.0));
        assert_eq!(to_f64("-0.000e-5").map(f64::to_bits), Some((-0.0f64).to_bits()));
    }

    proptest! {
        /// Bit for bit the standard library's nearest f64, ties to even.
        #[test]
        fn agrees_with_the_standard_library(m in 1u64..10_000_000_000_000_000_000, magnitude in -18i32..=38) {
            let digits = m.to_string();
            let text = format!("{digits}e{}", magnitude - digits.len() as i32);
            prop_assert_eq!(to_f64(&text).map(f64::to_bits), Some(text.parse::<f64>().unwrap().to_bits()), "{}", text);
        }

        #[test]
        fn agrees_on_shortest_round_trip_texts(x in 1e-19f64..1e30) {
            let text = format!("{x:?}");
            prop_assert_eq!(to_f64(&text).map(f64::to_bits), Some(x.to_bits()), "{}", text);
        }
    }
}
