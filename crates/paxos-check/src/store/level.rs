//! A level of the frontier waits in parts, each the packed states one batch's worker found,
//! one after another and compressed with LZ4: states of one level share most of their
//! bytes (the same nodes in a handful of packed forms), so a part shrinks several times
//! over. A worker unpacks the parts of its run as it expands them. A part knows nothing of
//! how its states are packed: its reader says where each ends.

use lz4_flex::block::{compress_into, decompress_into, get_maximum_output_size};

/// Packed states, one after another, compressed; natively, the bytes may wait in a file
/// instead ([`Part::spill`]), and once expanded they are let go ([`Part::release`]).
#[derive(Default)]
pub(crate) struct Part {
    /// How many states.
    count: usize,
    /// Their bytes before compression.
    raw: usize,
    bytes: Vec<u8>,
    /// Where the compressed bytes wait in the spill file, and how many.
    #[cfg(not(target_arch = "wasm32"))]
    spilled: Option<(u64, usize)>,
}

impl Part {
    /// `states` (packed states one after another, `count` of them), compressed.
    pub(crate) fn new(states: &[u8], count: usize) -> Part {
        let mut bytes = vec![0; get_maximum_output_size(states.len())];
        let len = compress_into(states, &mut bytes).expect("the output holds the most LZ4 can give");
        bytes.truncate(len);
        bytes.shrink_to_fit();
        Part {
            count,
            raw: states.len(),
            bytes,
            #[cfg(not(target_arch = "wasm32"))]
            spilled: None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Bytes held in memory.
    pub(crate) fn memory(&self) -> u64 {
        self.bytes.capacity() as u64
    }

    /// The part has been expanded: its bytes are not needed any more.
    pub(crate) fn release(&mut self) {
        self.bytes = Vec::new();
    }

    /// Moves the bytes to `file` (once: a part loaded back keeps its place there); they stay
    /// in memory if the file cannot take them.
    #[cfg(not(target_arch = "wasm32"))]
    fn spill(&mut self, file: &mut Spill) {
        if self.bytes.is_empty() {
            return;
        }
        if self.spilled.is_none() {
            match file.append(&self.bytes) {
                Ok(at) => self.spilled = Some((at, self.bytes.len())),
                Err(_) => return,
            }
        }
        self.bytes = Vec::new();
    }

    /// Brings spilled bytes back from `file`, if they are not in memory.
    #[cfg(not(target_arch = "wasm32"))]
    fn load(&mut self, file: &mut Spill) {
        if let (Some((at, len)), true) = (self.spilled, self.bytes.is_empty()) {
            self.bytes = file.read(at, len).expect("the spill file gives back what was written to it");
        }
    }
}

/// A file of spilled parts, natively: created in the temporary directory, removed at once
/// (it lives as long as it is open), written at its end, read anywhere.
#[cfg(not(target_arch = "wasm32"))]
struct Spill {
    file: std::fs::File,
    end: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl Spill {
    fn new() -> std::io::Result<Spill> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name =
            format!("paxos-check-{}-{}.spill", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        // Where a file cannot be removed while open, it is left for the system to clear.
        let _ = std::fs::remove_file(&path);
        Ok(Spill { file, end: 0 })
    }

    fn append(&mut self, bytes: &[u8]) -> std::io::Result<u64> {
        use std::io::{Seek, SeekFrom, Write};
        let at = self.end;
        self.file.seek(SeekFrom::Start(at))?;
        self.file.write_all(bytes)?;
        self.end += bytes.len() as u64;
        Ok(at)
    }

    fn read(&mut self, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let mut bytes = vec![0; len];
        self.file.seek(SeekFrom::Start(at))?;
        self.file.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// Bytes written to the file so far.
    fn len(&self) -> u64 {
        self.end
    }
}

/// Where the parts of a search wait when it holds more than half its memory budget:
/// natively a file, made when first needed (and not tried again if it cannot be made); in
/// a browser, nowhere (they stay in memory).
#[derive(Default)]
pub(crate) struct Waiting {
    #[cfg(not(target_arch = "wasm32"))]
    file: Option<Spill>,
    #[cfg(not(target_arch = "wasm32"))]
    failed: bool,
}

impl Waiting {
    /// Moves `parts` (those not yet expanded) to the file.
    pub(crate) fn spill<'a>(&mut self, parts: impl Iterator<Item = &'a mut Part>) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            if self.file.is_none() && !self.failed {
                self.file = Spill::new().ok();
                self.failed = self.file.is_none();
            }
            if let Some(file) = &mut self.file {
                parts.for_each(|part| part.spill(file));
            }
        }
        #[cfg(target_arch = "wasm32")]
        drop(parts);
    }

    /// Brings `part` back from the file, if it waits there: call before unpacking it.
    pub(crate) fn load(&mut self, part: &mut Part) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(file) = &mut self.file {
            part.load(file);
        }
        #[cfg(target_arch = "wasm32")]
        let _ = part;
    }

    /// Bytes written to the file so far (each part once).
    pub(crate) fn written(&self) -> u64 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.file.as_ref().map_or(0, Spill::len);
        #[cfg(target_arch = "wasm32")]
        0
    }
}

/// A part unpacked: its states' bytes and where each ends.
#[derive(Default)]
pub(crate) struct Unpacked {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Unpacked {
    /// Unpacks `part`; `len` reads the length of the state its bytes start with.
    pub(crate) fn fill(&mut self, part: &Part, len: impl Fn(&[u8]) -> usize) {
        self.bytes.resize(part.raw, 0);
        let raw =
            decompress_into(&part.bytes, &mut self.bytes).expect("a part decompresses as it was compressed");
        debug_assert_eq!(raw, part.raw);
        self.ends.clear();
        let mut at = 0;
        while at < self.bytes.len() {
            at += len(&self.bytes[at..]);
            self.ends.push(at);
        }
        debug_assert_eq!(self.ends.len(), part.count);
    }

    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    pub(crate) fn memory(&self) -> u64 {
        (self.bytes.capacity() + self.ends.capacity() * 8) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, Search};

    #[test]
    fn a_part_unpacks_to_the_states_it_was_made_of() {
        // Three packed states of the island: the start, the start with a byte of S1 changed,
        // the start again.
        let model = Model::island_race(paxos::Flaws::default(), 1);
        let mut search = Search::new(model.clone(), crate::model::Goal::Violation, model.initial()).unwrap();
        let start = search.start_bytes();
        let mut other = start.clone();
        other[9 + 2] ^= 1; // after the proposals, the crashes and S1's length
        let states = [start.clone(), other, start];
        let part = Part::new(&states.concat(), states.len());
        let mut unpacked = Unpacked::default();
        unpacked.fill(&part, |bytes| crate::model::packed::state_len(bytes, 3));
        for (i, s) in states.iter().enumerate() {
            assert_eq!(unpacked.get(i), &s[..], "state {i}");
        }
        assert_eq!(part.len(), 3);
    }
}
