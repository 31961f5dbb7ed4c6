#![no_main]
// A whole spec file through load, check and every renderer (boussole::fuzz::spec).
libfuzzer_sys::fuzz_target!(|data: &[u8]| boussole::fuzz::spec(data));
