//! A small tool that keeps the browser's build lean; not a step of the algorithm.
//!
//! The `Debug` of an error that `expect` prints brings formatting code into every wasm
//! build, and `{:?}` on a string its Unicode tables (4 KB gzipped, measured; messages quote
//! a person's text with [`paxos::Quoted`] instead). Invariants that cannot fail are
//! unwrapped with [`sure`].

/// The value of `r`, which cannot be an error (`why` says why); unlike `expect`, it does
/// not compile a `Debug` of the error into the browser's build.
pub fn sure<T, E>(r: Result<T, E>, why: &'static str) -> T {
    match r {
        Ok(t) => t,
        Err(_) => panic!("{why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "the invariant")]
    fn sure_panics_with_its_reason() {
        sure(Err::<(), _>(1), "the invariant");
    }

    #[test]
    fn sure_returns_the_value() {
        assert_eq!(sure(Ok::<_, ()>(3), "never"), 3);
    }
}
