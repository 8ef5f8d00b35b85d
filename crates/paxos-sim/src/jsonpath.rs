//! Where in a JSON text a serde_json error happened, as a field path: `network.drop`,
//! `events[2].propose.node`, or `.` for the top level.
//!
//! serde_json's errors give a line and a column; a person editing a scenario also wants
//! the field. serde_path_to_error tracks the path while reading, at the price of compiling
//! every scenario type a second time (62 KB of the browser's wasm). Errors are rare, so
//! this reads the text again up to the error's position instead, only when there is one.

/// One level of nesting at the position: an object (with the key being read, if any) or
/// an array (with the index of the element being read).
enum Level {
    Object(Option<String>),
    Array(usize),
}

/// The path of the value being read when serde_json stopped at `line` and `column`
/// (1-based line; column = bytes read on that line, as serde_json counts them).
pub fn path_at(json: &str, line: usize, column: usize) -> String {
    let bytes = json.as_bytes();
    let end = offset(bytes, line, column);
    let mut levels: Vec<Level> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => levels.push(Level::Object(None)),
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
            }
            b',' => match levels.last_mut() {
                Some(Level::Object(key)) => *key = None,
                Some(Level::Array(index)) => *index += 1,
                None => {}
            },
            b'"' => {
                let (text, next) = string(bytes, i + 1);
                // A string read where a key is expected is the key.
                if let Some(Level::Object(key @ None)) = levels.last_mut() {
                    *key = Some(text);
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The byte offset just after `column` bytes of line `line`.
fn offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(n) => start += n + 1,
            None => return bytes.len(),
        }
    }
    (start + column).min(bytes.len())
}

/// A string's text (escapes `\"` and `\\` undone, others kept) and the offset after its
/// closing quote; `from` is just after the opening quote.
fn string(bytes: &[u8], from: usize) -> (String, usize) {
    let mut text = Vec::new();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&text).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                match bytes[i + 1] {
                    b'"' | b'\\' | b'/' => text.push(bytes[i + 1]),
                    other => text.extend_from_slice(&[b'\\', other]),
                }
                i += 2;
                continue;
            }
            b => text.push(b),
        }
        i += 1;
    }
    (String::from_utf8_lossy(&text).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::path_at;

    /// The path where serde_json stops reading `json` as `T`.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let e = serde_json::from_str::<T>(json).unwrap_err();
        path_at(json, e.line(), e.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct File {
        network: Option<Network>,
        events: Option<Vec<Event>>,
        nodes: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Network {
        drop: Option<f64>,
        delay: Option<[u64; 2]>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Event {
        at: u64,
        crash: Option<String>,
    }

    #[test]
    fn names_the_field_serde_json_stopped_at() {
        assert_eq!(path_of::<File>(r#"{"nodes":3,"network":{"drop":"lots"}}"#), "network.drop");
        assert_eq!(path_of::<File>(r#"{"nodes":3,"netwrk":{}}"#), "netwrk");
        assert_eq!(path_of::<File>(r#"{"nodes":3,"network":{"dorp":0.1}}"#), "network.dorp");
        assert_eq!(
            path_of::<File>("{\n \"nodes\": 3,\n \"events\": [{\"at\": 1}, {\"at\": -1}]\n}"),
            "events[1].at"
        );
        assert_eq!(path_of::<File>(r#"{"nodes":3,"events":[{"at":1},{"crash":"S1"}]}"#), "events[1]");
        assert_eq!(path_of::<File>(r#"{"events":[]}"#), ".");
        assert_eq!(
            path_of::<File>(r#"{"nodes":3,"events":[{"at":1,"crash":"a\"b,c[d"},{"at":"x"}]}"#),
            "events[1].at"
        );
        assert_eq!(path_of::<File>(r#"{"nodes":3,"network":{"delay":[1,"x"]}}"#), "network.delay[1]");
        // Columns count bytes: values in Chinese before the error do not shift it.
        assert_eq!(
            path_of::<File>(r#"{"nodes":3,"events":[{"at":1,"crash":"元/度"},{"at":"x"}]}"#),
            "events[1].at"
        );
    }
}
