//! The analysis web worker (wasm32 only; Trunk builds it with `data-type="worker"`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    quotelens::app::worker::AnalysisWorker::registrar()
        .encoding::<quotelens::app::worker::JsCodec>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("quotelens-worker is the web app's analysis worker; it only runs in a browser.");
    std::process::exit(2);
}
