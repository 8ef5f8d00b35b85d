//! The wasm boundary, thin like biome_wasm: each call deserializes a worker-protocol
//! request, hands it to [`paxos_sim::session::Session`], and serializes the response.
//! Errors become JS `Error`s in one place ([`js_error`]). No protocol or simulation logic
//! lives here.
//!
//! Requests and responses cross as JSON text (the worker calls `JSON.stringify` and
//! `JSON.parse`), read and written by the simulator's own JSON code (`paxos_sim::json`),
//! the same text serde_json gives. With serde-wasm-bindgen every request and response type
//! was compiled a second time for it: 18 KB more gzipped wasm on every first load.

use paxos_sim::session::{Request, Session, PROTOCOL_VERSION};
use wasm_bindgen::prelude::*;

mod alloc;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static BLOCKS: alloc::Blocks = alloc::Blocks::new();

/// The simulator as the Web Worker holds it.
#[wasm_bindgen]
pub struct Playground {
    session: Session,
}

#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        console_error_panic_hook::set_once();
        Playground { session: Session::new() }
    }

    /// The worker-protocol version this build speaks.
    #[wasm_bindgen(js_name = protocolVersion)]
    pub fn protocol_version() -> u32 {
        PROTOCOL_VERSION
    }

    /// Handles one request (a `Request` of www/src/protocol.ts, as JSON text) and returns its
    /// response (JSON text).
    pub fn handle(&mut self, request: &str) -> Result<String, JsError> {
        let request = Request::from_json(request).map_err(js_error)?;
        let response = self.session.handle(request).map_err(js_error)?;
        Ok(paxos_sim::json::write::to_string(&response))
    }
}

impl Default for Playground {
    fn default() -> Self {
        Playground::new()
    }
}

/// The one place where Rust errors become JS errors, with the same message as the CLI.
fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}
