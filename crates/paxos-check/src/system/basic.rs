//! Basic Paxos as the checker of any protocol explores it, judged by the world's own live
//! checker: the same properties the packed search of [`crate::model`] judges its own way,
//! so each checks the other (tests/system.rs).

use paxos::{Config, Effect, EffectOf, Message, Node, NodeId, Value};
use paxos_sim::checker::{Checker, Finding};
use paxos_sim::trace::Namer;

use super::Spec;
use crate::model::Model;

/// A Basic Paxos cluster to explore: a packed search's model, as this checker reads it.
#[derive(Clone, Debug)]
pub struct BasicSpec {
    model: Model,
    /// The model's configuration as its nodes run it.
    config: Config,
}

impl BasicSpec {
    /// The configuration a packed model explores (proposals, rounds, crashes, flaws).
    pub fn of(model: &Model) -> BasicSpec {
        BasicSpec { model: model.clone(), config: model.config() }
    }
}

impl Spec for BasicSpec {
    type P = Node;
    type Judge = Checker;

    fn config(&self) -> &Config {
        &self.config
    }
    fn names(&self) -> &[String] {
        &self.model.names
    }
    fn requests(&self) -> &[(NodeId, Value)] {
        &self.model.proposals
    }
    fn max_round(&self) -> u64 {
        self.model.max_round
    }
    fn crashes(&self) -> u8 {
        self.model.crashes
    }
    fn judge(&self) -> Checker {
        Checker::new(self.model.names.clone(), self.config.chosen_at())
    }
    fn requested(&self, checker: &mut Checker, k: usize) {
        checker.proposed(&self.model.proposals[k].1);
    }
    /// A learner is looked at when it learns, as the world's rules do.
    fn effect(
        &self,
        checker: &mut Checker,
        id: NodeId,
        _: &Node,
        effect: &EffectOf<Node>,
    ) -> Option<(String, String)> {
        let mut findings = Vec::new();
        if let Effect::Event(learned) = effect {
            checker.observe_learn(id, &learned.value, &mut findings);
        }
        broken(findings)
    }
    /// The acceptor is looked at after every input, as the world's rules do.
    fn settled(&self, checker: &mut Checker, id: NodeId, node: &Node) -> Option<(String, String)> {
        let mut findings = Vec::new();
        checker.observe_acceptor(id, node.acceptor(), &mut findings);
        broken(findings)
    }
    fn crashed(&self, _: &mut Checker, _: NodeId) {}
    fn restarted(&self, _: &mut Checker, _: NodeId) {}
    fn describe(&self, msg: &Message) -> String {
        paxos_sim::json::write::to_string(&Namer(&self.model.names).msg(msg))
    }
    fn describe_request(&self, value: &Value) -> String {
        format!("{}", paxos::Quoted(value.as_str()))
    }
}

/// The first property broken among `findings`.
pub(super) fn broken(findings: Vec<Finding>) -> Option<(String, String)> {
    findings.into_iter().find_map(|f| match f {
        Finding::Violation { property, detail } => Some((property.name().to_string(), detail)),
        Finding::Chosen { .. } => None,
    })
}
