// Node entry of the quotelens npm package: the wasm-bindgen `--target nodejs` build, which loads
// its .wasm synchronously, so `analyze` is ready on import.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const wasm = require("./pkg/node/quotelens.js");

/** @type {import("./index.d.ts").analyze} */
export const analyze = wasm.analyze;
/** @type {import("./index.d.ts").contractVersion} */
export const contractVersion = wasm.contractVersion;
