//! The world's side of a node: an input handed to it, its effects carried out in order,
//! its timer armed with drawn jitter, a crash and a restart from its disk.

use paxos::{Effect, NodeId, Protocol, Time};

use super::{ActionError, Pending, Rules, World};
use crate::trace::TraceEvent;

impl<R: Rules> World<R> {
    /// Runs `input` on node `id` at the current time, then carries out its effects.
    /// The caller checked that the node is up and wrote the input's line.
    pub(crate) fn input(&mut self, id: NodeId, input: impl FnOnce(&mut R::P, Time)) {
        let now = self.now;
        input(&mut self.hosts[id.index()].node, now);
        self.after_input(id);
    }

    /// A client hands node `id` a request now (written by the rules).
    pub(crate) fn request(&mut self, id: NodeId, request: <R::P as Protocol>::Request) {
        self.input(id, |node, now| node.request(now, request));
    }

    /// Carries out everything node `id` asked for, lets the rules check it, re-arms its
    /// timer.
    pub(crate) fn after_input(&mut self, id: NodeId) {
        while let Some(effect) = self.hosts[id.index()].node.poll_output() {
            match effect {
                Effect::Send { to, msg } => self.send(id, to, msg),
                Effect::Persist(write) => {
                    R::persist(self, id, &write);
                    R::P::write(&mut self.hosts[id.index()].disk, write);
                }
                Effect::Event(event) => R::event(self, id, event),
            }
        }
        R::settled(self, id);
        self.arm_timer(id);
    }

    /// The node's timer fired.
    pub(crate) fn wake(&mut self, id: NodeId) {
        let host = &mut self.hosts[id.index()];
        host.timer = None;
        if !host.up {
            return;
        }
        if R::timeout_written(&host.node) {
            self.record(TraceEvent::Timeout { node: self.name(id) });
        }
        self.input(id, |node, now| node.timeout(now));
    }

    /// Fires node `id`'s timer now, as if its moment had come (the clock moves to it).
    pub(crate) fn fire(&mut self, id: NodeId) -> Result<(), ActionError> {
        let host = &self.hosts[id.index()];
        if !host.up {
            return Err(ActionError::AlreadyDown(self.name(id)));
        }
        let Some((timer, key)) = host.timer else {
            return Err(ActionError::NoTimer(self.name(id)));
        };
        self.queue.remove(&key);
        self.now = self.now.max(timer.at);
        self.wake(id);
        Ok(())
    }

    fn arm_timer(&mut self, id: NodeId) {
        let host = &self.hosts[id.index()];
        let wanted = if host.up { host.node.poll_timeout() } else { None };
        if wanted == host.timer.map(|(t, _)| t) {
            return;
        }
        if let Some((_, key)) = self.hosts[id.index()].timer.take() {
            self.queue.remove(&key);
        }
        if let Some(t) = wanted {
            // The node asked for a moment in [at, at + jitter]: the world draws it.
            let jitter = if t.jitter > 0 { self.rng.between(0, t.jitter) } else { 0 };
            let at = t.at.plus(jitter).max(self.now);
            let key = self.queue.schedule(at, Pending::Wake(id));
            self.hosts[id.index()].timer = Some((t, key));
        }
    }

    /// Node `id` stops: its timer with it. Its disk stays; the rules hear of it last.
    pub(crate) fn stop_node(&mut self, id: NodeId) -> Result<(), ActionError> {
        if !self.hosts[id.index()].up {
            return Err(ActionError::AlreadyDown(self.name(id)));
        }
        self.record(TraceEvent::Crash { node: self.name(id) });
        let host = &mut self.hosts[id.index()];
        host.up = false;
        if let Some((_, key)) = host.timer.take() {
            self.queue.remove(&key);
        }
        R::crashed(self, id);
        Ok(())
    }

    /// Node `id` starts again with only what it persisted.
    pub(crate) fn start_node(&mut self, id: NodeId) -> Result<(), ActionError> {
        if self.hosts[id.index()].up {
            return Err(ActionError::AlreadyUp(self.name(id)));
        }
        self.record(TraceEvent::Restart { node: self.name(id) });
        let now = self.now;
        let host = &mut self.hosts[id.index()];
        host.node = R::P::restart(id, &self.config, &host.disk, now);
        host.up = true;
        R::restarted(self, id);
        self.after_input(id);
        Ok(())
    }
}
