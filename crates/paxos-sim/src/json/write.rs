//! Writing JSON by hand: what the Basic Paxos page's worker receives (snapshots, trace
//! lines, responses) and the Basic Paxos trace text. Not a step of the algorithm.
//!
//! serde's derives stay on these types: the command line's `--json` output and the
//! Multi-Paxos view write with them, and they are what this writer is tested against. The
//! browser's builds link this writer instead (serde's generic serializer cost 3 KB of the
//! lighter build's gzipped wasm, measured), and the Basic Paxos trace text, in the browser
//! and on the command line, comes from it. The output is serde_json's, byte for byte: the
//! same field order, `null` for `None`, serde_json's string escapes and its shortest `f64`
//! text (zmij). The tests in `write/tests.rs` compare the two on every Basic Paxos example
//! at every step, on fuzzed runs, and on the worker's responses.

/// A value written as JSON text.
pub trait ToJson {
    /// Appends the value's JSON text to `out`.
    fn write(&self, out: &mut String);
}

/// The JSON text of `value`.
pub fn to_string(value: &dyn ToJson) -> String {
    let mut out = String::new();
    value.write(&mut out);
    out
}

/// An object being written, field by field, in the order of the calls: `{"a":1,"b":2}`.
/// Finish it with [`Obj::end`].
pub struct Obj<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Obj<'a> {
    /// Opens the object.
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, empty: true }
    }

    /// Opens an object whose first field is `"<key>":"<tag>"`: serde's internally tagged
    /// enums (`{"type":"prepare",…}`).
    pub fn tagged(out: &'a mut String, key: &str, tag: &str) -> Obj<'a> {
        let mut obj = Obj::new(out);
        obj.field(key, &tag);
        obj
    }

    /// Writes `"key":value`. Keys are the types' own names: ASCII, nothing to escape.
    pub fn field(&mut self, key: &str, value: &dyn ToJson) -> &mut Self {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        value.write(self.out);
        self
    }

    /// Writes `"key":value` unless `value` is `None` (serde's `skip_serializing_if`).
    pub fn some<T: ToJson>(&mut self, key: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.field(key, v);
        }
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

/// serde_json's escape for each byte below 0x20, and for `"` and `\`: 0 means none,
/// `u` means `\u00XX`.
fn escape(b: u8) -> u8 {
    match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        0..=0x1f => b'u',
        _ => 0,
    }
}

impl ToJson for str {
    fn write(&self, out: &mut String) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.push('"');
        let mut run = 0;
        for (i, b) in self.bytes().enumerate() {
            let e = escape(b);
            if e == 0 {
                continue;
            }
            // 1. Bytes before are copied as they are: every escaped byte is ASCII, so `i`
            //    is a char boundary (and `get` never fails).
            out.push_str(self.get(run..i).unwrap_or_default());
            run = i + 1;
            out.push('\\');
            out.push(char::from(e));
            if e == b'u' {
                out.push_str("00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        out.push_str(self.get(run..).unwrap_or_default());
        out.push('"');
    }
}

impl ToJson for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

impl ToJson for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

/// Decimal digits, without `core::fmt`.
fn unsigned(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

impl ToJson for u64 {
    fn write(&self, out: &mut String) {
        unsigned(*self, out);
    }
}

impl ToJson for u32 {
    fn write(&self, out: &mut String) {
        unsigned(u64::from(*self), out);
    }
}

impl ToJson for u16 {
    fn write(&self, out: &mut String) {
        unsigned(u64::from(*self), out);
    }
}

impl ToJson for usize {
    fn write(&self, out: &mut String) {
        unsigned(*self as u64, out);
    }
}

impl ToJson for f64 {
    /// serde_json's: the shortest text that reads back as the same number (zmij), `null`
    /// for NaN and the infinities.
    fn write(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(zmij::Buffer::new().format_finite(*self));
        } else {
            out.push_str("null");
        }
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(v) => v.write(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write(&self, out: &mut String) {
        (**self).write(out);
    }
}

#[cfg(test)]
mod tests;
