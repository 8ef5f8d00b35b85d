//! The result of a run, for people (`Display`) and programs (JSON).

use std::fmt;

use serde::Serialize;

use crate::json::write::{Obj, ToJson};
use crate::snapshot::{ChosenView, ViolationView};
use crate::Simulation;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub title: Option<String>,
    pub protocol: String,
    pub nodes: Vec<String>,
    pub quorum: u16,
    pub seed: u64,
    /// Virtual time of the last event, ms.
    pub end: u64,
    /// The scenario's `until`, ms.
    pub until: u64,
    pub chosen: Option<ChosenView>,
    pub learned: Vec<LearnedView>,
    pub messages: MessageCounts,
    /// Ballots each node started.
    pub rounds: Vec<RoundsView>,
    pub violations: Vec<ViolationView>,
    pub events: u64,
    pub steps: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LearnedView {
    pub node: String,
    pub value: String,
    pub time: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageCounts {
    pub sent: u64,
    pub delivered: u64,
    pub dropped: u64,
    pub duplicated: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoundsView {
    pub node: String,
    pub rounds: u32,
}

impl ToJson for MessageCounts {
    fn write(&self, out: &mut String) {
        Obj::new(out)
            .field("sent", &self.sent)
            .field("delivered", &self.delivered)
            .field("dropped", &self.dropped)
            .field("duplicated", &self.duplicated)
            .end();
    }
}

impl From<&crate::Stats> for MessageCounts {
    fn from(s: &crate::Stats) -> MessageCounts {
        MessageCounts { sent: s.sent, delivered: s.delivered, dropped: s.dropped, duplicated: s.duplicated }
    }
}

impl Simulation {
    pub fn summary(&self) -> Summary {
        let snap = self.snapshot();
        let stats = self.stats();
        Summary {
            title: self.plan().title.clone(),
            protocol: self.plan().protocol.as_str().into(),
            nodes: self.names().to_vec(),
            quorum: self.plan().config.quorum,
            seed: self.plan().seed,
            end: self.now().0,
            until: self.plan().until,
            chosen: snap.chosen,
            learned: snap
                .nodes
                .iter()
                .filter_map(|n| {
                    Some(LearnedView { node: n.name.clone(), value: n.learned.clone()?, time: n.learned_at? })
                })
                .collect(),
            messages: MessageCounts::from(stats),
            rounds: snap
                .nodes
                .iter()
                .filter(|n| n.proposer.rounds > 0)
                .map(|n| RoundsView { node: n.name.clone(), rounds: n.proposer.rounds })
                .collect(),
            violations: snap.violations,
            events: stats.events,
            steps: self.step_number(),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(t) = &self.title {
            writeln!(f, "{t}")?;
        }
        writeln!(
            f,
            "{} Paxos, {} nodes ({}), quorum {}, seed {}",
            self.protocol,
            self.nodes.len(),
            short_list(&self.nodes),
            self.quorum,
            self.seed
        )?;
        match &self.chosen {
            Some(c) => writeln!(
                f,
                "chosen:     {:?} at {} ms, ballot {}.{} (step {})",
                c.value, c.time, c.ballot.round, c.ballot.node, c.step
            )?,
            None => writeln!(f, "chosen:     nothing by {} ms", self.until)?,
        }
        if !self.learned.is_empty() {
            let who: Vec<String> =
                self.learned.iter().map(|l| format!("{} at {} ms", l.node, l.time)).collect();
            writeln!(f, "learned by: {} of {}: {}", self.learned.len(), self.nodes.len(), short_list(&who))?;
        }
        writeln!(f, "messages:   {}", self.messages)?;
        let rounds: Vec<String> = self.rounds.iter().map(|r| format!("{} {}", r.node, r.rounds)).collect();
        writeln!(
            f,
            "rounds:     {}",
            if rounds.is_empty() { "none".to_string() } else { short_list(&rounds) }
        )?;
        let run = RunTail { events: self.events, steps: self.steps, end: self.end, until: self.until };
        run.write(
            f,
            &self.violations,
            "agreement, validity, promise-monotonic, accepted-within-promise, learned-is-chosen",
        )
    }
}

/// The last lines of a run's summary, the same for both protocols: events, then the safety
/// verdict (the properties checked, or each violation).
pub(crate) struct RunTail {
    pub events: u64,
    pub steps: u64,
    pub end: u64,
    pub until: u64,
}

impl RunTail {
    pub fn write(
        &self,
        f: &mut fmt::Formatter<'_>,
        violations: &[ViolationView],
        properties: &str,
    ) -> fmt::Result {
        writeln!(
            f,
            "events:     {} simulated, {} trace steps, last at {} ms (until {} ms)",
            self.events, self.steps, self.end, self.until
        )?;
        if violations.is_empty() {
            return writeln!(f, "safety:     no violation ({properties})");
        }
        for v in violations {
            writeln!(
                f,
                "VIOLATION:  always(\"{}\") at step {} ({} ms): {}",
                v.property, v.step, v.time, v.detail
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for MessageCounts {
    /// `26 sent, 26 delivered, 0 dropped, 0 duplicated`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sent, {} delivered, {} dropped, {} duplicated",
            self.sent, self.delivered, self.dropped, self.duplicated
        )
    }
}

fn short_list(items: &[String]) -> String {
    if items.len() <= 12 {
        items.join(", ")
    } else {
        format!("{}, … {} more", items[..10].join(", "), items.len() - 10)
    }
}
