#![no_main]
//! The plan loader never panics: any text is a plan or yields diagnostics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<advisor::Catalog> = OnceLock::new();
    let catalog = CATALOG.get_or_init(|| advisor::Catalog::builtin().expect("built-in catalog"));
    if let Ok(s) = std::str::from_utf8(data) {
        match advisor::plan::parse("fuzz.toml", s, catalog) {
            Ok(_) => {}
            Err(advisor::Error::Invalid { diagnostics, .. }) => assert!(!diagnostics.is_empty()),
            Err(e) => panic!("unexpected error kind: {e}"),
        }
    }
});
