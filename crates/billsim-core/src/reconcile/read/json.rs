//! A small JSON reader for the vendor's API files that keeps every number as
//! its literal text (R-R1: "numbers are read from their literal text, never
//! through a float"). serde_json, as the crate configures it (no
//! `arbitrary_precision`, no `raw_value`), hands a non-integer number to a
//! visitor only as an `f64`: `138.00` would arrive as `138` (its printed
//! decimals lost) and a long rate rounded. So these files are read here.
//!
//! The top level is walked key by key and item by item: a value the reader
//! does not need is skipped without being built, so a large JSON file that
//! is not a bill costs one scan and no memory, and a long list of invoice
//! lines is never held as a tree at once.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// How deep a value built as a tree may nest: a vendor line is three levels
/// deep; the bound keeps a hostile `[[[[...` from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// A JSON value with its numbers as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Json<'a> {
    Null,
    Bool(bool),
    /// The number's literal text (`"138.00"` keeps its two decimals).
    Num(&'a str),
    Str(Cow<'a, str>),
    Arr(Vec<Json<'a>>),
    Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// The member `key` of an object, none when absent or `null`.
    pub(super) fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Obj(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .filter(|v| !matches!(v, Json::Null)),
            _ => None,
        }
    }

    /// What kind of value it is, as a message names it.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "true or false",
            Json::Num(_) => "a number",
            Json::Str(_) => "text",
            Json::Arr(_) => "a list",
            Json::Obj(_) => "an object",
        }
    }
}

