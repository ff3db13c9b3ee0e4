use std::{env, fs, path::Path};

fn main() {
    let input = env::var("ZC_GEN_INPUT").unwrap_or_else(|_| "plain".to_string());
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("generated.rs"),
        format!("pub const GENERATED: &str = \"generated from {}\";\n", input)).unwrap();
    println!("cargo:rustc-cfg=has_gen");
    println!("cargo:rustc-check-cfg=cfg(has_gen)");
    println!("cargo:rustc-env=ZC_GEN_VALUE={}", input.len());
    println!("cargo:rerun-if-env-changed=ZC_GEN_INPUT");
    println!("cargo:rerun-if-changed=build.rs");
}
