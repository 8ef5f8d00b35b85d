use super::*;

/// A small type with every kind of field, read like the scenario's types.
#[derive(Debug, PartialEq)]
struct Shape {
    radius: u32,
    fill: Option<String>,
    corners: Vec<[u64; 2]>,
    solid: bool,
}

impl FromJson for Shape {
    fn read(json: &Json) -> Result<Shape, Fault> {
        let f = json.fields("struct Shape", "", &["radius", "fill", "corners", "solid"])?;
        Ok(Shape {
            radius: f.req("radius")?,
            fill: f.opt("fill")?,
            corners: f.or("corners", Vec::new())?,
            solid: f.or("solid", true)?,
        })
    }
}

fn shape(text: &str) -> Result<Shape, String> {
    from_str::<Shape>(text).map_err(|e| e.to_string())
}

#[test]
fn reads_fields_in_any_order_with_defaults() {
    let s = shape(r#"{"corners": [[1, 2], [3, 4]], "radius": 3, "fill": null}"#).unwrap();
    assert_eq!(s, Shape { radius: 3, fill: None, corners: vec![[1, 2], [3, 4]], solid: true });
    let s = shape(r#" {"radius":0,"fill":"r\u00e9d \"x\"\n\ud83d\ude00","solid":false} "#).unwrap();
    assert_eq!(s.fill.as_deref(), Some("réd \"x\"\n😀"));
    assert!(!s.solid);
}

#[test]
fn errors_name_the_path_in_serdes_words() {
    let e = shape(r#"{"radius":3,"corners":[[1,2],[3,"x"]]}"#).unwrap_err();
    assert_eq!(e, "corners[1][1]: invalid type: string \"x\", expected u64 (line 1, column 35)");
    let e = shape(r#"{"radius":3,"colour":1}"#).unwrap_err();
    assert_eq!(
        e,
        "colour: unknown field `colour`, expected one of `radius`, `fill`, `corners`, `solid` (line 1, column 20)"
    );
    assert_eq!(shape(r#"{"fill":"x"}"#).unwrap_err(), "missing field `radius` (line 1, column 12)");
    assert_eq!(
        shape(r#"{"radius":1,"radius":2}"#).unwrap_err(),
        "radius: duplicate field `radius` (line 1, column 20)"
    );
    assert_eq!(
        shape(r#"{"radius":-1}"#).unwrap_err(),
        "radius: invalid value: integer `-1`, expected u32 (line 1, column 12)"
    );
    assert_eq!(
        shape(r#"{"radius":4294967296}"#).unwrap_err(),
        "radius: invalid value: integer `4294967296`, expected u32 (line 1, column 20)"
    );
    assert_eq!(
        shape(r#"{"radius":2.50}"#).unwrap_err(),
        "radius: invalid type: floating point `2.50`, expected u32 (line 1, column 14)"
    );
    assert_eq!(
        shape(r#"{"radius":1,"corners":[[1,2,3]]}"#).unwrap_err(),
        "corners[0]: invalid length 3, expected an array of length 2 (line 1, column 30)"
    );
    assert_eq!(
        shape(r#"{"radius":1,"":2}"#).unwrap_err(),
        "unknown field ``, expected one of `radius`, `fill`, `corners`, `solid` (line 1, column 14)"
    );
    assert_eq!(shape("[1]").unwrap_err(), "invalid type: sequence, expected struct Shape (line 1, column 3)");
    assert_eq!(
        shape(r#"{"radius":1,"solid":null}"#).unwrap_err(),
        "solid: invalid type: null, expected a boolean (line 1, column 24)"
    );
}

#[test]
fn columns_count_bytes_and_lines_start_at_one() {
    // serde_json's convention: the column is the number of bytes read on that line.
    let e = shape("{\"fill\": \"二元\",\n \"radius\": \"3\"}").unwrap_err();
    assert_eq!(e, "radius: invalid type: string \"3\", expected u32 (line 2, column 14)");
}

#[test]
fn malformed_text_is_a_syntax_error_at_the_character() {
    let syntax = |text: &str| {
        let e = from_str::<Shape>(text).unwrap_err();
        assert!(e.syntax, "{text}");
        e.to_string()
    };
    assert_eq!(
        syntax("{\"radius\": 1 \"fill\": 2}"),
        "malformed JSON at line 1, column 14: expected `,` or `}`"
    );
    assert_eq!(syntax("[1 2]"), "malformed JSON at line 1, column 4: expected `,` or `]`");
    assert_eq!(syntax("{\"radius\" 1}"), "malformed JSON at line 1, column 11: expected `:`");
    assert_eq!(syntax("{radius: 1}"), "malformed JSON at line 1, column 2: key must be a string");
    assert_eq!(syntax("{\"radius\": tru}"), "malformed JSON at line 1, column 15: expected ident");
    assert_eq!(syntax("{\"radius\": 01}"), "malformed JSON at line 1, column 13: invalid number");
    assert_eq!(syntax("{\"radius\": 1."), "malformed JSON at line 1, column 13: invalid number");
    assert_eq!(syntax("{\"radius\": 1"), "malformed JSON at line 1, column 12: EOF while parsing an object");
    assert_eq!(syntax("{\"fill\": \"a\\x\"}"), "malformed JSON at line 1, column 13: invalid escape");
    assert_eq!(
        syntax("{\"fill\": \"\\ud83d\"}"),
        "malformed JSON at line 1, column 16: lone leading surrogate in hex escape"
    );
    assert_eq!(syntax("{\"fill\": \"a\tb\"}"), "malformed JSON at line 1, column 12: control character (\\u0000-\\u001F) found while parsing a string");
    assert_eq!(syntax("{} x"), "malformed JSON at line 1, column 4: trailing characters");
    assert_eq!(syntax("{\"corners\": [[1, 2],]}"), "malformed JSON at line 1, column 21: trailing comma");
    assert_eq!(syntax("{\"radius\": 1, }"), "malformed JSON at line 1, column 15: trailing comma");
    assert_eq!(syntax(""), "malformed JSON at line 1, column 0: EOF while parsing a value");
    assert_eq!(syntax(&"[".repeat(200)), "malformed JSON at line 1, column 129: recursion limit exceeded");
}

#[test]
fn tagged_objects_and_unit_variants() {
    let tree = parse(r#"{"kind": "dot", "size": 1}"#).unwrap();
    assert_eq!(tree.tag("kind", "a shape", &["circle", "dot"]), Ok(1));
    assert_eq!(tree.tag_name("kind", "a shape", &["circle", "dot"]), Ok("dot"));
    let e = tree.fields("a shape", "kind", &[]).err().unwrap();
    assert_eq!(e.message, "unknown field `size`, there are no fields");
    let tree = parse(r#"{"kind": "square"}"#).unwrap();
    let e = tree.tag("kind", "a shape", &["circle", "dot"]).unwrap_err();
    assert_eq!(e.message, "unknown variant `square`, expected `circle` or `dot`");
    let e = parse("{}").unwrap().tag("kind", "a shape", &["circle"]).unwrap_err();
    assert_eq!(e.message, "missing field `kind`");
    assert_eq!(one_of(&["a", "b", "c"]), "one of `a`, `b`, `c`");
}
