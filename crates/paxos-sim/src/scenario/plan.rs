//! Checking a scenario into a [`Plan`]: every field in range, names resolved, events turned
//! into actions in order of time (docs/scenario.md says what is allowed).

use super::*;

impl Scenario {
    /// Parses and checks a scenario file.
    pub fn parse(json: &str) -> Result<Plan, ScenarioError> {
        Scenario::from_json(json)?.plan()
    }

    /// Parses without checking ranges and names (see [`Scenario::plan`]).
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        crate::json::from_str(json).map_err(ScenarioError::from)
    }

    /// Checks every field and resolves node names.
    pub fn plan(&self) -> Result<Plan, ScenarioError> {
        if self.format != SCENARIO_FORMAT {
            return Err(invalid(
                "format",
                format!("must be \"{SCENARIO_FORMAT}\", not {}", crate::Quoted(&self.format)),
            ));
        }
        if self.version != SCENARIO_VERSION {
            return Err(invalid(
                "version",
                format!(
                    "this playground reads version {SCENARIO_VERSION} of the scenario format, not {}",
                    self.version
                ),
            ));
        }
        let names = self.names()?;
        // 1. A build without the Multi-Paxos view (the Basic Paxos page's wasm) does not plan
        //    a multi scenario: it could not run it, and leaves out the code that checks one.
        #[cfg(not(feature = "multi"))]
        if self.protocol == Protocol::Multi {
            return Err(crate::multi_elsewhere());
        }
        if self.seed > MAX_SEED {
            return Err(invalid("seed", format!("{} is out of range; allowed 0 to {MAX_SEED}", self.seed)));
        }
        if let Some(title) = &self.title {
            let length = title.chars().count();
            if length > MAX_TITLE {
                return Err(invalid(
                    "title",
                    format!("{length} characters is too long; allowed up to {MAX_TITLE}"),
                ));
            }
        }
        check_network(&self.network, "network")?;
        let p = self.proposer;
        if p.timeout == 0 || p.timeout > MAX_TIMEOUT {
            return Err(invalid(
                "proposer.timeout",
                format!("{} is out of range; allowed 1 to {MAX_TIMEOUT} ms", p.timeout),
            ));
        }
        if self.until > MAX_UNTIL {
            return Err(invalid(
                "until",
                format!("{} is out of range; allowed 0 to {MAX_UNTIL} ms", self.until),
            ));
        }
        let mut flaws = paxos::Flaws::default();
        let mut multi_flaws = paxos::multi::MultiFlaws::default();
        for (i, name) in self.broken.iter().enumerate() {
            let (known, set) = match self.protocol {
                Protocol::Basic => (&paxos::Flaws::ALL[..], flaws.set(name)),
                Protocol::Multi => (&paxos::multi::MultiFlaws::ALL[..], multi_flaws.set(name)),
            };
            if !set {
                // Strings, as every other list joined in the browser's build: one `join` in its wasm.
                let known: Vec<String> = known.iter().map(|(n, _)| n.to_string()).collect();
                return Err(invalid(
                    format!("broken[{i}]"),
                    format!(
                        "{} is not a broken variant; the variants are {}",
                        crate::Quoted(name),
                        known.join(", ")
                    ),
                ));
            }
        }
        let n = names.len() as u64;
        let quorum = match self.quorum {
            None => paxos::Config::majority(n as u16),
            Some(q) if (1..=n).contains(&q) => q as u16,
            Some(q) => {
                return Err(invalid(
                    "quorum",
                    format!("{q} is out of range; allowed 1 to {n} (the number of nodes)"),
                ))
            }
        };
        let (quorum, accept) = match (self.quorums, self.protocol) {
            (Some(_), _) if self.quorum.is_some() => {
                return Err(invalid("quorums", "give either quorum or quorums (Flexible Paxos), not both"))
            }
            (Some(_), Protocol::Multi) => {
                return Err(invalid("quorums", "Flexible Paxos is for Basic Paxos"))
            }
            (Some(QuorumsSpec { prepare, accept }), Protocol::Basic) => {
                for (q, field) in [(prepare, "quorums.prepare"), (accept, "quorums.accept")] {
                    if !(1..=n).contains(&q) {
                        return Err(invalid(
                            field,
                            format!("{q} is out of range; allowed 1 to {n} (the number of nodes)"),
                        ));
                    }
                }
                (prepare as u16, Some(accept as u16))
            }
            (None, _) => (quorum, None),
        };
        let base = Config::new(names.len() as u16).map_err(|e| invalid("nodes", e.to_string()))?;
        let base = match accept {
            Some(accept) => base.flexible(quorum, accept),
            None => Config { quorum, accept_quorum: quorum, ..base },
        };
        let config = Config {
            flaws,
            timeout: p.timeout,
            backoff: match p.backoff {
                BackoffSpec::Random => Backoff::Random,
                BackoffSpec::None => Backoff::None,
            },
            ..base
        };
        let leader = self.leader.unwrap_or_default();
        let multi = paxos::multi::MultiConfig {
            quorum,
            heartbeat: leader.heartbeat,
            election_timeout: leader.election,
            flaws: multi_flaws,
            ..paxos::multi::MultiConfig::new(names.len() as u16)
                .map_err(|e| invalid("nodes", e.to_string()))?
        };
        match self.protocol {
            Protocol::Basic => {
                if self.leader.is_some() {
                    return Err(invalid("leader", "is for the multi protocol; this scenario is basic"));
                }
            }
            Protocol::Multi => {
                multi.validate().map_err(|e| invalid("leader", e.to_string()))?;
            }
        }
        // 2. The Basic Paxos page's first build leaves out scripted events and the manual
        //    network with the rest of the laboratory (feature "lab"): its session answers
        //    `later`, and the worker asks a build that has them.
        #[cfg(not(feature = "lab"))]
        let script = match (self.events.is_empty(), self.network.mode) {
            (false, _) => return Err(ScenarioError::Later("scripted events")),
            (true, NetworkMode::Manual) => return Err(ScenarioError::Later("the manual network")),
            (true, NetworkMode::Auto) => Vec::new(),
        };
        #[cfg(feature = "lab")]
        let script = {
            let mut script = Vec::with_capacity(self.events.len());
            for (i, ev) in self.events.iter().enumerate() {
                let path = format!("events[{i}]");
                let picked = [("deliver", &ev.deliver), ("drop", &ev.drop), ("duplicate", &ev.duplicate)];
                for (field, sel) in picked {
                    if let Some(kind) =
                        sel.as_ref().and_then(|s| s.kind).filter(|k| !k.in_protocol(self.protocol))
                    {
                        return Err(invalid(
                            format!("{path}.{field}.type"),
                            format!("{} is a Multi-Paxos message; this scenario is basic", kind.name()),
                        ));
                    }
                }
                if self.protocol == Protocol::Basic && ev.client.is_some() {
                    return Err(invalid(
                        format!("{path}.client"),
                        "client requests need \"protocol\": \"multi\"",
                    ));
                }
                if ev.at > self.until {
                    return Err(invalid(
                        format!("{path}.at"),
                        format!("{} is after until ({} ms): it would never happen", ev.at, self.until),
                    ));
                }
                script.push((ev.at, event_action(ev, &names, &path)?));
            }
            by_time(script)
        };
        Ok(Plan {
            title: self.title.clone(),
            protocol: self.protocol,
            names,
            seed: self.seed,
            config,
            multi,
            network: self.network.clone(),
            until: self.until,
            script,
        })
    }

    fn names(&self) -> Result<Vec<String>, ScenarioError> {
        match &self.nodes {
            NodesSpec::Count(n) => {
                if *n == 0 || *n > u64::from(MAX_NODES) {
                    return Err(invalid("nodes", format!("{n} is out of range; allowed 1 to {MAX_NODES}")));
                }
                Ok((1..=*n).map(|i| format!("S{i}")).collect())
            }
            NodesSpec::Names(names) => {
                if names.is_empty() || names.len() > usize::from(MAX_NODES) {
                    return Err(invalid(
                        "nodes",
                        format!("a list of 1 to {MAX_NODES} names, not {}", names.len()),
                    ));
                }
                for (i, name) in names.iter().enumerate() {
                    let ok = !name.is_empty()
                        && name.len() <= 16
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    if !ok {
                        return Err(invalid(
                            format!("nodes[{i}]"),
                            format!(
                                "{} is not a node name: use 1 to 16 letters, digits, '-' or '_'",
                                crate::Quoted(name)
                            ),
                        ));
                    }
                    if names[..i].contains(name) {
                        return Err(invalid(
                            format!("nodes[{i}]"),
                            format!("{} appears twice", crate::Quoted(name)),
                        ));
                    }
                }
                Ok(names.clone())
            }
        }
    }
}

