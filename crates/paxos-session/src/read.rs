//! Reading the page's requests, `{"type": "propose", "node": "S1", "value": "1元/度"}`,
//! into [`Request`] (field by field, see [`paxos_sim::json`]). A build without the classroom
//! or the Multi-Paxos view does not know their requests: they are unknown variants.

use paxos_sim::json::{Fault, Fields, FromJson, Json, JsonError};

use super::*;

impl Request {
    /// Reads a request from the worker's JSON text.
    pub fn from_json(text: &str) -> Result<Request, JsonError> {
        paxos_sim::json::from_str(text)
    }
}

impl FromJson for Request {
    fn read(json: &Json) -> Result<Request, Fault> {
        let types: Vec<&str> = REQUESTS.iter().map(|(t, _)| *t).collect();
        REQUESTS[json.tag("type", WHAT, &types)?].1(json)
    }
}

const WHAT: &str = "a request";

/// The request's fields, besides `type`, checked against `names`.
fn fields<'a>(json: &'a Json, names: &'static [&'static str]) -> Result<Fields<'a>, Fault> {
    json.fields(WHAT, "type", names)
}

type Reader = fn(&Json) -> Result<Request, Fault>;

/// A person's action: its fields among `names` (which list `at`), and its moment `at`
/// (Request::at), read here once for every kind of action.
#[inline(never)]
fn act(
    json: &Json,
    names: &'static [&'static str],
    make: fn(&Fields, Option<u64>) -> Result<Request, Fault>,
) -> Result<Request, Fault> {
    let f = fields(json, names)?;
    make(&f, f.opt("at")?)
}

/// Every request: its `type`, and how the rest is read.
const REQUESTS: &[(&str, Reader)] = &[
    ("load", |j| Ok(Request::Load { scenario: fields(j, &["scenario"])?.req("scenario")? })),
    ("step", |j| Ok(Request::Step { count: fields(j, &["count"])?.opt("count")? })),
    ("runUntil", |j| Ok(Request::RunUntil { time: fields(j, &["time"])?.req("time")? })),
    ("runUntilChosen", |j| Ok(Request::RunUntilChosen { limit: fields(j, &["limit"])?.opt("limit")? })),
    ("runUntilIdle", |j| Ok(Request::RunUntilIdle { limit: fields(j, &["limit"])?.opt("limit")? })),
    ("propose", |j| {
        act(j, &["node", "value", "at"], |f, at| {
            Ok(Request::Propose { node: f.req("node")?, value: f.req("value")?, at })
        })
    }),
    ("crash", |j| act(j, &["node", "at"], |f, at| Ok(Request::Crash { node: f.req("node")?, at }))),
    ("restart", |j| act(j, &["node", "at"], |f, at| Ok(Request::Restart { node: f.req("node")?, at }))),
    ("partition", |j| {
        act(j, &["groups", "at"], |f, at| Ok(Request::Partition { groups: f.req("groups")?, at }))
    }),
    ("heal", |j| act(j, &["at"], |_, at| Ok(Request::Heal { at }))),
    ("setNetwork", |j| {
        act(j, &["network", "at"], |f, at| {
            // `{}` would silently reset every setting to its default.
            if let Some(Json { value: paxos_sim::json::Value::Object(set), end }) = f.raw("network") {
                if set.is_empty() {
                    let message = "names no setting: give at least one of mode, delay, drop, duplicate";
                    return Err(Fault::new(*end, message).in_field("network"));
                }
            }
            Ok(Request::SetNetwork { network: f.req("network")?, at })
        })
    }),
    ("setLink", |j| act(j, &["link", "at"], |f, at| Ok(Request::SetLink { link: f.req("link")?, at }))),
    ("deliver", |j| act(j, &["id", "at"], |f, at| Ok(Request::Deliver { id: f.req("id")?, at }))),
    ("drop", |j| act(j, &["id", "at"], |f, at| Ok(Request::Drop { id: f.req("id")?, at }))),
    ("duplicate", |j| act(j, &["id", "at"], |f, at| Ok(Request::Duplicate { id: f.req("id")?, at }))),
    ("back", |j| Ok(Request::Back { count: fields(j, &["count"])?.opt("count")? })),
    ("seek", |j| Ok(Request::Seek { position: fields(j, &["position"])?.req("position")? })),
    ("seekStep", |j| Ok(Request::SeekStep { step: fields(j, &["step"])?.req("step")? })),
    ("switchBranch", |j| Ok(Request::SwitchBranch { branch: fields(j, &["branch"])?.req("branch")? })),
    ("snapshot", |j| fields(j, &[]).map(|_| Request::Snapshot)),
    ("trace", |j| fields(j, &[]).map(|_| Request::Trace)),
    #[cfg(feature = "classroom")]
    ("loadExercise", |j| Ok(Request::LoadExercise { exercise: fields(j, &["exercise"])?.req("exercise")? })),
    #[cfg(feature = "classroom")]
    ("checkStart", |j| Ok(Request::CheckStart { spec: fields(j, &["spec"])?.req("spec")? })),
    #[cfg(feature = "classroom")]
    ("checkRun", |j| Ok(Request::CheckRun { budget: fields(j, &["budget"])?.opt("budget")? })),
    #[cfg(feature = "classroom")]
    ("checkStop", |j| fields(j, &[]).map(|_| Request::CheckStop)),
    #[cfg(feature = "classroom")]
    ("checkLoad", |j| fields(j, &[]).map(|_| Request::CheckLoad)),
    #[cfg(feature = "classroom")]
    ("checkSpec", |j| {
        let f = fields(j, &["acceptors", "values", "maxBallot"])?;
        Ok(Request::CheckSpec {
            acceptors: f.req("acceptors")?,
            values: f.req("values")?,
            max_ballot: f.req("maxBallot")?,
        })
    }),
    #[cfg(feature = "multi")]
    ("multiLoad", |j| Ok(Request::MultiLoad { scenario: fields(j, &["scenario"])?.req("scenario")? })),
    #[cfg(feature = "multi")]
    ("multiStep", |j| Ok(Request::MultiStep { count: fields(j, &["count"])?.opt("count")? })),
    #[cfg(feature = "multi")]
    ("multiRunUntil", |j| Ok(Request::MultiRunUntil { time: fields(j, &["time"])?.req("time")? })),
    #[cfg(feature = "multi")]
    ("multiAct", |j| {
        act(j, &["action", "at"], |f, at| Ok(Request::MultiAct { action: f.req("action")?, at }))
    }),
    #[cfg(feature = "multi")]
    ("multiSeek", |j| Ok(Request::MultiSeek { position: fields(j, &["position"])?.req("position")? })),
    #[cfg(feature = "multi")]
    ("multiSeekStep", |j| Ok(Request::MultiSeekStep { step: fields(j, &["step"])?.req("step")? })),
    #[cfg(feature = "multi")]
    ("multiSwitchBranch", |j| {
        Ok(Request::MultiSwitchBranch { branch: fields(j, &["branch"])?.req("branch")? })
    }),
    #[cfg(feature = "multi")]
    ("multiTrace", |j| fields(j, &[]).map(|_| Request::MultiTrace)),
    #[cfg(feature = "multi-check")]
    ("multiCheckStart", |j| {
        let f = fields(j, &["maxRound", "crash", "maxStates"])?;
        Ok(Request::MultiCheckStart {
            max_round: f.opt("maxRound")?,
            crash: f.or("crash", false)?,
            max_states: f.opt("maxStates")?,
        })
    }),
    #[cfg(feature = "multi-check")]
    ("multiCheckRun", |j| Ok(Request::MultiCheckRun { budget: fields(j, &["budget"])?.opt("budget")? })),
    #[cfg(feature = "multi-check")]
    ("multiCheckStop", |j| fields(j, &[]).map(|_| Request::MultiCheckStop)),
    #[cfg(feature = "multi-check")]
    ("multiCheckScenario", |j| fields(j, &[]).map(|_| Request::MultiCheckScenario)),
];

