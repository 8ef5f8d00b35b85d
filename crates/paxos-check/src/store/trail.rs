//! How each state was first reached, for rebuilding a path: per level of the search, each
//! state's parent (its index in the level before) and which of the parent's moves (its index
//! in the list of moves its search makes of a state). Six bytes per state, written in order
//! and read only to rebuild the one path a search reports.

/// The trail of a search; level 0 holds the start.
pub(crate) struct Trail {
    levels: Vec<Level>,
}

#[derive(Default)]
struct Level {
    parents: Vec<u32>,
    moves: Vec<u16>,
}

impl Trail {
    pub(crate) fn new() -> Trail {
        Trail { levels: vec![Level { parents: vec![u32::MAX], moves: vec![0] }] }
    }

    fn level(&mut self, depth: usize) -> &mut Level {
        if self.levels.len() <= depth {
            self.levels.resize_with(depth + 1, Level::default);
        }
        &mut self.levels[depth]
    }

    /// The next states of level `depth`, in order: each one's parent and move.
    pub(crate) fn extend(&mut self, depth: usize, parents: &[u32], moves: &[u16]) {
        let level = self.level(depth);
        level.parents.extend_from_slice(parents);
        level.moves.extend_from_slice(moves);
    }

    /// Level `depth` is complete: its lists give back their spare room.
    pub(crate) fn seal(&mut self, depth: usize) {
        if let Some(level) = self.levels.get_mut(depth) {
            level.parents.shrink_to_fit();
            level.moves.shrink_to_fit();
        }
    }

    /// The moves, by index in each state's list, from the start to the state reached by
    /// move `mv` from state `parent` of level `depth`.
    pub(crate) fn moves_to(&self, depth: usize, parent: u32, mv: u16) -> Vec<u16> {
        let mut out = vec![mv];
        let mut p = parent as usize;
        for level in self.levels[1..=depth].iter().rev() {
            out.push(level.moves[p]);
            p = level.parents[p] as usize;
        }
        out.reverse();
        out
    }

    /// Bytes held, from capacities.
    pub(crate) fn memory(&self) -> u64 {
        self.levels.iter().map(|l| (l.parents.capacity() * 4 + l.moves.capacity() * 2) as u64).sum()
    }
}
