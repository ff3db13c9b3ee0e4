zc_macros::make_answer!(42);

/// Warns on every compile: a hit must show it too.
pub fn describe() -> String {
    let unused = 1;
    format!("{} {} {} {:?} {}", zc_gen::GENERATED, zc_gen::VALUE_LEN, zc_gen::PACKAGE, zc_gen::optional(),
        answer() + zc_gen::base())
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers() {
        assert_eq!(super::answer(), 42);
    }
}