/// Checks network parameters (also used when a person moves the sliders).
pub fn check_network(n: &NetworkSpec, path: &str) -> Result<(), ScenarioError> {
    let [lo, hi] = n.delay;
    if hi > MAX_DELAY {
        return Err(invalid(
            format!("{path}.delay[1]"),
            format!("{hi} is out of range; allowed 0 to {MAX_DELAY} ms"),
        ));
    }
    if lo > hi {
        return Err(invalid(format!("{path}.delay"), format!("the minimum {lo} is above the maximum {hi}")));
    }
    for (field, p) in [("drop", n.drop), ("duplicate", n.duplicate)] {
        if !(0.0..=1.0).contains(&p) {
            return Err(invalid(
                format!("{path}.{field}"),
                format!("{} is out of range; allowed 0 to 1 (a probability)", decimal(p)),
            ));
        }
    }
    Ok(())
}

/// `1.5`, `0.25`, `-3`: a number for a message, to six decimals, without pulling the
/// float formatter (about 14 KB of wasm) into the browser build.
pub(super) fn decimal(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "a huge number".into()
        } else {
            "a huge negative number".into()
        };
    }
    let micro = (x.abs() * 1e6).round() as u64;
    let sign = if x < 0.0 && micro > 0 { "-" } else { "" };
    let (int, frac) = (micro / 1_000_000, micro % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let digits = format!("{frac:06}");
    format!("{sign}{int}.{}", digits.trim_end_matches('0'))
}

