#[test]
fn describes() {
    assert!(zc_core::describe().contains("generated from"));
}