/// A position in a JSON text.
pub(super) struct Cursor<'a> {
    name: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `b` (after a byte-order mark), reporting
    /// syntax errors against file `name`.
    pub(super) fn new(name: &'a str, b: &'a [u8]) -> Self {
        let pos = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        Cursor { name, b, pos }
    }

    /// A syntax error at the current position, with its line and column.
    pub(super) fn error(&self, what: impl std::fmt::Display) -> Error {
        let at = self.pos.min(self.b.len());
        let before = &self.b[..at];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        Error::Json {
            path: self.name.to_owned(),
            message: format!(
                "line {line}, column {column}: {what}; the file is not valid JSON (export it again from the vendor's API)"
            ),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte that is not white space, without taking it.
    pub(super) fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(&format!("'{}'", char::from(c))))
        }
    }

    fn unexpected(&self, wanted: &str) -> Error {
        match self.b.get(self.pos) {
            None => self.error(format!("the text ends where {wanted} was expected")),
            Some(&c) if c.is_ascii_graphic() => {
                self.error(format!("'{}' where {wanted} was expected", char::from(c)))
            }
            Some(&c) => self.error(format!("byte 0x{c:02X} where {wanted} was expected")),
        }
    }

    /// Checks nothing but white space follows the top-level value.
    pub(super) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.unexpected("the end of the text")),
        }
    }

    /// Calls `f` with each key of the object here; `f` must take the value.
    pub(super) fn object(
        &mut self,
        mut f: impl FnMut(&mut Self, Cow<'a, str>) -> Result<()>,
    ) -> Result<()> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in quotes"));
            }
            let key = self.string()?;
            self.expect(b':')?;
            f(self, key)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    /// Calls `f` with the index of each item of the list here; `f` must take
    /// the item.
    pub(super) fn array(
        &mut self,
        mut f: impl FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.expect(b'[')?;
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        for i in 0.. {
            f(self, i)?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
        Ok(())
    }

    /// The value here, as a tree.
    pub(super) fn value(&mut self) -> Result<Json<'a>> {
        self.value_at(0)
    }

    fn value_at(&mut self, depth: usize) -> Result<Json<'a>> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} levels deep")));
        }
        match self.peek() {
            Some(b'{') => {
                let mut members = Vec::new();
                self.object(|c, key| {
                    members.push((key, c.value_at(depth + 1)?));
                    Ok(())
                })?;
                Ok(Json::Obj(members))
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.array(|c, _| {
                    items.push(c.value_at(depth + 1)?);
                    Ok(())
                })?;
                Ok(Json::Arr(items))
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Num),
            _ => {
                for (word, v) in [
                    (&b"null"[..], Json::Null),
                    (b"true", Json::Bool(true)),
                    (b"false", Json::Bool(false)),
                ] {
                    if self.b[self.pos..].starts_with(word) {
                        self.pos += word.len();
                        return Ok(v);
                    }
                }
                Err(self.unexpected("a value"))
            }
        }
    }

    /// Passes over the value here without building it (a value the reader
    /// does not need may be most of a large file): strings and brackets are
    /// followed, scalars taken as written.
    pub(super) fn skip_value(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Some(b'"') => self.skip_string()?,
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    self.pos += 1;
                }
                Some(b',' | b':') if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                Some(c) if c.is_ascii_alphanumeric() || c == b'-' => {
                    while let Some(c) = self.b.get(self.pos) {
                        if !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.')) {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                _ => return Err(self.unexpected("a value")),
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    fn skip_string(&mut self) -> Result<()> {
        self.pos += 1;
        while let Some(&c) = self.b.get(self.pos) {
            self.pos += 1;
            match c {
                b'"' => return Ok(()),
                b'\\' => self.pos += 1,
                _ => {}
            }
        }
        Err(self.error("a string is not closed"))
    }

    /// A number's literal text (JSON grammar), checked but not converted.
    fn number(&mut self) -> Result<&'a str> {
        let start = self.pos;
        let digits = |c: &mut Self| {
            let from = c.pos;
            while c.b.get(c.pos).is_some_and(u8::is_ascii_digit) {
                c.pos += 1;
            }
            c.pos > from
        };
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let mut ok = digits(self);
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            ok &= digits(self);
        }
        if let Some(b'e' | b'E') = self.b.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.b.get(self.pos) {
                self.pos += 1;
            }
            ok &= digits(self);
        }
        if !ok {
            return Err(self.error("a number is cut short"));
        }
        // Only ASCII was taken.
        Ok(std::str::from_utf8(&self.b[start..self.pos]).unwrap_or_default())
    }

    /// A string, borrowed from the input unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<Vec<u8>> = None;
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                return Err(self.error("a string is not closed"));
            };
            match c {
                b'"' => {
                    let bytes = match owned {
                        Some(v) => Cow::Owned(v),
                        None => Cow::Borrowed(&self.b[start..self.pos]),
                    };
                    let text = match bytes {
                        Cow::Borrowed(b) => std::str::from_utf8(b).map(Cow::Borrowed).ok(),
                        Cow::Owned(v) => String::from_utf8(v).map(Cow::Owned).ok(),
                    };
                    let Some(text) = text else {
                        return Err(self.error("a string that is not UTF-8 text"));
                    };
                    self.pos += 1;
                    return Ok(text);
                }
                b'\\' => {
                    let v = owned.get_or_insert_with(|| self.b[start..self.pos].to_vec());
                    let esc = self.b.get(self.pos + 1).copied();
                    self.pos += 2;
                    let plain = match esc {
                        Some(b'"') => b'"',
                        Some(b'\\') => b'\\',
                        Some(b'/') => b'/',
                        Some(b'b') => 8,
                        Some(b'f') => 12,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'u') => {
                            let ch = self.unicode_escape()?;
                            let mut buf = [0; 4];
                            v.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("an unknown escape in a string"));
                        }
                    };
                    v.push(plain);
                }
                0..=0x1F => return Err(self.error("a control character inside a string")),
                _ => {
                    if let Some(v) = owned.as_mut() {
                        v.push(c);
                    }
                    self.pos += 1;
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape (a surrogate pair is two), the
    /// cursor just past `\u`.
    fn unicode_escape(&mut self) -> Result<char> {
        let hex = |c: &mut Self| -> Result<u32> {
            let h =
                c.b.get(c.pos..c.pos + 4)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
            match h {
                Some(h) => {
                    c.pos += 4;
                    Ok(h)
                }
                None => Err(c.error("a \\u escape without four hex digits")),
            }
        };
        let hi = hex(self)?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.b[self.pos..].starts_with(b"\\u") {
                return Err(self.error("half of a surrogate pair"));
            }
            self.pos += 2;
            let lo = hex(self)?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.error("half of a surrogate pair"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.error("half of a surrogate pair"))
    }
}

/// One object of a vendor file and where it is (`entities[3]`), for
/// reading its fields with errors at their JSON path.
pub(super) struct Item<'j, 'a> {
    v: &'j Json<'a>,
    name: &'j str,
    /// The path of the object inside the file.
    pub(super) path: String,
}

impl<'j, 'a> Item<'j, 'a> {
    /// `v` at `path` of file `name`, which must be an object (`what` says
    /// which, for the message).
    pub(super) fn new(v: &'j Json<'a>, name: &'j str, path: String, what: &str) -> Result<Self> {
        let item = Item { v, name, path };
        match v {
            Json::Obj(_) => Ok(item),
            other => Err(item.error_here(format!(
                "{} where {what} (an object {{ ... }}) was expected",
                other.kind()
            ))),
        }
    }

