include!(concat!(env!("OUT_DIR"), "/generated.rs"));

mod util;

pub const VALUE_LEN: &str = env!("ZC_GEN_VALUE");
pub const PACKAGE: &str = env!("CARGO_PKG_NAME");

pub fn optional() -> Option<&'static str> {
    option_env!("ZC_TEST_OPTIONAL")
}

#[cfg(has_gen)]
pub fn has_gen() -> bool {
    true
}

#[cfg(feature = "extra")]
pub fn extra() -> u32 {
    util::twice(21)
}

pub fn base() -> u32 {
    util::twice(1)
}
