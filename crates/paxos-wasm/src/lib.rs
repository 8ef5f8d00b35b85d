//! The wasm boundary, thin like biome_wasm: each call deserializes a worker-protocol
//! request, hands it to [`paxos_session::Session`], and serializes the response.
//! Errors become JS `Error`s in one place ([`js_error`]). No protocol or simulation logic
//! lives here.
//!
//! Requests and responses cross as JSON text (the worker calls `JSON.stringify` and
//! `JSON.parse`), read and written by the simulator's own JSON code (`paxos_sim::json`),
//! the same text serde_json gives. With serde-wasm-bindgen every request and response type
//! was compiled a second time for it: 18 KB more gzipped wasm on every first load.

use paxos_session::{Request, PROTOCOL_VERSION};
use wasm_bindgen::prelude::*;

// The allocator: talc, measured against the others on this module (first wasm gzipped;
// wasm memory after 1,000,000 events of a 7-node livelock on the timeline
// (scripts/bench-history-wasm.mjs); after a search of 691,218 states
// (scripts/bench-check-wasm.mjs examples/bench/three-proposers.json), and its time):
//
//   talc 5          59.8 KB   42 MiB   104 MiB   2.01 s
//   size classes    59.3 KB   48 MiB   163 MiB   1.97 s   (free blocks never merged)
//   dlmalloc (std)  62.7 KB   37 MiB   103 MiB   2.23 s
//   lol_alloc 0.4   59.3 KB   49 MiB   149 MiB  10.60 s
//
// talc holds a search in the memory dlmalloc does, for 0.5 KB more than a hand-written
// allocator of power-of-two blocks and 2.9 KB less than dlmalloc.
#[cfg(all(target_arch = "wasm32", not(feature = "multi-check")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// The Multi-Paxos checker's build counts the bytes it has allocated and not freed, for the
// search's memory budget (talc's own counters are not reachable through its wasm cell).
#[cfg(all(target_arch = "wasm32", feature = "multi-check"))]
#[global_allocator]
static TALC: counted::Counted = counted::Counted(talc::wasm::new_wasm_dynamic_allocator());

#[cfg(all(target_arch = "wasm32", feature = "multi-check"))]
mod counted {
    use std::alloc::{GlobalAlloc, Layout};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    /// An allocator that keeps count of the bytes it has handed out and not had back.
    pub struct Counted(pub talc::wasm::WasmDynamicTalc);

    static HELD: AtomicUsize = AtomicUsize::new(0);

    /// The bytes allocated and not freed.
    pub fn held() -> u64 {
        HELD.load(Relaxed) as u64
    }

    unsafe impl GlobalAlloc for Counted {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { self.0.alloc(layout) };
            if !p.is_null() {
                HELD.fetch_add(layout.size(), Relaxed);
            }
            p
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            HELD.fetch_sub(layout.size(), Relaxed);
            unsafe { self.0.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { self.0.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                HELD.fetch_add(new_size, Relaxed);
                HELD.fetch_sub(layout.size(), Relaxed);
            }
            p
        }
    }
}

/// The simulator as the Web Worker holds it.
#[wasm_bindgen]
pub struct Playground {
    #[cfg(not(feature = "node"))]
    session: paxos_session::Session,
    #[cfg(feature = "node")]
    session: paxos_session::node::NodeSession,
}

/// A student's node: the worker's global `paxosNode(request) -> reply`, both JSON lines,
/// which calls the student's `handle` (www/src/classroom/node-worker.ts). What it throws is the
/// node's fault, with its message.
#[cfg(feature = "node")]
mod student {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = paxosNode, catch)]
        fn paxos_node(request: &str) -> Result<String, JsValue>;
    }

    pub struct Student;

    impl paxos_sim::external::Program for Student {
        fn ask(&mut self, request: &str) -> Result<String, String> {
            paxos_node(request).map_err(|e| match e.dyn_ref::<js_sys::Error>() {
                Some(error) => String::from(error.message()),
                None => {
                    e.as_string().unwrap_or_else(|| "your node threw something that is not an Error".into())
                }
            })
        }
    }
}

#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        // A panic's message in the console, for the laboratory's builds and those after it
        // (1.2 KB of the first wasm; its panics are the rarest, and the page recovers from
        // any: docs/worker-protocol.md, "A worker that fails").
        #[cfg(feature = "lab")]
        console_error_panic_hook::set_once();
        #[cfg(feature = "node")]
        let session =
            paxos_session::node::NodeSession::new(paxos_sim::external::Runner::new(student::Student));
        #[cfg(not(feature = "node"))]
        #[allow(unused_mut)]
        let mut session = paxos_session::Session::new();
        #[cfg(all(target_arch = "wasm32", feature = "multi-check"))]
        session.set_memory_meter(counted::held);
        Playground { session }
    }

    /// The worker-protocol version this build speaks.
    #[wasm_bindgen(js_name = protocolVersion)]
    pub fn protocol_version() -> u32 {
        PROTOCOL_VERSION
    }

    /// Handles one request (a `Request` of www/src/core/protocol.ts, as JSON text) and returns its
    /// response (JSON text).
    pub fn handle(&mut self, request: &str) -> Result<String, JsError> {
        let request = Request::from_json(request).map_err(js_error)?;
        // The Multi-Paxos view's build answers the view alone: the Basic session is left out.
        #[cfg(feature = "multi")]
        let response = self.session.handle_multi_view(request).map_err(js_error)?;
        #[cfg(not(feature = "multi"))]
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
