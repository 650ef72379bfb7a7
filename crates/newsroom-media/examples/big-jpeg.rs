//! Writes a 24-megapixel JPEG with credits to FILE, for the window bench:
//! `cargo run --release -p newsroom-media --example big-jpeg -- FILE`.

#[path = "../benches/support/big_jpeg.rs"]
mod big_jpeg;

fn main() {
    let path = std::env::args().nth(1).expect("usage: big-jpeg FILE");
    std::fs::write(&path, big_jpeg::twenty_four_megapixels()).expect("write the JPEG");
    println!("{path}");
}
