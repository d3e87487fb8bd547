//! Rebuilds when the embedded checker files change (include_dir does not tell cargo on stable).
fn main() {
    println!("cargo:rerun-if-changed=web/dist");
    println!("cargo:rerun-if-changed=catalog");
    println!("cargo:rerun-if-changed=build.rs");
}
