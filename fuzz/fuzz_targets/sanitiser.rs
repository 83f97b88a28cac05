#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tertial::fuzzing::sanitiser(data));
