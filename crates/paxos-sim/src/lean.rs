//! Two small tools that keep the browser's build lean; neither is a step of the algorithm.
//!
//! The standard library's `{:?}` on a string, and the `Debug` of an error that `expect`
//! prints, bring Unicode tables and formatting code into every wasm build (4 KB and more
//! gzipped, measured). Messages quote what a person wrote with [`Quoted`]; invariants that
//! cannot fail are unwrapped with [`sure`].

use std::fmt::{self, Write};

/// The value of `r`, which cannot be an error (`why` says why); unlike `expect`, it does
/// not compile a `Debug` of the error into the browser's build.
pub(crate) fn sure<T, E>(r: Result<T, E>, why: &'static str) -> T {
    match r {
        Ok(t) => t,
        Err(_) => panic!("{why}"),
    }
}

/// `s` in double quotes, escaped like Rust's `{:?}` for what a person types: `"` `\` and
/// control characters are escaped (`\n`, `\u{1b}`); every other character is written as
/// it is (`{:?}` also escapes a few invisible ones, such as U+200B).
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_is_debug_for_what_people_type() {
        let mut all_ascii = String::new();
        for b in 0u8..128 {
            all_ascii.push(char::from(b));
        }
        for s in [
            "",
            "S9",
            "1元/度",
            "electricity price 1 per kWh",
            "say \"hi\"",
            "back\\slash",
            "tab\tnew\nline\r",
            "nul\0 esc\u{1b} del\u{7f} c1\u{85}",
            "ü é ñ 😀 Ω",
            &all_ascii,
        ] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }

    #[test]
    #[should_panic(expected = "the invariant")]
    fn sure_panics_with_its_reason() {
        sure(Err::<(), _>(1), "the invariant");
    }

    #[test]
    fn sure_returns_the_value() {
        assert_eq!(sure(Ok::<_, ()>(3), "never"), 3);
    }
}
