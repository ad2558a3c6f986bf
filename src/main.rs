//! The quotelens binary: the yew web app on wasm32, the command-line tool everywhere else.

#[cfg(target_arch = "wasm32")]
fn main() {
    quotelens::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = quotelens::cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
