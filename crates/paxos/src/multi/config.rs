//! The settings of a Multi-Paxos cluster: size, quorum, heartbeat and election timeout.

use crate::config::{Config, MAX_NODES};
use crate::types::NodeId;

/// Settings every replica of a cluster agrees on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MultiConfig {
    /// Number of replicas, 1 to [`MAX_NODES`].
    pub nodes: u16,
    /// Promises or accepteds the leader needs; a majority by default.
    pub quorum: u16,
    /// How often the leader tells followers it is alive and how far the log is chosen (ms).
    pub heartbeat: u64,
    /// A follower that has not heard from a leader for this long, plus a random wait of up to
    /// as long again, tries to become leader (ms). Also how long a candidate waits for
    /// promises before it tries again with a higher ballot.
    pub election_timeout: u64,
    /// The most chosen entries sent in answer to one catch-up request.
    pub catch_up_batch: u64,
    /// Deliberate bugs; none in correct Multi-Paxos.
    pub flaws: MultiFlaws,
}

/// Deliberate bugs of Multi-Paxos, for the classroom and the model checker: each makes the
/// replica really behave that way. All off by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MultiFlaws {
    /// A new leader fills every slot of its phase 1 with a no-op, ignoring the votes the
    /// promises report (P2c skipped): a slot chosen under an earlier leader can be chosen
    /// again with something else.
    pub ignore_promised_votes: bool,
    /// A leader answers a sync at once, without a quorum confirming that it still leads: a
    /// deposed leader answers with a log that misses writes the new leader acknowledged.
    pub sync_without_quorum: bool,
}

impl MultiFlaws {
    /// Every flaw by its name in scenario files, with a line for people.
    pub const ALL: [(&'static str, &'static str); 2] = [
        ("ignore-promised-votes", "a new leader proposes no-ops, ignoring the votes reported in promises"),
        ("sync-without-quorum", "a leader answers a sync without a quorum confirming it still leads"),
    ];

    /// Turns on the flaw named `name`; false if there is none by that name.
    pub fn set(&mut self, name: &str) -> bool {
        let flag = match name {
            "ignore-promised-votes" => &mut self.ignore_promised_votes,
            "sync-without-quorum" => &mut self.sync_without_quorum,
            _ => return false,
        };
        *flag = true;
        true
    }

    /// The names of the flaws turned on.
    pub fn names(&self) -> Vec<&'static str> {
        let on = [self.ignore_promised_votes, self.sync_without_quorum];
        MultiFlaws::ALL.iter().zip(on).filter(|(_, on)| *on).map(|((name, _), _)| *name).collect()
    }
}

/// A configuration that cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MultiConfigError {
    #[error("a cluster has 1 to {MAX_NODES} nodes, not {0}")]
    Nodes(u64),
    #[error("the quorum is 1 to {nodes} (the number of nodes), not {quorum}")]
    Quorum { quorum: u64, nodes: u16 },
    #[error("the heartbeat is 1 to 60000 ms, not {0}")]
    Heartbeat(u64),
    #[error("the election timeout must be longer than the heartbeat ({heartbeat} ms) and at most 600000 ms, not {timeout}")]
    ElectionTimeout { timeout: u64, heartbeat: u64 },
}

impl MultiConfig {
    /// `nodes` replicas, a majority quorum, a heartbeat every 100 ms and an election timeout
    /// of 400 to 800 ms.
    pub fn new(nodes: u16) -> Result<MultiConfig, MultiConfigError> {
        let config = MultiConfig {
            nodes,
            quorum: Config::majority(nodes),
            heartbeat: 100,
            election_timeout: 400,
            catch_up_batch: 64,
            flaws: MultiFlaws::default(),
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), MultiConfigError> {
        if self.nodes == 0 || self.nodes > MAX_NODES {
            return Err(MultiConfigError::Nodes(self.nodes.into()));
        }
        if self.quorum == 0 || self.quorum > self.nodes {
            return Err(MultiConfigError::Quorum { quorum: self.quorum.into(), nodes: self.nodes });
        }
        if self.heartbeat == 0 || self.heartbeat > 60_000 {
            return Err(MultiConfigError::Heartbeat(self.heartbeat));
        }
        if self.election_timeout <= self.heartbeat || self.election_timeout > 600_000 {
            return Err(MultiConfigError::ElectionTimeout {
                timeout: self.election_timeout,
                heartbeat: self.heartbeat,
            });
        }
        Ok(())
    }

    /// Every replica, S1 first.
    pub fn all(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes).map(NodeId)
    }
}
