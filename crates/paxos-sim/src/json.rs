//! Reading the JSON that people and the page write — scenarios, exercises, worker
//! requests — in two steps: the text into a small tree that remembers where each value
//! ends ([`parse`]), then the tree into our types, by hand ([`FromJson`]). Errors name the
//! field path (`events[0].crash`), the line and the column, in serde's words.
//!
//! Why not serde's derives: they compile a parser for every type, and every type inside it,
//! against serde_json's reader. In the browser's first wasm that was about 80 KB of code
//! before `wasm-opt`, a fifth of the whole. The code here is one parser and one small
//! function per type. Writing JSON is by hand too, for the browser: [`write`] (serde_json's
//! writer instead costs the first wasm 3,885 B gzipped, measured 2026-12-07, with 718 B of
//! the first load's budget left; docs/worker-protocol.md).

use std::fmt;

mod decimal;
pub mod write;

/// Deeper than this is refused, as serde_json does, rather than overflow the stack.
const MAX_DEPTH: usize = 128;

/// A JSON value and where it ends in the text (the byte offset just after its last
/// character: where serde_json reports a value of the wrong type).
#[derive(Clone, Debug, PartialEq)]
pub struct Json {
    pub value: Value,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As written, so that messages quote it exactly and integers stay exact.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// In the order written; `usize` is where the key ends.
    Object(Vec<(String, usize, Json)>),
}

/// What went wrong where (boxed: it travels up through every reader's `Result`, which
/// stays small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault(Box<Spot>);

/// `path` is empty at the top level; `at` is the byte offset just after the last character
/// read, which gives serde_json's line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    pub path: String,
    pub message: String,
    pub at: usize,
    pub syntax: bool,
}

impl std::ops::Deref for Fault {
    type Target = Spot;
    fn deref(&self) -> &Spot {
        &self.0
    }
}

impl Fault {
    pub fn new(at: usize, message: impl Into<String>) -> Fault {
        Fault(Box::new(Spot { path: String::new(), message: message.into(), at, syntax: false }))
    }

    /// The text is not JSON.
    fn syntax(at: usize, message: impl Into<String>) -> Fault {
        let mut f = Fault::new(at, message);
        f.0.syntax = true;
        f
    }

    /// The same fault seen from the object that holds it in field `name`.
    #[inline(never)]
    pub fn in_field(mut self, name: &str) -> Fault {
        self.0.path = join(name.to_string(), &self.0.path);
        self
    }

    /// The same fault seen from the array that holds it at `index`.
    #[inline(never)]
    pub fn in_index(mut self, index: usize) -> Fault {
        self.0.path = join(format!("[{index}]"), &self.0.path);
        self
    }
}

fn join(mut outer: String, inner: &str) -> String {
    if !inner.is_empty() && !inner.starts_with('[') {
        outer.push('.');
    }
    outer.push_str(inner);
    outer
}

/// A [`Fault`] with its line (1-based) and column (bytes read on that line), for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// `network.drop`, `events[2].propose`; `.` for the top level.
    pub path: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// The text is not JSON (as opposed to JSON of the wrong shape).
    pub syntax: bool,
}

