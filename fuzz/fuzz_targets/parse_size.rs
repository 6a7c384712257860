#![no_main]
//! The value parsers never panic, and what they accept is in range.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(bytes) = advisor::units::parse_size(s) {
            assert!(bytes > 0);
        }
        let _ = advisor::units::parse_count(s);
        if let Ok(x) = advisor::units::parse_positive(s) {
            assert!(x.is_finite() && x > 0.0);
        }
        let _ = advisor::units::parse_usd(s);
    }
});
