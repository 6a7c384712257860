#![no_main]
//! The catalog loader never panics: any text loads or yields diagnostics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        match advisor::catalog::load_texts("fuzz", &[("fuzz.toml", s)]) {
            Ok(_) => {}
            Err(advisor::Error::Invalid { diagnostics, .. }) => assert!(!diagnostics.is_empty()),
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
});