impl JsonError {
    fn of(text: &str, f: Fault) -> JsonError {
        let f = *f.0;
        let before = &text.as_bytes()[..f.at.min(text.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let path = if f.path.is_empty() { ".".to_string() } else { f.path };
        JsonError { path, message: f.message, line, column, syntax: f.syntax }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let (line, column) = (self.line, self.column);
        if self.syntax {
            write!(f, "malformed JSON at line {line}, column {column}: {}", self.message)
        } else if self.path == "." {
            write!(f, "{} (line {line}, column {column})", self.message)
        } else {
            write!(f, "{}: {} (line {line}, column {column})", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

/// Reads `text` as one JSON value, then as a `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    parse(text).and_then(|json| T::read(&json)).map_err(|f| JsonError::of(text, f))
}

/// Reads `text` as one JSON value (nothing but whitespace after it).
pub fn parse(text: &str) -> Result<Json, Fault> {
    let mut p = Parser { text, bytes: text.as_bytes(), i: 0 };
    let json = p.value(0)?;
    p.skip_space();
    if p.i < p.bytes.len() {
        return Err(p.fail_here("trailing characters"));
    }
    Ok(json)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    /// The text from `start` to here. Both ends are next to ASCII bytes (a quote, a
    /// backslash, a digit), so on char boundaries; `get` instead of `[..]` keeps the
    /// standard library's slicing panic, and its formatting, out of the browser's build.
    fn slice(&self, start: usize) -> &str {
        self.text.get(start..self.i).unwrap_or_default()
    }

    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// A syntax error at the next character (or at the end).
    fn fail_here(&self, message: &str) -> Fault {
        let at = (self.i + 1).min(self.bytes.len());
        Fault::syntax(at, message)
    }

    fn eof(&self, what: &str) -> Fault {
        Fault::syntax(self.bytes.len(), format!("EOF while parsing {what}"))
    }

    fn value(&mut self, depth: usize) -> Result<Json, Fault> {
        self.skip_space();
        let Some(&b) = self.bytes.get(self.i) else { return Err(self.eof("a value")) };
        let value = match b {
            b'{' | b'[' if depth >= MAX_DEPTH => return Err(self.fail_here("recursion limit exceeded")),
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => self.number()?,
            b't' => self.word("true", Value::Bool(true))?,
            b'f' => self.word("false", Value::Bool(false))?,
            b'n' => self.word("null", Value::Null)?,
            _ => return Err(self.fail_here("expected value")),
        };
        Ok(Json { value, end: self.i })
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Fault> {
        for &w in word.as_bytes() {
            match self.bytes.get(self.i) {
                None => return Err(self.eof("a value")),
                Some(&b) if b == w => self.i += 1,
                Some(_) => return Err(self.fail_here("expected ident")),
            }
        }
        Ok(value)
    }

    fn number(&mut self) -> Result<Value, Fault> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while matches!(p.bytes.get(p.i), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > from
        };
        if self.bytes[self.i] == b'-' {
            self.i += 1;
        }
        if self.bytes.get(self.i) == Some(&b'0') {
            self.i += 1;
            if matches!(self.bytes.get(self.i), Some(b'0'..=b'9')) {
                return Err(self.fail_here("invalid number")); // no leading zeros
            }
        } else if !digits(self) {
            return Err(self.fail_here("invalid number"));
        }
        if self.bytes.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return Err(self.fail_here("invalid number"));
            }
        }
        if matches!(self.bytes.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.bytes.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.fail_here("invalid number"));
            }
        }
        Ok(Value::Number(self.slice(start).to_string()))
    }

    /// At the opening quote.
    fn string(&mut self) -> Result<String, Fault> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(&b) = self.bytes.get(self.i) else { return Err(self.eof("a string")) };
            match b {
                b'"' => {
                    out.push_str(self.slice(run));
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(self.slice(run));
                    self.i += 1;
                    let Some(&e) = self.bytes.get(self.i) else { return Err(self.eof("a string")) };
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.fail_here("invalid escape")),
                    };
                    out.push(c);
                    self.i += 1;
                    run = self.i;
                }
                0..=0x1f => {
                    return Err(
                        self.fail_here("control character (\\u0000-\\u001F) found while parsing a string")
                    )
                }
                _ => self.i += 1,
            }
        }
    }

    /// At the `u` of `\uXXXX`; leaves `i` on the escape's last hex digit.
    fn unicode_escape(&mut self) -> Result<char, Fault> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.i + 1..self.i + 3) != Some(b"\\u") {
                    return Err(self.fail_here("lone leading surrogate in hex escape"));
                }
                self.i += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.fail_here("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.fail_here("lone trailing surrogate in hex escape")),
            c => c,
        };
        char::from_u32(code).ok_or_else(|| self.fail_here("invalid unicode code point"))
    }

    /// At the `u`: reads the four hex digits after it.
    fn hex4(&mut self) -> Result<u32, Fault> {
        let mut n = 0;
        for _ in 0..4 {
            self.i += 1;
            let Some(&b) = self.bytes.get(self.i) else { return Err(self.eof("a string")) };
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.fail_here("invalid escape")),
            };
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    /// After a comma (not `first`), the closing `close` is serde_json's "trailing comma".
    fn trailing_comma(&mut self, close: u8, first: bool) -> Result<(), Fault> {
        self.skip_space();
        if !first && self.bytes.get(self.i) == Some(&close) {
            return Err(self.fail_here("trailing comma"));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Value, Fault> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.bytes.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.trailing_comma(b']', items.is_empty())?;
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                Some(_) => return Err(self.fail_here("expected `,` or `]`")),
                None => return Err(self.eof("a list")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Fault> {
        self.i += 1;
        let mut fields = Vec::new();
        self.skip_space();
        if self.bytes.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Object(fields));
        }
        loop {
            self.trailing_comma(b'}', fields.is_empty())?; // (skips the space before the key)
            match self.bytes.get(self.i) {
                Some(b'"') => {}
                Some(_) => return Err(self.fail_here("key must be a string")),
                None => return Err(self.eof("an object")),
            }
            let key = self.string()?;
            let key_end = self.i;
            self.skip_space();
            match self.bytes.get(self.i) {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.fail_here("expected `:`")),
                None => return Err(self.eof("an object")),
            }
            let value = self.value(depth + 1)?;
            fields.push((key, key_end, value));
            self.skip_space();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(fields));
                }
                Some(_) => return Err(self.fail_here("expected `,` or `}`")),
                None => return Err(self.eof("an object")),
            }
        }
    }
}

