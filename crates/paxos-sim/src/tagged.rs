//! Reading the worker protocol's tagged objects, `{"type": "propose", "node": "S1", …}`,
//! without serde's buffering.
//!
//! serde reads an internally tagged enum (`#[serde(tag = "type")]`) by first copying the
//! whole object into its `Content` tree, because the tag may come last; every type inside
//! is then compiled a second time to be read from that copy. In the browser's wasm that
//! was about 100 KB of code before `wasm-opt`, on every first load. The objects read here
//! come from our own worker (www/src/serve.ts sends the tag first, as `JSON.stringify`
//! writes it), so the tag is required to be the first field, and the rest of the object is
//! handed to serde's externally tagged reading of the same enum (`#[serde(remote =
//! "Self")]` generates it as an inherent `deserialize`, leaving the trait to [`by_tag!`]).
//! A tag in any other place is an error that says so.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, VariantAccess, Visitor};
use serde::forward_to_deserialize_any;

/// An enum read from a tagged object: `read` is serde's externally tagged reading of it.
pub trait ByTag: Sized {
    /// The name of the tag field: `"type"`, `"action"`.
    const TAG: &'static str;
    fn read<'de, A: MapAccess<'de>>(rest: Tagged<A>) -> Result<Self, A::Error>;
}

/// Implements `Deserialize` for an enum that derives `Deserialize` with
/// `#[serde(remote = "Self")]`, reading it from `{TAG: variant, …fields}`.
macro_rules! by_tag {
    ($ty:ty, $tag:literal) => {
        impl $crate::tagged::ByTag for $ty {
            const TAG: &'static str = $tag;
            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                rest: $crate::tagged::Tagged<A>,
            ) -> Result<Self, A::Error> {
                <$ty>::deserialize(rest)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::tagged::deserialize(d)
            }
        }
    };
}
pub(crate) use by_tag;

/// Reads a `T` from `{T::TAG: variant, …fields}`.
pub fn deserialize<'de, T: ByTag, D: de::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(TagFirst(PhantomData))
}

struct TagFirst<T>(PhantomData<T>);

impl<'de, T: ByTag> Visitor<'de> for TagFirst<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with \"{}\" as its first field", T::TAG)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == T::TAG => {}
            _ => {
                return Err(de::Error::custom(format_args!(
                    "\"{}\" must be the object's first field",
                    T::TAG
                )))
            }
        }
        let variant: String = map.next_value()?;
        T::read(Tagged { variant, map })
    }
}

/// The rest of a tagged object, seen as the variant `variant` with the remaining fields.
pub struct Tagged<A> {
    variant: String,
    map: A,
}

impl<'de, A: MapAccess<'de>> de::Deserializer<'de> for Tagged<A> {
    type Error = A::Error;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }
    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Tagged<A> {
    type Error = A::Error;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), A::Error> {
        let name: StrDeserializer<A::Error> = self.variant.as_str().into_deserializer();
        let value = seed.deserialize(name)?;
        Ok((value, self))
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Tagged<A> {
    type Error = A::Error;
    fn unit_variant(mut self) -> Result<(), A::Error> {
        match self.map.next_key::<String>()? {
            None => Ok(()),
            Some(key) => Err(de::Error::custom(format_args!(
                "unknown field `{key}`: \"{}\" has no fields",
                self.variant
            ))),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        seed.deserialize(MapAccessDeserializer::new(self.map))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("a tagged object cannot hold a tuple"))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.map)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(remote = "Self", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
    enum Shape {
        Circle { radius: u32, fill_colour: Option<String> },
        Dot,
    }
    by_tag!(Shape, "kind");

    fn read(json: &str) -> Result<Shape, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_same_objects_as_an_internally_tagged_enum() {
        assert_eq!(
            read(r#"{"kind":"circle","radius":3}"#),
            Ok(Shape::Circle { radius: 3, fill_colour: None })
        );
        assert_eq!(
            read(r#"{"kind":"circle","fillColour":"red","radius":3}"#),
            Ok(Shape::Circle { radius: 3, fill_colour: Some("red".into()) })
        );
        assert_eq!(read(r#"{"kind":"dot"}"#), Ok(Shape::Dot));
    }

    #[test]
    fn says_what_is_wrong() {
        let e = read(r#"{"radius":3,"kind":"circle"}"#).unwrap_err();
        assert!(e.starts_with("\"kind\" must be the object's first field"), "{e}");
        let e = read(r#"{"kind":"square"}"#).unwrap_err();
        assert!(e.starts_with("unknown variant `square`, expected `circle` or `dot`"), "{e}");
        let e = read(r#"{"kind":"circle","radius":3,"spin":1}"#).unwrap_err();
        assert!(e.starts_with("unknown field `spin`"), "{e}");
        let e = read(r#"{"kind":"dot","radius":3}"#).unwrap_err();
        assert!(e.starts_with("unknown field `radius`: \"dot\" has no fields"), "{e}");
        let e = read(r#"{"kind":"circle"}"#).unwrap_err();
        assert!(e.starts_with("missing field `radius`"), "{e}");
        assert!(read("[1]").is_err());
    }
}
