//! Multi-Paxos as the checker explores it: the world's own replicas with znode commands,
//! the clients' writes and syncs of a scenario, judged by the world's own ledger (the
//! checker the simulator runs live, over the same effects).

use paxos::multi::{MultiConfig, MultiMessage, MultiRequest, Replica};
use paxos::Time;
use paxos::{Effect, EffectOf, NodeId};
use paxos_sim::json::write::to_string;
use paxos_sim::multi::{command_text, ClientOp, Command, Ledger, MultiFinding, MultiSimulation};
use paxos_sim::scenario::{Action, Plan, Protocol};
use paxos_sim::trace::Namer;

use super::{Spec, State};

mod scenario;
pub use scenario::scenario;

/// A Multi-Paxos cluster to explore.
#[derive(Clone, Debug)]
pub struct MultiSpec {
    pub names: Vec<String>,
    /// The scenario's configuration, its broken variants included.
    pub config: MultiConfig,
    /// Each client write and sync, made once at any moment if its server is up.
    pub requests: Vec<(NodeId, MultiRequest<Command>)>,
    pub max_round: u64,
    pub crashes: u8,
}

impl MultiSpec {
    /// The servers, configuration and client writes and syncs of a multi scenario (its
    /// reads are answered from a server's tree, without the replicas: they are left out;
    /// so are its other events: every order of moves is explored).
    pub fn from_plan(plan: &Plan, max_round: u64, crashes: u8) -> Result<MultiSpec, String> {
        if plan.protocol != Protocol::Multi {
            return Err("not a multi scenario".into());
        }
        let mut requests = Vec::new();
        // Numbered as the world numbers them: every client request, reads too.
        let mut id = 0;
        for (_, action) in &plan.script {
            let (server, op) = match action {
                Action::Client { session: Some(_), .. } | Action::Client { op: ClientOp::Connect { .. }, .. } => {
                    return Err("the checker does not make session requests yet (connect, and what is sent in a session): run the scenario instead".into())
                }
                Action::Client { server, op, .. } => (*server, op.clone()),
                Action::Propose { node, value } => (*node, paxos_sim::multi::law(value.clone())),
                _ => continue,
            };
            id += 1;
            match op {
                ClientOp::Write(op) => {
                    requests.push((server, MultiRequest::Propose(Command { id, session: None, op })))
                }
                ClientOp::Sync => requests.push((server, MultiRequest::Sync(id))),
                _ => {}
            }
        }
        if requests.is_empty() || requests.len() > 64 {
            return Err("the scenario needs 1 to 64 client writes or syncs to check".into());
        }
        Ok(MultiSpec { names: plan.names.clone(), config: plan.multi, requests, max_round, crashes })
    }

    /// The state the scenario's world is in just before its first client request, when that
    /// comes after time 0 (the elections its script starts have run): the search explores
    /// from there. Returns it with the time it was taken at and the server that leads then.
    pub fn before_first_request(&self, plan: &Plan) -> Option<(State<MultiSpec>, u64, Option<NodeId>)> {
        let (first, _) =
            plan.script.iter().find(|(_, a)| matches!(a, Action::Client { .. } | Action::Propose { .. }))?;
        let at = first.checked_sub(1)?;
        let mut world = MultiSimulation::new(plan.clone(), false);
        world.run_until(Time(at));
        Some((State::resume(&world, world.ledger().clone()), at, world.leader()))
    }

    /// Whether a scripted `action` is one of the client requests the search makes.
    fn is_request(&self, action: &Action) -> bool {
        match action {
            Action::Client { op, .. } => !matches!(op, ClientOp::Read { .. }),
            Action::Propose { .. } => true,
            _ => false,
        }
    }

    fn request_id(request: &MultiRequest<Command>) -> u64 {
        match request {
            MultiRequest::Propose(c) => c.id,
            MultiRequest::Sync(token) => *token,
        }
    }
}

impl Spec for MultiSpec {
    type P = Replica<Command>;
    type Judge = Ledger;

    fn config(&self) -> &MultiConfig {
        &self.config
    }
    fn names(&self) -> &[String] {
        &self.names
    }
    fn requests(&self) -> &[(NodeId, MultiRequest<Command>)] {
        &self.requests
    }
    fn max_round(&self) -> u64 {
        self.max_round
    }
    fn crashes(&self) -> u8 {
        self.crashes
    }
    fn judge(&self) -> Ledger {
        Ledger::new(self.names.len(), self.config.quorum)
    }
    fn requested(&self, ledger: &mut Ledger, k: usize) {
        let (server, request) = &self.requests[k];
        ledger.open(*server, MultiSpec::request_id(request));
    }
    fn effect(
        &self,
        ledger: &mut Ledger,
        id: NodeId,
        replica: &Replica<Command>,
        effect: &EffectOf<Replica<Command>>,
    ) -> Option<(String, String)> {
        let mut findings = Vec::new();
        match effect {
            Effect::Persist(write) => ledger.persist(id, write, &mut findings),
            Effect::Event(event) => {
                let name = &self.names[id.index()];
                ledger.event(id, name, replica.applied(), event.clone(), &mut findings);
            }
            Effect::Send { .. } => {}
        }
        findings.into_iter().find_map(|f| match f {
            MultiFinding::Violation { property, detail } => Some((property.name().to_string(), detail)),
            MultiFinding::Chosen { .. } => None,
        })
    }
    fn crashed(&self, ledger: &mut Ledger, id: NodeId) {
        ledger.crashed(id);
    }
    fn restarted(&self, ledger: &mut Ledger, id: NodeId) {
        ledger.restarted(id);
    }
    fn describe(&self, msg: &MultiMessage<Command>) -> String {
        to_string(&Namer(&self.names).multi_msg(msg))
    }
    fn describe_request(&self, request: &MultiRequest<Command>) -> String {
        match request {
            MultiRequest::Propose(c) => format!("write {}", command_text(c)),
            MultiRequest::Sync(token) => format!("sync #{token}"),
        }
    }
}
