//! The browser build's memory allocator: blocks of 16 B, 32 B, 64 B, … (powers of two),
//! one free list per size, carved from memory the module grows. Allocating and freeing
//! take a few instructions; a block is reused only for its own size, so memory is at most
//! twice what is live at the peak of each size. It replaces the standard library's
//! dlmalloc, which was 7 KB of the first wasm. The browser runs one thread per worker, so
//! nothing here is shared between threads.

#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

/// The smallest block, and every block's alignment.
const MIN: usize = 16;
/// Sizes 16 B … 2 GiB.
const SIZES: usize = 28;
const PAGE: usize = 65_536;

pub struct Blocks(UnsafeCell<State>);

struct State {
    /// The first free block of each size; a free block's first word points to the next.
    free: [*mut u8; SIZES],
    /// Fresh memory not yet carved: `next..end`.
    next: usize,
    end: usize,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread per instance.
unsafe impl Sync for Blocks {}

impl Default for Blocks {
    fn default() -> Self {
        Blocks::new()
    }
}

impl Blocks {
    pub const fn new() -> Blocks {
        Blocks(UnsafeCell::new(State { free: [null_mut(); SIZES], next: 0, end: 0 }))
    }
}

/// The size class of a layout: the smallest `k` with `MIN << k` ≥ its size and alignment.
fn class(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(MIN);
    (usize::BITS - (size - 1).leading_zeros()) as usize - MIN.trailing_zeros() as usize
}

impl State {
    /// `size` bytes of fresh memory aligned to `align` (a power of two, at most 2 GiB).
    fn carve(&mut self, size: usize, align: usize) -> *mut u8 {
        let start = self.next.checked_add(align - 1).map(|n| n & !(align - 1));
        match start.and_then(|s| Some((s, s.checked_add(size)?))) {
            Some((start, stop)) if stop <= self.end => {
                self.next = stop;
                start as *mut u8
            }
            _ => {
                let pages = size.saturating_add(align).div_ceil(PAGE);
                #[cfg(target_arch = "wasm32")]
                let old = core::arch::wasm32::memory_grow(0, pages);
                #[cfg(not(target_arch = "wasm32"))] // only the browser build uses it
                let old = usize::MAX;
                let (Some(base), Some(end)) =
                    (old.checked_mul(PAGE), (old.wrapping_add(pages)).checked_mul(PAGE))
                else {
                    return null_mut(); // no more memory (4 GiB at most)
                };
                // 1. Memory grows at its end; whatever was left before it, if not
                //    contiguous (someone else grew it), is given up.
                if base != self.end {
                    self.next = base;
                }
                self.end = end;
                self.carve(size, align)
            }
        }
    }
}

unsafe impl GlobalAlloc for Blocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let k = class(&layout);
        if k >= SIZES {
            return null_mut();
        }
        // SAFETY: one thread, and no allocation happens while `state` is borrowed.
        let state = unsafe { &mut *self.0.get() };
        let block = state.free[k];
        // 2. A free block of this size is reused only when the alignment asked for is one
        //    every block has; a larger one is always carved afresh at that alignment.
        if !block.is_null() && layout.align() <= MIN {
            // SAFETY: a free block holds the address of the next one in its first word.
            state.free[k] = unsafe { *(block as *mut *mut u8) };
            return block;
        }
        state.carve(MIN << k, layout.align().max(MIN))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let k = class(&layout);
        // SAFETY: as in `alloc`; the block is at least 16 bytes, aligned to 16, and ours.
        let state = unsafe { &mut *self.0.get() };
        unsafe { *(ptr as *mut *mut u8) = state.free[k] };
        state.free[k] = ptr;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's layout rules, as for `GlobalAlloc::realloc`.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // 3. Growing within the block's own size class keeps the block.
        if class(&new) == class(&layout) {
            return ptr;
        }
        let fresh = unsafe { self.alloc(new) };
        if !fresh.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_are_powers_of_two_from_16() {
        let c = |size, align| class(&Layout::from_size_align(size, align).unwrap());
        assert_eq!(
            [c(0, 1), c(1, 1), c(16, 8), c(17, 1), c(32, 4), c(33, 16), c(4096, 1)],
            [0, 0, 0, 1, 1, 2, 8]
        );
        assert_eq!(c(8, 64), 2); // alignment counts as size
        assert_eq!(MIN << c(100_000, 1), 131_072);
    }
}
