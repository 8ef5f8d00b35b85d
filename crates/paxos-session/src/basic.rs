//! The Basic Paxos page's requests on its timeline: stepping, running, a person's actions,
//! and the laboratory's (partitions, links, the manual network's moves, time travel).

use paxos::{Time, Value};
use paxos_sim::scenario::Action;
#[cfg(feature = "lab")]
use paxos_sim::scenario::Pick;
use paxos_sim::{ActionError, Basic, Senator};

use super::timeline::Loaded;
use super::{Budget, Request, SessionError, DEFAULT_HORIZON};

impl<P: Senator> Loaded<Basic<P>> {
    /// Carries out a request of a loaded session (all but `load` and `trace`). On an error
    /// the caller undoes what it did ([`Loaded::rollback`]). `seen`: the trace lines the
    /// page has.
    pub(super) fn handle(&mut self, request: Request, seen: &mut u64) -> Result<(), SessionError> {
        self.at_moment(request.at(), |l| l.carry_out(request, seen))
    }

    /// The request itself, without its moment.
    #[cfg_attr(not(feature = "lab"), allow(unused_variables))]
    fn carry_out(&mut self, request: Request, seen: &mut u64) -> Result<(), SessionError> {
        let l = self;
        let now = l.sim.now();
        match request {
            Request::Step { count } => {
                let count = count.unwrap_or(1);
                if u64::from(count) > l.budgets.events {
                    return Err(SessionError::Budget(Budget::Events(l.budgets.events)));
                }
                for _ in 0..count {
                    if !l.forward()? {
                        break;
                    }
                }
            }
            Request::RunUntil { time } => l.run_until(Time(time))?,
            Request::RunUntilChosen { limit } => {
                let limit = limit.unwrap_or_else(|| now.0.saturating_add(DEFAULT_HORIZON));
                l.run(Time(limit), |sim| sim.chosen().is_some(), true)?;
            }
            Request::RunUntilIdle { limit } => {
                // Like `paxos-sim run`: events up to the limit, the clock stays at the last.
                let limit = limit.unwrap_or_else(|| now.0.saturating_add(DEFAULT_HORIZON));
                l.run(Time(limit), |_| false, false)?;
            }
            Request::Propose { node, value, .. } => {
                let node = l.sim.node_id(&node)?;
                let value = Value::new(&value).map_err(ActionError::from)?;
                l.act_within(Action::Propose { node, value })?;
            }
            Request::Crash { node, .. } => {
                let node = l.sim.node_id(&node)?;
                l.act_within(Action::Crash(node))?;
            }
            Request::Restart { node, .. } => {
                let node = l.sim.node_id(&node)?;
                l.act_within(Action::Restart(node))?;
            }
            Request::SetNetwork { network, .. } => {
                #[cfg(not(feature = "lab"))]
                if network.mode == paxos_sim::scenario::NetworkMode::Manual {
                    return Err(SessionError::Later("the manual network"));
                }
                l.act_within(Action::SetNetwork(network))?
            }
            #[cfg(not(feature = "lab"))]
            Request::Partition { .. } | Request::Heal { .. } | Request::SetLink { .. } => {
                return Err(SessionError::Later("partitions and links"))
            }
            #[cfg(not(feature = "lab"))]
            Request::Deliver { .. } | Request::Drop { .. } | Request::Duplicate { .. } => {
                return Err(SessionError::Later("the manual network"))
            }
            #[cfg(not(feature = "lab"))]
            Request::Back { .. }
            | Request::Seek { .. }
            | Request::SeekStep { .. }
            | Request::SwitchBranch { .. } => return Err(SessionError::Later("time travel")),
            #[cfg(feature = "lab")]
            lab @ (Request::Partition { .. }
            | Request::Heal { .. }
            | Request::SetLink { .. }
            | Request::Deliver { .. }
            | Request::Drop { .. }
            | Request::Duplicate { .. }
            | Request::Back { .. }
            | Request::Seek { .. }
            | Request::SeekStep { .. }
            | Request::SwitchBranch { .. }) => l.lab(lab, seen)?,
            Request::Snapshot => {}
            Request::Trace | Request::Load { .. } => unreachable!("Session::handle answers these"),
            #[cfg(feature = "classroom")]
            Request::LoadExercise { .. }
            | Request::CheckStart { .. }
            | Request::CheckLoad
            | Request::CheckSpec { .. }
            | Request::CheckRun { .. }
            | Request::CheckStop => unreachable!("handled above"),
            #[cfg(feature = "multi")]
            Request::MultiLoad { .. }
            | Request::MultiStep { .. }
            | Request::MultiRunUntil { .. }
            | Request::MultiAct { .. }
            | Request::MultiSeek { .. }
            | Request::MultiSeekStep { .. }
            | Request::MultiSwitchBranch { .. }
            | Request::MultiTrace => unreachable!("handled above"),
            #[cfg(feature = "multi-check")]
            Request::MultiCheckStart { .. }
            | Request::MultiCheckRun { .. }
            | Request::MultiCheckStop
            | Request::MultiCheckScenario => unreachable!("handled above"),
        }
        Ok(())
    }

    /// The laboratory's requests (feature "lab"): partitions and links, the manual network's
    /// moves, time travel. `seen`: the trace lines the page has (a branch switch resends).
    #[cfg(feature = "lab")]
    fn lab(&mut self, request: Request, seen: &mut u64) -> Result<(), SessionError> {
        match request {
            Request::Partition { groups, .. } => {
                let action = paxos_sim::scenario::partition_action(&groups, self.sim.names(), "partition")
                    .map_err(ActionError::from)?;
                self.act_within(action)?;
            }
            Request::Heal { .. } => self.act_within(Action::Heal)?,
            Request::SetLink { link, .. } => {
                let action = link.action(self.sim.names(), "link").map_err(ActionError::from)?;
                self.act_within(action)?;
            }
            Request::Deliver { id, .. } => self.act_within(Action::Deliver(Pick::Id(id)))?,
            Request::Drop { id, .. } => self.act_within(Action::Drop(Pick::Id(id)))?,
            Request::Duplicate { id, .. } => self.act_within(Action::Duplicate(Pick::Id(id)))?,
            Request::Back { count } => self.back(count.unwrap_or(1)),
            Request::Seek { position } => self.seek_to(position)?,
            Request::SeekStep { step } => self.seek_step(step)?,
            Request::SwitchBranch { branch } => {
                let parted = self.switch_to(branch)?;
                // The page's lines after the branches part are the other branch's: resend them.
                *seen = (*seen).min(parted);
            }
            _ => unreachable!("Session::handle passes only the laboratory's requests"),
        }
        Ok(())
    }
}
