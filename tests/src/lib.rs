//! Story tests across the crates live in `tests/*.rs`; this library is empty on purpose.
//! WebDriver tests of the real window are in `tests/e2e/` (Node, run by scripts/test.sh).
