//! The README's error table lists every stable code with its status.

use hojokin::http::problem::ErrorCode;

#[test]
fn the_readme_error_table_lists_every_code_with_its_status() {
    let readme = include_str!("../../README.md");
    for code in ErrorCode::ALL {
        let row = format!("| {} | `{}` |", code.status().as_u16(), code.as_str());
        assert!(readme.contains(&row), "README error table lacks {row}");
    }
}