/// The script in time order; events at the same time keep their listed order (a merge sort:
/// the standard library's stable sort is 3 KB of the browser's wasm, for this one use).
#[cfg(feature = "lab")]
pub(super) fn by_time(mut script: Vec<(u64, Action)>) -> Vec<(u64, Action)> {
    let n = script.len();
    if n < 2 {
        return script;
    }
    let later = by_time(script.split_off(n / 2));
    let (mut a, mut b) = (by_time(script).into_iter().peekable(), later.into_iter().peekable());
    let mut out = Vec::with_capacity(n);
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        // Strictly earlier only: a tie keeps the first half's event first.
        let next = if y.0 < x.0 { b.next() } else { a.next() };
        out.extend(next);
    }
    out.extend(a.chain(b));
    out
}

#[cfg(feature = "lab")]
pub(super) fn lookup(names: &[String], name: &str, path: &str) -> Result<NodeId, ScenarioError> {
    match names.iter().position(|n| n == name) {
        Some(i) => Ok(NodeId(i as u16)),
        None => Err(invalid(
            path,
            format!("there is no node named {}; the nodes are {}", crate::Quoted(name), list(names)),
        )),
    }
}

#[cfg(feature = "lab")]
fn list(names: &[String]) -> String {
    if names.len() <= 8 {
        names.join(", ")
    } else {
        format!("{} … {}", names[..3].join(", "), names[names.len() - 1])
    }
}

