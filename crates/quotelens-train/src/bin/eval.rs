//! Accuracy evaluation against the corpora in ../shared/data (native only).
//!
//! ```text
//! cargo run --release --bin eval -- polnear ../shared/data/polnear/dev
//! cargo run --release --bin eval -- conll ../shared/data/conll2003/eng.testa
//! cargo run --release --bin eval -- ontonotes ../shared/data/ontonotes5/onto.dev.bio
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(quotelens_train::eval::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}
