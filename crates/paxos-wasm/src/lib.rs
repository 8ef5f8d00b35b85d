//! The wasm boundary, thin like biome_wasm: each call deserializes a worker-protocol
//! request, hands it to [`paxos_sim::session::Session`], and serializes the response.
//! Errors become JS `Error`s in one place ([`js_error`]). No protocol or simulation logic
//! lives here.

use paxos_sim::session::{Request, Session, PROTOCOL_VERSION};
use serde::Serialize;
use wasm_bindgen::prelude::*;

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

    /// Handles one request (a `Request` of www/src/protocol.ts) and returns its response.
    pub fn handle(&mut self, request: JsValue) -> Result<JsValue, JsError> {
        let request: Request = serde_wasm_bindgen::from_value(request).map_err(js_error)?;
        let response = self.session.handle(request).map_err(js_error)?;
        // Plain objects (not Maps), so the page can post them on and read them as JSON.
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        response.serialize(&serializer).map_err(js_error)
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
