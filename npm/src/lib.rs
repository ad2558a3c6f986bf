//! The WebAssembly module of the `quotelens` npm package (wasm32 only; natively this crate is
//! empty).
//!
//! One export, `analyze(text)`: the contract ([`quotelens::contract::Analysis`], the same type
//! the CLI prints) handed to JavaScript as a plain object by serde-wasm-bindgen, with `null`
//! where the JSON has `null` and plain objects (not `Map`s) for JSON objects, so the result
//! deep-equals `JSON.parse` of the CLI's output (without its "path").

#[cfg(target_arch = "wasm32")]
mod wasm {
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    /// Analyses `text` and returns the contract as a JavaScript object. Throws an `Error` for a
    /// text over the size limit (`quotelens::input::MAX_INPUT_BYTES` bytes of UTF-8).
    #[wasm_bindgen]
    pub fn analyze(text: &str) -> Result<JsValue, JsError> {
        if let Err(e @ quotelens::input::InputError::TooLarge { .. }) =
            quotelens::input::check_text(text)
        {
            return Err(JsError::new(&e.to_string()));
        }
        let analysis = quotelens::analyze(text);
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        analysis
            .serialize(&serializer)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// The version of the JSON contract the results follow.
    #[wasm_bindgen(js_name = contractVersion)]
    pub fn contract_version() -> u32 {
        quotelens::contract::CONTRACT_VERSION
    }
}
