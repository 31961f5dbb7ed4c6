#![no_main]
// The rows an engine sends back to `eval --engine` (boussole::fuzz::engine_rows):
// no panic, every output renders.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    boussole::fuzz::engine_rows(data);
});