/// A type read from a JSON value by hand.
pub trait FromJson: Sized {
    fn read(json: &Json) -> Result<Self, Fault>;
}

impl Json {
    /// "invalid type: string \"soon\", expected u64", at the end of this value.
    pub fn invalid_type(&self, expected: &str) -> Fault {
        Fault::new(self.end, format!("invalid type: {}, expected {expected}", self.unexpected()))
    }

    /// What this value is, in serde's words: `string "soon"`, `integer `3``, `map`.
    fn unexpected(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if is_integer(n) => format!("integer `{n}`"),
            Value::Number(n) => format!("floating point `{n}`"),
            Value::String(s) => format!("string {}", quoted(s)),
            Value::Array(_) => "sequence".into(),
            Value::Object(_) => "map".into(),
        }
    }

    pub fn str(&self) -> Result<&str, Fault> {
        match &self.value {
            Value::String(s) => Ok(s),
            _ => Err(self.invalid_type("a string")),
        }
    }

    pub fn array(&self) -> Result<&[Json], Fault> {
        match &self.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.invalid_type("a sequence")),
        }
    }

    /// An unsigned integer no larger than `max`, for a field of type `ty` ("u32").
    pub fn unsigned(&self, max: u64, ty: &str) -> Result<u64, Fault> {
        match &self.value {
            Value::Number(n) if is_integer(n) => match n.parse::<u64>() {
                Ok(v) if v <= max => Ok(v),
                _ => Err(Fault::new(self.end, format!("invalid value: integer `{n}`, expected {ty}"))),
            },
            _ => Err(self.invalid_type(ty)),
        }
    }

    /// One of `names` (a unit variant of an enum), as its index.
    pub fn variant(&self, names: &[&str]) -> Result<usize, Fault> {
        let expected = one_of(names);
        let Value::String(s) = &self.value else { return Err(self.invalid_type(&expected)) };
        names
            .iter()
            .position(|n| n == s)
            .ok_or_else(|| Fault::new(self.end, format!("unknown variant `{s}`, expected {expected}")))
    }

    /// This value as an object of `what` ("struct NetworkSpec") with fields among `names`
    /// (and `tag`, read elsewhere, unless it is empty: no tag). Unknown and repeated fields are refused.
    pub fn fields<'a>(
        &'a self,
        what: &str,
        tag: &str,
        names: &'static [&'static str],
    ) -> Result<Fields<'a>, Fault> {
        let Value::Object(fields) = &self.value else { return Err(self.invalid_type(what)) };
        for (i, (key, end, _)) in fields.iter().enumerate() {
            if fields[..i].iter().any(|(k, _, _)| k == key) {
                return Err(Fault::new(*end, format!("duplicate field `{key}`")).in_field(key));
            }
            if (tag.is_empty() || key != tag) && !names.contains(&key.as_str()) {
                let message = match names {
                    [] => format!("unknown field `{key}`, there are no fields"),
                    _ => format!("unknown field `{key}`, expected {}", one_of(names)),
                };
                return Err(Fault::new(*end, message).in_field(key));
            }
        }
        Ok(Fields { fields, end: self.end })
    }

    /// The name of a tagged object's variant: the string in field `tag`, one of `names`
    /// (a reader matches on it by name).
    pub fn tag_name<'n>(&self, tag: &str, what: &str, names: &[&'n str]) -> Result<&'n str, Fault> {
        self.tag(tag, what, names).map(|k| names[k])
    }

    /// A tagged object's variant: the string in field `tag`, one of `names`, by its index.
    pub fn tag(&self, tag: &str, what: &str, names: &[&str]) -> Result<usize, Fault> {
        let Value::Object(fields) = &self.value else { return Err(self.invalid_type(what)) };
        match fields.iter().find(|(k, _, _)| k == tag) {
            Some((_, _, v)) => v.variant(names),
            None => Err(missing(self.end, tag)),
        }
    }
}

