#[no_mangle]
pub extern "C" fn zc_cdy_answer() -> u32 {
    zc_core::answer()
}
