// Browser and bundler entry of the quotelens npm package: the wasm-bindgen `--target web`
// build. Its module is fetched and compiled here, before the import resolves (top-level await),
// so `analyze` is ready on import as in Node. The .wasm is the one the Node build loads too.
import init, { analyze, contractVersion } from "./pkg/web/quotelens.js";

await init({ module_or_path: new URL("./pkg/node/quotelens_bg.wasm", import.meta.url) });

export { analyze, contractVersion };