/// The fields of an object, checked against the names its type allows.
pub struct Fields<'a> {
    fields: &'a [(String, usize, Json)],
    end: usize,
}

impl Fields<'_> {
    /// The field's value, read, if it is there.
    pub fn get<T: FromJson>(&self, name: &str) -> Result<Option<T>, Fault> {
        let Some(json) = self.find(name) else { return Ok(None) };
        T::read(json).map(Some).map_err(|f| f.in_field(name))
    }

    /// A field that must be there.
    pub fn req<T: FromJson>(&self, name: &str) -> Result<T, Fault> {
        self.get(name)?.ok_or_else(|| missing(self.end, name))
    }

    /// The field's JSON as written, if it is there.
    pub fn raw(&self, name: &str) -> Option<&Json> {
        self.find(name)
    }

    /// A field that may be absent (or null).
    pub fn opt<T: FromJson>(&self, name: &str) -> Result<Option<T>, Fault> {
        Ok(self.get::<Option<T>>(name)?.flatten())
    }

    /// A field with a default when absent.
    pub fn or<T: FromJson>(&self, name: &str, default: T) -> Result<T, Fault> {
        Ok(self.get(name)?.unwrap_or(default))
    }

    // The parts that do not depend on the field's type, compiled once (not once per type).
    #[inline(never)]
    fn find(&self, name: &str) -> Option<&Json> {
        self.fields.iter().find(|(k, _, _)| k == name).map(|(_, _, v)| v)
    }
}

/// serde's "missing field `name`", at the end of the object.
#[inline(never)]
fn missing(end: usize, name: &str) -> Fault {
    Fault::new(end, format!("missing field `{name}`"))
}

/// "`a`", "`a` or `b`", "one of `a`, `b`, `c`", as serde lists what it expected.
pub fn one_of(names: &[&str]) -> String {
    let ticked: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match ticked.as_slice() {
        [] => "nothing".into(),
        [a] => a.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", ticked.join(", ")),
    }
}

fn is_integer(n: &str) -> bool {
    !n.contains(['.', 'e', 'E'])
}

/// `"soon"`, with quotes, backslashes and control characters escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl FromJson for String {
    fn read(json: &Json) -> Result<String, Fault> {
        json.str().map(str::to_string)
    }
}

impl FromJson for bool {
    fn read(json: &Json) -> Result<bool, Fault> {
        match json.value {
            Value::Bool(b) => Ok(b),
            _ => Err(json.invalid_type("a boolean")),
        }
    }
}

impl FromJson for u64 {
    fn read(json: &Json) -> Result<u64, Fault> {
        json.unsigned(u64::MAX, "u64")
    }
}

impl FromJson for u32 {
    fn read(json: &Json) -> Result<u32, Fault> {
        json.unsigned(u32::MAX.into(), "u32").map(|n| n as u32)
    }
}

impl FromJson for u8 {
    fn read(json: &Json) -> Result<u8, Fault> {
        json.unsigned(u8::MAX.into(), "u8").map(|n| n as u8)
    }
}

impl FromJson for usize {
    fn read(json: &Json) -> Result<usize, Fault> {
        json.unsigned(usize::MAX as u64, "usize").map(|n| n as usize)
    }
}

impl FromJson for f64 {
    fn read(json: &Json) -> Result<f64, Fault> {
        match &json.value {
            Value::Number(n) => decimal::to_f64(n).ok_or_else(|| {
                let message = format!(
                    "invalid value: {}, expected f64 of at most 19 significant digits, from 1e-19 up to 1e38",
                    json.unexpected()
                );
                Fault::new(json.end, message)
            }),
            _ => Err(json.invalid_type("f64")),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(json: &Json) -> Result<Option<T>, Fault> {
        match json.value {
            Value::Null => Ok(None),
            _ => T::read(json).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(json: &Json) -> Result<Vec<T>, Fault> {
        let items = json.array()?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::read(item).map_err(|f| f.in_index(i))?);
        }
        Ok(out)
    }
}

impl<T: FromJson> FromJson for [T; 2] {
    fn read(json: &Json) -> Result<[T; 2], Fault> {
        let length =
            |n: usize| Fault::new(json.end, format!("invalid length {n}, expected an array of length 2"));
        let items = json.array().map_err(|_| json.invalid_type("an array of length 2"))?;
        if items.len() != 2 {
            return Err(length(items.len())); // before reading any item, as serde
        }
        <[T; 2]>::try_from(Vec::<T>::read(json)?).map_err(|v| length(v.len()))
    }
}

#[cfg(test)]
mod tests;