    /// An error at this object's path.
    pub(super) fn error_here(&self, message: impl Into<String>) -> Error {
        Error::Json {
            path: format!("{}: {}", self.name, self.path),
            message: message.into(),
        }
    }

    /// An error at field `key` of this object.
    pub(super) fn error(&self, key: &str, message: impl Into<String>) -> Error {
        let sep = if self.path.is_empty() { "" } else { "." };
        Error::Json {
            path: format!("{}: {}{sep}{key}", self.name, self.path),
            message: message.into(),
        }
    }

    /// Field `key`, none when absent or `null`.
    pub(super) fn get(&self, key: &str) -> Option<&'j Json<'a>> {
        self.v.get(key)
    }

    /// The object field `key`, none when absent.
    pub(super) fn object(&self, key: &str, what: &str) -> Result<Option<Item<'j, 'a>>> {
        let sep = if self.path.is_empty() { "" } else { "." };
        self.v
            .get(key)
            .map(|v| Item::new(v, self.name, format!("{}{sep}{key}", self.path), what))
            .transpose()
    }

    /// Text field `key` (a number is taken as its text); none when absent
    /// or empty.
    pub(super) fn text(&self, key: &str) -> Result<Option<String>> {
        match self.v.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) if s.trim().is_empty() => Ok(None),
            Some(Json::Str(s)) => Ok(Some(s.trim().to_owned())),
            Some(Json::Num(n)) => Ok(Some((*n).to_owned())),
            Some(other) => {
                Err(self.error(key, format!("{} where text was expected", other.kind())))
            }
        }
    }

    /// Decimal field `key`, a JSON number or a string of one, read from its
    /// literal text; none when absent or an empty string.
    pub(super) fn decimal(&self, key: &str) -> Result<Option<super::money_text::Figure>> {
        let text = match self.v.get(key) {
            None => return Ok(None),
            Some(Json::Str(s)) if s.trim().is_empty() => return Ok(None),
            Some(Json::Str(s)) => s.trim(),
            Some(Json::Num(n)) => n,
            Some(other) => {
                return Err(self.error(
                    key,
                    format!(
                        "{} where a number (as \"138.00\" or 138.00) was expected",
                        other.kind()
                    ),
                ))
            }
        };
        if text.len() > super::cells::QUOTED {
            return Err(self.error(
                key,
                format!(
                    "\"{}...\" is too long to be a number",
                    super::cells::clip_str(text).escape_debug()
                ),
            ));
        }
        match crate::exact::parse(text) {
            Ok(value) => Ok(Some(super::money_text::Figure {
                value,
                decimals: value.scale(),
            })),
            Err(bad) => Err(self.error(
                key,
                bad.message(text).unwrap_or_else(|| {
                    format!(
                        "\"{}\" is not a number: write digits with a point, as \"138.00\"",
                        super::cells::clip_str(text).escape_debug()
                    )
                }),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(t: &str) -> Result<Json<'_>> {
        let mut c = Cursor::new("t.json", t.as_bytes());
        let v = c.value()?;
        c.end()?;
        Ok(v)
    }

    #[test]
    fn r_r1_numbers_keep_their_literal_text() {
        let v = tree(r#"{"a": 138.00, "b": [-0.1234567890123456789, 2e3], "c": "x\"y\u00e9"}"#)
            .unwrap();
        assert_eq!(v.get("a"), Some(&Json::Num("138.00")));
        assert_eq!(
            v.get("b"),
            Some(&Json::Arr(vec![
                Json::Num("-0.1234567890123456789"),
                Json::Num("2e3")
            ]))
        );
        assert_eq!(v.get("c"), Some(&Json::Str("x\"yé".into())));
    }

    #[test]
    fn r_r1_syntax_errors_name_line_and_column() {
        let Err(Error::Json { path, message }) = tree("{\n  \"a\": 1,\n  \"b\" 2\n}") else {
            panic!()
        };
        assert_eq!(path, "t.json");
        assert!(
            message.starts_with("line 3, column 7: '2' where ':'"),
            "{message}"
        );
        assert!(tree("[1,").is_err());
        assert!(tree("\"abc").is_err());
        assert!(tree("[1] x").is_err());
        assert!(tree(&"[".repeat(100)).is_err());
    }

    #[test]
    fn skipping_follows_strings_and_brackets() {
        let t = br#"{"x": [1, {"y": "]}\""}, true], "z": 2}"#;
        let mut c = Cursor::new("t.json", t);
        let mut seen = Vec::new();
        c.object(|c, k| {
            seen.push(k.into_owned());
            c.skip_value()
        })
        .unwrap();
        c.end().unwrap();
        assert_eq!(seen, ["x", "z"]);
    }
}
