//! Asking a node's program: answers remembered, purity checked, the first fault kept.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use super::wire::{self, Reply};
use crate::rng::SimRng;

/// What answers requests of the node protocol: a process, a JavaScript function.
pub trait Program: Send {
    /// The reply line to one request line, or why there is none ("no reply within 2 s",
    /// "the process exited with status 1").
    fn ask(&mut self, request: &str) -> Result<String, String>;
}

/// A node that broke the protocol, and the request that showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeFault {
    pub problem: String,
    /// The request line it was answering.
    pub request: String,
    /// What it replied, if it replied.
    pub reply: Option<String>,
    /// What it replied the first time it was asked, when asked again gave another reply.
    pub earlier: Option<String>,
}

impl fmt::Display for NodeFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  request: {}", self.problem, self.request)?;
        if let Some(earlier) = &self.earlier {
            write!(f, "\n  first reply:  {earlier}")?;
        }
        if let Some(reply) = &self.reply {
            let label = if self.earlier.is_some() { "second reply: " } else { "reply:   " };
            write!(f, "\n  {label}{reply}")?;
        }
        Ok(())
    }
}

/// The most requests one run may make (see [`Runner::begin_run`]): a node whose timer or
/// messages never let the run end is stopped with a fault instead of running forever.
pub const MAX_ASKS_PER_RUN: u64 = 200_000;
/// The bytes of answers remembered (requests and replies, about); past this, the memory
/// starts again.
const MEMO_BYTES: usize = 512 << 20;
/// The most messages the nodes of one run may send (see [`Runner::begin_run`]).
pub const MAX_SENDS_PER_RUN: u64 = 1_000_000;
/// One request in this many is followed by an earlier request asked again.
const RECHECK_ONE_IN: u64 = 8;
/// Earlier requests kept to ask again.
const PAST: usize = 256;

/// The program of every node of a cluster, shared by them (and by copies of a world).
#[derive(Clone)]
pub struct Runner(Arc<Mutex<Asking>>);

struct Asking {
    program: Option<Box<dyn Program>>,
    /// A pure node's answer to a request never changes: a checker asks the same requests
    /// again and again.
    memo: HashMap<String, Reply>,
    memo_bytes: usize,
    /// Messages sent in this run.
    sent: u64,
    /// Earlier requests, the canonical text of their replies, and their cluster's names.
    past: Vec<(String, String, Arc<[String]>)>,
    rng: SimRng,
    fault: Option<NodeFault>,
    asked: u64,
    in_run: u64,
    /// The most requests of this run (none for a search: its states, its memory and the
    /// messages a node may send itself in one move bound it).
    limit: u64,
    hits: u64,
    rechecked: u64,
}

impl fmt::Debug for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Runner")
    }
}

/// How much a runner asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Asked {
    /// Requests the nodes made.
    pub requests: u64,
    /// Those the program answered (the rest were remembered answers).
    pub answered: u64,
    /// Earlier requests asked again to check that the node is pure.
    pub rechecked: u64,
}

impl Runner {
    pub fn new(program: impl Program + 'static) -> Runner {
        Runner::with(Some(Box::new(program)))
    }

    /// A runner with no program: every request is a fault.
    pub fn none() -> Runner {
        Runner::with(None)
    }

