#![no_main]
// The expression language: parse, print, parse again (boussole::fuzz::dsl).
libfuzzer_sys::fuzz_target!(|data: &[u8]| boussole::fuzz::dsl(data));
