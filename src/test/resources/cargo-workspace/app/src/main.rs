fn main() {
    println!("{}", zc_core::describe());
}
