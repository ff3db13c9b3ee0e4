#[no_mangle]
pub extern "C" fn zc_answer() -> u32 {
    zc_core::answer()
}