    fn with(program: Option<Box<dyn Program>>) -> Runner {
        Runner(Arc::new(Mutex::new(Asking {
            program,
            memo: HashMap::new(),
            memo_bytes: 0,
            sent: 0,
            past: Vec::new(),
            rng: SimRng::new(0x7075_7265),
            fault: None,
            asked: 0,
            in_run: 0,
            limit: MAX_ASKS_PER_RUN,
            hits: 0,
            rechecked: 0,
        })))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Asking> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The first fault, if a node broke the protocol.
    pub fn fault(&self) -> Option<NodeFault> {
        self.lock().fault.clone()
    }

    /// The fault, forgotten: the next request is asked again (a page that reported it goes on).
    pub fn take_fault(&self) -> Option<NodeFault> {
        self.lock().fault.take()
    }

    /// A new run begins: its requests are counted from 0 against [`MAX_ASKS_PER_RUN`].
    pub fn begin_run(&self) {
        let mut a = self.lock();
        (a.in_run, a.limit, a.sent) = (0, MAX_ASKS_PER_RUN, 0);
    }

    /// A model checker's search begins: its requests are bounded by its states, not counted.
    pub fn begin_search(&self) {
        let mut a = self.lock();
        (a.in_run, a.limit, a.sent) = (0, u64::MAX, 0);
    }

    pub fn asked(&self) -> Asked {
        let a = self.lock();
        Asked { requests: a.asked, answered: a.asked - a.hits, rechecked: a.rechecked }
    }

    /// The checked reply to `request` from a node of the cluster `names`, or `None` once a
    /// node broke the protocol (this one or an earlier one).
    pub(super) fn ask(&self, request: String, names: &Arc<[String]>) -> Option<Reply> {
        let a = &mut *self.lock();
        if a.fault.is_some() {
            return None;
        }
        a.asked += 1;
        a.in_run += 1;
        if a.in_run > a.limit {
            a.fail(
                format!(
                    "the run asked the nodes {MAX_ASKS_PER_RUN} times without ending: does a timer or a message to itself wake a node forever?"
                ),
                request,
                None,
            );
            return None;
        }
        let reply = match a.memo.get(&request).cloned() {
            Some(reply) => {
                a.hits += 1;
                reply
            }
            None => a.fresh(request, names)?,
        };
        a.sent += reply.send.len() as u64;
        if a.limit != u64::MAX && a.sent > MAX_SENDS_PER_RUN {
            let problem = format!(
                "the nodes sent {MAX_SENDS_PER_RUN} messages in one run without it ending: does a node answer every message with many?"
            );
            let request = a.past.last().map_or_else(String::new, |p| p.0.clone());
            a.fail(problem, request, None);
            return None;
        }
        Some(reply)
    }
}

impl Asking {
    /// The program's answer to a request not asked before, remembered, and now and then an
    /// earlier request asked again.
    fn fresh(&mut self, request: String, names: &Arc<[String]>) -> Option<Reply> {
        let a = self;
        let reply = a.answer(&request, names)?;
        if a.rng.below(RECHECK_ONE_IN) == 0 && !a.past.is_empty() {
            a.recheck()?;
        }
        let bytes = request.len() + 2 * reply.canonical.len() + 128;
        if a.memo_bytes + bytes > MEMO_BYTES {
            a.memo.clear();
            a.memo_bytes = 0;
        }
        a.memo_bytes += bytes;
        if a.past.len() < PAST {
            a.past.push((request.clone(), reply.canonical.clone(), names.clone()));
        } else {
            let k = a.rng.below(PAST as u64) as usize;
            a.past[k] = (request.clone(), reply.canonical.clone(), names.clone());
        }
        a.memo.insert(request, reply.clone());
        Some(reply)
    }

    fn fail(&mut self, problem: String, request: String, reply: Option<String>) {
        self.fault.get_or_insert(NodeFault { problem, request, reply, earlier: None });
    }

    /// The program's checked reply.
    fn answer(&mut self, request: &str, names: &[String]) -> Option<Reply> {
        let Some(program) = self.program.as_mut() else {
            self.fail("no program answers for these nodes".into(), request.into(), None);
            return None;
        };
        let line = match program.ask(request) {
            Ok(line) => line,
            Err(problem) => {
                self.fail(problem, request.into(), None);
                return None;
            }
        };
        match wire::read_reply(&line, names) {
            Ok(reply) => Some(reply),
            Err(problem) => {
                self.fail(
                    format!("the reply is not in the node protocol: {problem}"),
                    request.into(),
                    Some(line),
                );
                None
            }
        }
    }

    /// Asks an earlier request again: a pure node answers as it did.
    fn recheck(&mut self) -> Option<()> {
        let k = self.rng.below(self.past.len() as u64) as usize;
        let (request, before, names) = self.past[k].clone();
        self.rechecked += 1;
        let again = self.answer(&request, &names)?;
        if again.canonical != before {
            self.fail(
                "the node is not a pure function of its state and input: asked an earlier request again, it replied differently. Keep everything it remembers in state.disk and state.memory, nothing in variables outside the function".into(),
                request,
                Some(again.canonical),
            );
            if let Some(f) = &mut self.fault {
                f.earlier = Some(before);
            }
            return None;
        }
        Some(())
    }
}