#[cfg(feature = "lab")]
fn event_action(ev: &EventSpec, names: &[String], path: &str) -> Result<Action, ScenarioError> {
    let given = [
        ev.propose.is_some(),
        ev.crash.is_some(),
        ev.restart.is_some(),
        ev.partition.is_some(),
        ev.heal.is_some(),
        ev.deliver.is_some(),
        ev.drop.is_some(),
        ev.duplicate.is_some(),
        ev.link.is_some(),
        ev.timeout.is_some(),
        ev.client.is_some(),
        ev.network.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(invalid(
            path,
            "an event has \"at\" and exactly one of propose, crash, restart, partition, heal, deliver, drop, duplicate, link, timeout, client, network",
        ));
    }
    #[cfg(feature = "multi")]
    if let Some(c) = &ev.client {
        let server = lookup(names, &c.server, &format!("{path}.client.server"))?;
        let op = crate::multi::client_op(&c.op)
            .map_err(|(field, e)| invalid(format!("{path}.client.{field}"), e))?;
        return Ok(Action::Client { server, op, session: c.op.session });
    }
    // (Without the Multi-Paxos view, plan() refused client events before: see 1.)
    let pick = |sel: &SelectorSpec, field: &str| -> Result<Pick, ScenarioError> {
        let ballot = match &sel.ballot {
            None => None,
            Some(b) => Some(paxos::Ballot::new(
                b.round,
                lookup(names, &b.node, &format!("{path}.{field}.ballot.node"))?,
            )),
        };
        Ok(Pick::Oldest {
            from: lookup(names, &sel.from, &format!("{path}.{field}.from"))?,
            to: lookup(names, &sel.to, &format!("{path}.{field}.to"))?,
            what: MsgPattern { kind: sel.kind, ballot, slot: sel.slot, id: sel.id },
        })
    };
    if let Some(network) = &ev.network {
        check_network(network, &format!("{path}.network"))?;
        return Ok(Action::SetNetwork(network.clone()));
    }
    if let Some(n) = &ev.timeout {
        return Ok(Action::Fire(lookup(names, n, &format!("{path}.timeout"))?));
    }
    if let Some(link) = &ev.link {
        return link.action(names, &format!("{path}.link"));
    }
    if let Some(sel) = &ev.deliver {
        return Ok(Action::Deliver(pick(sel, "deliver")?));
    }
    if let Some(sel) = &ev.drop {
        return Ok(Action::Drop(pick(sel, "drop")?));
    }
    if let Some(sel) = &ev.duplicate {
        return Ok(Action::Duplicate(pick(sel, "duplicate")?));
    }
    if let Some(p) = &ev.propose {
        let node = lookup(names, &p.node, &format!("{path}.propose.node"))?;
        let value =
            Value::new(&p.value).map_err(|e| invalid(format!("{path}.propose.value"), e.to_string()))?;
        return Ok(Action::Propose { node, value });
    }
    if let Some(n) = &ev.crash {
        return Ok(Action::Crash(lookup(names, n, &format!("{path}.crash"))?));
    }
    if let Some(n) = &ev.restart {
        return Ok(Action::Restart(lookup(names, n, &format!("{path}.restart"))?));
    }
    if let Some(groups) = &ev.partition {
        return partition_action(groups, names, &format!("{path}.partition"));
    }
    match ev.heal {
        Some(true) => Ok(Action::Heal),
        _ => Err(invalid(format!("{path}.heal"), "must be true")),
    }
}

/// Resolves partition groups. Nodes not named in any group form one more group together,
/// so `[["S1"]]` isolates S1 from the rest.
#[cfg(feature = "lab")]
pub fn partition_action(
    groups: &[Vec<String>],
    names: &[String],
    path: &str,
) -> Result<Action, ScenarioError> {
    let mut seen = vec![false; names.len()];
    let mut out = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let mut ids = Vec::new();
        for (k, name) in group.iter().enumerate() {
            let id = lookup(names, name, &format!("{path}[{g}][{k}]"))?;
            if std::mem::replace(&mut seen[id.index()], true) {
                return Err(invalid(format!("{path}[{g}][{k}]"), format!("{name} is in two groups")));
            }
            ids.push(id);
        }
        if !ids.is_empty() {
            out.push(ids);
        }
    }
    let rest: Vec<NodeId> = (0..names.len()).filter(|&i| !seen[i]).map(|i| NodeId(i as u16)).collect();
    if !rest.is_empty() {
        out.push(rest);
    }
    if out.len() < 2 {
        return Err(invalid(path, "a partition needs at least two groups"));
    }
    Ok(Action::Partition(out))
}