#[cfg(feature = "classroom")]
impl FromJson for CheckSpec {
    fn read(json: &Json) -> Result<CheckSpec, Fault> {
        const FIELDS: &[&str] =
            &["from", "goal", "maxRound", "drop", "duplicate", "crash", "maxStates", "proposals"];
        let f = json.fields("struct CheckSpec", "", FIELDS)?;
        Ok(CheckSpec {
            from: f.req("from")?,
            goal: f.req("goal")?,
            max_round: f.opt("maxRound")?,
            drop: f.or("drop", false)?,
            duplicate: f.or("duplicate", false)?,
            crash: f.or("crash", false)?,
            max_states: f.opt("maxStates")?,
            proposals: f.or("proposals", Vec::new())?,
        })
    }
}

#[cfg(feature = "classroom")]
impl FromJson for CheckFrom {
    fn read(json: &Json) -> Result<CheckFrom, Fault> {
        Ok([CheckFrom::Start, CheckFrom::Here][json.variant(&["start", "here"])?])
    }
}

#[cfg(feature = "classroom")]
impl FromJson for GoalSpec {
    fn read(json: &Json) -> Result<GoalSpec, Fault> {
        const WHAT: &str = "a goal";
        const TYPES: &[&str] = &["violation", "breaks", "chosen", "accepts", "learns"];
        let f = |names: &'static [&'static str]| json.fields(WHAT, "type", names);
        Ok(match json.tag_name("type", WHAT, TYPES)? {
            "violation" => f(&[]).map(|_| GoalSpec::Violation)?,
            "breaks" => GoalSpec::Breaks { property: f(&["property"])?.req("property")? },
            "chosen" => GoalSpec::Chosen { value: f(&["value"])?.req("value")? },
            "accepts" => {
                let f = f(&["node", "ballot"])?;
                GoalSpec::Accepts { node: f.req("node")?, ballot: f.req("ballot")? }
            }
            "learns" => {
                let f = f(&["node", "value"])?;
                GoalSpec::Learns { node: f.req("node")?, value: f.req("value")? }
            }
            _ => unreachable!("tag_name answers one of TYPES"),
        })
    }
}
