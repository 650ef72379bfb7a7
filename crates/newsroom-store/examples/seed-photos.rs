//! Fills a data folder with a large photo library for the window bench:
//! `cargo run --release -p newsroom-store --example seed-photos -- DATA_DIR [COUNT]`.

use newsroom_store::Store;

#[path = "../benches/support/library.rs"]
mod library;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: seed-photos DATA_DIR [COUNT]");
    let count = args
        .next()
        .map_or(10_000, |n| n.parse().expect("COUNT is a number"));
    let mut store = Store::open(std::path::Path::new(&dir)).expect("open the data folder");
    library::seed_library(&mut store, count);
    println!("{count} photos in {dir}");
}
