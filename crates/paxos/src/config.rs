//! Cluster configuration shared by every node: size, quorum, timeouts, backoff.

/// The largest cluster: S1..S999.
pub const MAX_NODES: u16 = 999;

/// What a proposer does between a failed attempt (nack or timeout) and the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backoff {
    /// Randomized exponential backoff: after the k-th consecutive failure the next attempt
    /// starts at a moment drawn by the driver uniformly in `[0, min(timeout/2 · 2^(k-1),
    /// 8 · timeout)]` ms from now. Breaks duels between proposers.
    Random,
    /// Retry at once. Two proposers can then preempt each other forever (livelock).
    None,
}

/// Settings every node of a cluster agrees on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Number of nodes, 1 to [`MAX_NODES`]. Every node is proposer, acceptor and learner.
    pub nodes: u16,
    /// Promises or accepteds a proposer needs; a majority (`nodes / 2 + 1`) by default.
    pub quorum: u16,
    /// How long a proposer waits in phase 1 or phase 2 before it gives up on the attempt (ms).
    pub timeout: u64,
    pub backoff: Backoff,
}

/// A configuration that cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("a cluster has 1 to {MAX_NODES} nodes, not {0}")]
    Nodes(u64),
    #[error("the quorum is 1 to {nodes} (the number of nodes), not {quorum}")]
    Quorum { quorum: u64, nodes: u16 },
    #[error("the proposer timeout is 1 to 3600000 ms, not {0}")]
    Timeout(u64),
}

impl Config {
    /// A cluster of `nodes` with a majority quorum, a 400 ms timeout and random backoff.
    pub fn new(nodes: u16) -> Result<Config, ConfigError> {
        if nodes == 0 || nodes > MAX_NODES {
            return Err(ConfigError::Nodes(nodes.into()));
        }
        Ok(Config { nodes, quorum: Config::majority(nodes), timeout: 400, backoff: Backoff::Random })
    }

    /// The smallest number of nodes that any two such sets share a member: `n / 2 + 1`.
    pub fn majority(nodes: u16) -> u16 {
        nodes / 2 + 1
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.nodes == 0 || self.nodes > MAX_NODES {
            return Err(ConfigError::Nodes(self.nodes.into()));
        }
        if self.quorum == 0 || self.quorum > self.nodes {
            return Err(ConfigError::Quorum { quorum: self.quorum.into(), nodes: self.nodes });
        }
        if self.timeout == 0 || self.timeout > 3_600_000 {
            return Err(ConfigError::Timeout(self.timeout));
        }
        Ok(())
    }

    /// Every node of the cluster, S1 first.
    pub fn all(&self) -> impl Iterator<Item = crate::NodeId> {
        (0..self.nodes).map(crate::NodeId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majority_quorums_intersect() {
        for n in 1..=20u16 {
            let q = Config::majority(n);
            assert!(2 * q > n, "two quorums of {q} out of {n} must share a node");
            assert!(2 * (q - 1) <= n, "{q} is the smallest such quorum for {n}");
        }
        assert_eq!(Config::majority(3), 2);
        assert_eq!(Config::majority(4), 3);
    }

    #[test]
    fn cluster_size_is_1_to_999() {
        assert_eq!(Config::new(0), Err(ConfigError::Nodes(0)));
        assert_eq!(Config::new(1000), Err(ConfigError::Nodes(1000)));
        assert!(Config::new(999).is_ok());
    }
}
