//! Cluster configuration shared by every node: size, quorum, timeouts, backoff.

/// The largest cluster: S1..S999.
pub const MAX_NODES: u16 = 999;

/// What a proposer does between a failed attempt (nack or timeout) and the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backoff {
    /// Randomized exponential backoff: after the k-th consecutive failure the next attempt
    /// starts at a moment drawn by the driver uniformly in `[0, min(timeout/2 · 2^(k-1),
    /// 8 · timeout)]` ms from now. Breaks duels between proposers.
    Random,
    /// Retry at once. Two proposers can then preempt each other forever (livelock).
    None,
}

/// Deliberate bugs, for the classroom: each makes the protocol really behave that way, so a
/// student can watch two values get chosen. All off (correct Paxos) by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Flaws {
    /// 1. The proposer ignores the votes reported in promises and proposes its own value.
    pub ignore_promised_values: bool,
    /// 2. An acceptor forgets its promise and its vote when it restarts.
    pub acceptor_amnesia: bool,
    /// 3. An acceptor accepts without checking its promise.
    pub accept_without_promise_check: bool,
    /// 4. A ballot is its round number alone: acceptors compare rounds, not (round, node),
    ///    so two proposers can both win "ballot 1".
    pub round_only_ballots: bool,
    /// 6. The learner (in the proposer) learns from the first accepted it hears.
    pub learn_from_first_accepted: bool,
    /// 7. An accept does not raise the acceptor's promise, so a late accept for a lower
    ///    ballot is still taken.
    pub accept_keeps_promise: bool,
}

impl Flaws {
    /// Every flaw by its name in scenario files, with a line for people.
    pub const ALL: [(&'static str, &'static str); 6] = [
        ("ignore-promised-values", "the proposer ignores the accepted values reported in promises"),
        ("acceptor-amnesia", "an acceptor forgets its promise and accepted value on restart"),
        ("accept-without-promise-check", "the acceptor accepts without checking its promise"),
        ("round-only-ballots", "a ballot is a round number alone, not unique per proposer"),
        ("learn-from-first-accepted", "a learner learns from the first accepted it hears"),
        ("accept-keeps-promise", "an accept does not raise the acceptor's promise"),
    ];

    /// Turns on the flaw named `name`; false if there is none by that name.
    pub fn set(&mut self, name: &str) -> bool {
        let flag = match name {
            "ignore-promised-values" => &mut self.ignore_promised_values,
            "acceptor-amnesia" => &mut self.acceptor_amnesia,
            "accept-without-promise-check" => &mut self.accept_without_promise_check,
            "round-only-ballots" => &mut self.round_only_ballots,
            "learn-from-first-accepted" => &mut self.learn_from_first_accepted,
            "accept-keeps-promise" => &mut self.accept_keeps_promise,
            _ => return false,
        };
        *flag = true;
        true
    }

    /// The names of the flaws turned on.
    pub fn names(&self) -> Vec<&'static str> {
        let on = [
            self.ignore_promised_values,
            self.acceptor_amnesia,
            self.accept_without_promise_check,
            self.round_only_ballots,
            self.learn_from_first_accepted,
            self.accept_keeps_promise,
        ];
        Flaws::ALL.iter().zip(on).filter(|(_, on)| *on).map(|((name, _), _)| *name).collect()
    }

    pub fn any(&self) -> bool {
        *self != Flaws::default()
    }
}

/// Settings every node of a cluster agrees on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Config {
    /// Number of nodes, 1 to [`MAX_NODES`]. Every node is proposer, acceptor and learner.
    pub nodes: u16,
    /// Promises a proposer needs (phase 1), and accepteds too unless the cluster runs
    /// Flexible Paxos; a majority (`nodes / 2 + 1`) by default.
    pub quorum: u16,
    /// Accepteds a proposer needs (phase 2): `quorum`, unless the cluster runs Flexible Paxos.
    pub accept_quorum: u16,
    /// Flexible Paxos (Howard, Malkhi, Spiegelman, 2016): phase 1 and phase 2 have quorums
    /// of their own, and a value is chosen when `accept_quorum` acceptors voted for it in
    /// one ballot. It is safe when every phase 1 quorum meets every phase 2 quorum:
    /// `quorum + accept_quorum > nodes`. Off, a value is chosen by a majority, whatever
    /// quorum the proposers use.
    pub flexible: bool,
    /// How long a proposer waits in phase 1 or phase 2 before it gives up on the attempt (ms).
    pub timeout: u64,
    pub backoff: Backoff,
    /// Deliberate bugs; none in correct Paxos.
    pub flaws: Flaws,
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
        Ok(Config {
            nodes,
            quorum: Config::majority(nodes),
            accept_quorum: Config::majority(nodes),
            flexible: false,
            timeout: 400,
            backoff: Backoff::Random,
            flaws: Flaws::default(),
        })
    }

    /// The smallest number of nodes that any two such sets share a member: `n / 2 + 1`.
    pub fn majority(nodes: u16) -> u16 {
        nodes / 2 + 1
    }

    /// The cluster with Flexible Paxos's quorums: `prepare` promises in phase 1, `accept`
    /// accepteds in phase 2.
    pub fn flexible(self, prepare: u16, accept: u16) -> Config {
        Config { quorum: prepare, accept_quorum: accept, flexible: true, ..self }
    }

    /// How many acceptors voting for a value in one ballot make it chosen: the phase 2
    /// quorum under Flexible Paxos, a majority otherwise.
    pub fn chosen_at(&self) -> u16 {
        if self.flexible {
            self.accept_quorum
        } else {
            Config::majority(self.nodes)
        }
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.nodes == 0 || self.nodes > MAX_NODES {
            return Err(ConfigError::Nodes(self.nodes.into()));
        }
        for q in [self.quorum, self.accept_quorum] {
            if q == 0 || q > self.nodes {
                return Err(ConfigError::Quorum { quorum: q.into(), nodes: self.nodes });
            }
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
