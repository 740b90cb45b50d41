//! The values billsim reads with its own readers (`crate::exact`), as the
//! JSON Schema and the TypeScript declarations describe them: each by what
//! its reader accepts. The format's types name these in
//! `#[schemars(with = ...)]` and `#[tsify(type = ...)]`.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

/// The text rust_decimal's exact reader takes: a sign, digits (with `_`
/// between them) and at most one point, no exponent. Too many digits (over
/// 28 significant) is left to the engine.
const DECIMAL: &str = r"^[+-]?([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)$";

/// A string value with its own reader: the type, its name in the schema's
/// `$defs`, and the schema of the text the reader takes.
macro_rules! text_value {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $schema:tt) => {
        $(#[$doc])*
        pub struct $ty;

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

text_value!(
    /// A decimal as `crate::exact::str` reads it: a string, never a JSON number.
    DecimalText,
    "Decimal",
    {
        "description": "A decimal written as a string, e.g. \"115.00\": money never passes through a float. No exponent.",
        "type": "string",
        "pattern": DECIMAL,
    }
);

text_value!(
    /// An optional decimal as `crate::exact::str_option` reads it: as a
    /// decimal, or `""` (as `null`) for none.
    OptionalDecimalText,
    "OptionalDecimal",
    {
        "description": "A decimal written as a string, e.g. \"115.00\"; \"\" (or null) is the same as leaving the field out.",
        "type": "string",
        "pattern": format!("^$|{DECIMAL}"),
    }
);

text_value!(
    /// A day as `crate::exact::date` reads it: `YYYY-MM-DD` in the years 1900 to 2100.
    DateText,
    "Date",
    {
        "description": "A day, YYYY-MM-DD, in the years 1900 to 2100.",
        "type": "string",
        "format": "date",
        "pattern": r"^(19[0-9]{2}|20[0-9]{2}|2100)-",
    }
);

text_value!(
    /// An instant as `crate::exact::instant` reads it: RFC 3339, to the millisecond.
    InstantText,
    "Instant",
    {
        "description": "An instant, RFC 3339 (2026-10-21T08:00:00Z), in the years 1900 to 2100, at most 3 decimals of a second.",
        "type": "string",
        "format": "date-time",
    }
);

/// A map keyed by a name of the format (`ivr_minutes`, `wallboards`): serde
/// refuses any other key, so the schema names the keys it takes.
pub struct KeyedBy<K, V>(PhantomData<(K, V)>);

impl<K: JsonSchema, V: JsonSchema> JsonSchema for KeyedBy<K, V> {
    fn schema_name() -> Cow<'static, str> {
        format!("KeyedBy_{}_{}", K::schema_name(), V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": generator.subschema_for::<K>(),
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// The TypeScript names of these values, as `#[tsify(type = ...)]` and the
/// `Decimal` fields name them.
pub const TYPESCRIPT: &str = "\
/** A decimal number written as a string (\"115.00\"): money never passes through a float. */
export type Decimal = string;
/** A day, `YYYY-MM-DD`. */
export type DateString = string;
/** An instant, RFC 3339 UTC (`2026-10-21T08:00:00Z`), to the millisecond. */
export type Instant = string;
";
