//! Quoting a person's text in a message ("\"S9\" appears twice"); not a step of the
//! algorithm. Shared by the simulator's and the model checker's messages, so that both
//! quote a value the same way.

use std::fmt::{self, Write};

/// `s` in double quotes: `"`, `\` and the control characters are escaped as Rust's `{:?}`
/// escapes them (`\"`, `\\`, `\n`, `\t`, `\r`, `\0`, `\u{1b}`); every other character is
/// written as it is.
///
/// For what people usually type this is `{:?}`'s text. Unlike `{:?}`, it does not escape
/// the other invisible characters (U+00A0 and U+3000 spaces, U+200B, U+FEFF) nor combining
/// marks (`e\u{301}`, U+FE0F): `{:?}`'s Unicode tables for them were 4 KB of the browser's
/// gzipped wasm, and a message shows the text as it was typed.
pub struct Quoted<'a>(pub &'a str);

/// Characters of a quoted text shown at most: a message about a 10 MB name stays short.
pub const QUOTED_MAX: usize = 200;

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(QUOTED_MAX) {
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
        let rest = chars.count();
        if rest > 0 {
            write!(f, "…\" ({rest} more characters)")?;
            return Ok(());
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::Quoted;

    #[test]
    fn quoted_is_debug_for_what_people_usually_type() {
        let all_ascii: String = (0u8..128).map(char::from).collect();
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
    fn quoted_writes_other_invisible_characters_as_they_are() {
        for s in ["1元\u{3000}度", "a\u{a0}b", "zero\u{200b}width", "e\u{301}", "❤\u{fe0f}"] {
            assert_eq!(Quoted(s).to_string(), format!("\"{s}\""));
            assert_ne!(Quoted(s).to_string(), format!("{s:?}"), "{s:?} is escaped by Debug");
        }
    }
}
