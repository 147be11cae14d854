//! Lists every `.toml` file of `patterns/` for `include_str!`, so the built-in pack is embedded
//! at compile time and a new pack file cannot be forgotten.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=patterns");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("patterns");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("patterns/ must exist")
        .map(|entry| entry.expect("readable patterns/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut list = String::from("&[\n");
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        list += &format!(
            "    (\"patterns/{name}\", include_str!({:?})),\n",
            file.display().to_string()
        );
    }
    list += "]\n";
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_pack.rs");
    std::fs::write(out, list).expect("write builtin_pack.rs");
}
