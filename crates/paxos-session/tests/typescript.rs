//! The TypeScript types of the worker protocol, generated from the Rust types (ts-rs reads
//! their serde attributes, or for the requests, which are read by hand, attributes of its
//! own): www/src/core/wire.gen.ts holds every type the page's requests and responses use, and
//! must be what this writes. `UPDATE_TS=1 cargo test -p paxos-session --features ts --test
//! typescript` writes it again; `npm test` runs this and `tsc` over the page.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::path::Path;

use paxos_session::{Request, Response};
use ts_rs::{Config, TypeVisitor, TS};

/// Every exported type reachable from the roots, each declared once, by name.
struct Declarations<'a> {
    cfg: &'a Config,
    seen: Vec<TypeId>,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Declarations<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() || self.seen.contains(&TypeId::of::<T>()) {
            return;
        }
        self.seen.push(TypeId::of::<T>());
        // A generic type is declared once, with its parameters (TraceLine<M, V>).
        self.decls.entry(T::ident(self.cfg)).or_insert_with(|| T::decl(self.cfg));
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

fn generated() -> String {
    // Every number on the wire is a JSON number (u64 values stay below 2^53).
    let cfg = Config::new().with_large_int("number");
    let mut d = Declarations { cfg: &cfg, seen: Vec::new(), decls: BTreeMap::new() };
    d.visit::<Request>();
    d.visit::<Response>();
    d.visit::<paxos_session::multi::MultiAction>();
    // Flattened into requests, actions and moves; the page names it too.
    d.visit::<paxos_sim::multi::WireOp>();
    // Flattened into trace lines; the page's public API names it (www/src/embed/index.ts).
    d.visit::<paxos_sim::trace::TraceEvent>();
    let mut out = String::from(
        "// Generated from the Rust types by crates/paxos-session/tests/typescript.rs (ts-rs).\n\
         // Do not edit: change the Rust type, then UPDATE_TS=1 cargo test -p paxos-session\n\
         // --features ts --test typescript. www/src/core/protocol.ts names them for the page.\n\n",
    );
    for decl in d.decls.values() {
        out += "export ";
        out += decl.trim();
        out += "\n\n";
    }
    out.truncate(out.trim_end().len());
    out + "\n"
}

#[test]
fn the_typescript_types_are_generated_from_the_rust_types() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/src/core/wire.gen.ts");
    let text = generated();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&file, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == text,
        "www/src/core/wire.gen.ts is not what the Rust types give: UPDATE_TS=1 cargo test -p paxos-session --features ts --test typescript"
    );
}
