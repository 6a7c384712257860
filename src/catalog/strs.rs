//! A deserializer for the strings the embedded catalog repeats.

use std::borrow::Cow;
use std::cell::RefCell;

use serde::Deserializer;

thread_local! {
    /// The distinct strings [`repeated_str`] has seen, most recent first.
    static SEEN: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Deserialize a string the embedded catalog repeats (source ids, spot bands, families):
/// bytes equal to a string seen before are that string, which skips validating their UTF-8
/// again, thousands of times. Stored exactly as a `str` (postcard writes both alike).
pub(super) fn repeated_str<'de, D>(d: D) -> Result<Cow<'static, str>, D::Error>
where
    D: Deserializer<'de>,
    'de: 'static,
{
    struct Visitor;
    impl<'de: 'static> serde::de::Visitor<'de> for Visitor {
        type Value = Cow<'static, str>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_bytes<E: serde::de::Error>(self, b: &'de [u8]) -> Result<Self::Value, E> {
            SEEN.with_borrow_mut(|seen| {
                if let Some(k) = seen.iter().position(|s| s.as_bytes() == b) {
                    let s = seen[k];
                    seen[..=k].rotate_right(1);
                    return Ok(Cow::Borrowed(s));
                }
                let s = std::str::from_utf8(b).map_err(E::custom)?;
                seen.insert(0, s);
                seen.truncate(16);
                Ok(Cow::Borrowed(s))
            })
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(s))
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(s.to_owned()))
        }
    }
    d.deserialize_bytes(Visitor)
}
