//! Classroom exercises, `paxos-exercise` version 1: a scenario, a goal the playground checks
//! after every step, hints, and a note for the teacher. See docs/exercises.md.

use serde::Serialize;

use crate::json::{Fault, FromJson, Json};

use crate::scenario::{Scenario, ScenarioError};
use crate::Simulation;

pub const EXERCISE_FORMAT: &str = "paxos-exercise";
pub const EXERCISE_VERSION: u32 = 1;

/// An exercise file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exercise {
    pub format: String,
    pub version: u32,
    /// A stable id, used to remember that it was done.
    pub id: String,
    pub title: String,
    /// What the student is asked to do.
    pub task: String,
    pub scenario: Scenario,
    pub goal: ExerciseGoal,
    pub hints: Vec<String>,
    /// For the teacher: what the exercise shows, and a solution.
    pub teacher: String,
    /// Scripted events that solve it (tested), in the scenario's event format.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub solution: Vec<crate::scenario::EventSpec>,
}

/// What must become true. Checked after every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ExerciseGoal {
    /// `value` is chosen.
    Chosen { value: String },
    /// Nothing is chosen, and at least `proposers` nodes have each started `rounds` ballots.
    Duel { rounds: u32, proposers: usize },
    /// A value is chosen while at least `down` nodes are down.
    ChosenWithDown { down: usize },
    /// The live safety checker reports a violation of `property`.
    Violation { property: String },
    /// Every node that is up has learned the chosen value.
    AllLearned,
}

impl ExerciseGoal {
    /// Whether the goal holds now.
    pub fn met(&self, sim: &Simulation) -> bool {
        match self {
            ExerciseGoal::Chosen { value } => sim.chosen().is_some_and(|c| c.value.as_str() == value),
            ExerciseGoal::Duel { rounds, proposers } => {
                sim.chosen().is_none()
                    && sim.hosts().iter().filter(|h| h.extra.rounds >= *rounds).count() >= *proposers
            }
            ExerciseGoal::ChosenWithDown { down } => {
                sim.chosen().is_some() && sim.hosts().iter().filter(|h| !h.up).count() >= *down
            }
            ExerciseGoal::Violation { property } => {
                sim.violations().iter().any(|v| v.property.name() == property)
            }
            ExerciseGoal::AllLearned => {
                sim.chosen().is_some()
                    && sim.hosts().iter().filter(|h| h.up).all(|h| h.node.learner().learned().is_some())
            }
        }
    }
}

/// Why an exercise file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExerciseError {
    #[error("malformed exercise: {0}")]
    Json(String),
    #[error("{0}: {1}")]
    Invalid(&'static str, String),
    #[error("scenario.{0}")]
    Scenario(#[from] ScenarioError),
}

impl Exercise {
    /// Parses and checks an exercise file (its scenario included).
    pub fn parse(json: &str) -> Result<Exercise, ExerciseError> {
        let ex: Exercise = crate::json::from_str(json).map_err(|e| ExerciseError::Json(e.to_string()))?;
        if ex.format != EXERCISE_FORMAT || ex.version != EXERCISE_VERSION {
            return Err(ExerciseError::Invalid(
                "format",
                format!(
                    "expected {} version {EXERCISE_VERSION}, found {} version {}",
                    crate::Quoted(EXERCISE_FORMAT),
                    crate::Quoted(&ex.format),
                    ex.version
                ),
            ));
        }
        if ex.id.is_empty()
            || !ex.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ExerciseError::Invalid(
                "id",
                format!("{} must be lowercase letters, digits and '-'", crate::Quoted(&ex.id)),
            ));
        }
        ex.scenario.plan()?;
        Ok(ex)
    }
}

impl FromJson for Exercise {
    fn read(json: &Json) -> Result<Exercise, Fault> {
        const FIELDS: &[&str] =
            &["format", "version", "id", "title", "task", "scenario", "goal", "hints", "teacher", "solution"];
        let f = json.fields("struct Exercise", "", FIELDS)?;
        Ok(Exercise {
            format: f.req("format")?,
            version: f.req("version")?,
            id: f.req("id")?,
            title: f.req("title")?,
            task: f.req("task")?,
            scenario: f.req("scenario")?,
            goal: f.req("goal")?,
            hints: f.or("hints", Vec::new())?,
            teacher: f.req("teacher")?,
            solution: f.or("solution", Vec::new())?,
        })
    }
}

impl FromJson for ExerciseGoal {
    fn read(json: &Json) -> Result<ExerciseGoal, Fault> {
        const WHAT: &str = "a goal";
        const TYPES: &[&str] = &["chosen", "duel", "chosenWithDown", "violation", "allLearned"];
        let f = |names: &'static [&'static str]| json.fields(WHAT, "type", names);
        Ok(match json.tag_name("type", WHAT, TYPES)? {
            "chosen" => ExerciseGoal::Chosen { value: f(&["value"])?.req("value")? },
            "duel" => {
                let f = f(&["rounds", "proposers"])?;
                ExerciseGoal::Duel { rounds: f.req("rounds")?, proposers: f.req("proposers")? }
            }
            "chosenWithDown" => ExerciseGoal::ChosenWithDown { down: f(&["down"])?.req("down")? },
            "violation" => ExerciseGoal::Violation { property: f(&["property"])?.req("property")? },
            "allLearned" => f(&[]).map(|_| ExerciseGoal::AllLearned)?,
            _ => unreachable!("tag_name answers one of TYPES"),
        })
    }
}

// Exercises are scripted scenarios: the laboratory's (feature "lab").
#[cfg(all(test, feature = "lab"))]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every exercise in examples/exercises/ parses, is not solved at the start, and its
    /// solution solves it.
    #[test]
    fn every_exercise_is_solvable_and_not_solved_at_the_start() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/exercises");
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let ex = Exercise::parse(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let plan = ex.scenario.plan().unwrap();
            let mut sim = Simulation::new(plan.clone(), false);
            assert!(!ex.goal.met(&sim), "{}: solved before anything happens", ex.id);
            let mut solved = ex.scenario.clone();
            solved.events.extend(ex.solution.iter().cloned());
            let plan = solved.plan().unwrap();
            let until = paxos::Time(plan.until);
            sim = Simulation::new(plan, false);
            let mut met = false;
            while sim.next_time().is_some_and(|t| t <= until) && sim.step() {
                met |= ex.goal.met(&sim);
            }
            assert!(met || ex.goal.met(&sim), "{}: the solution does not meet the goal", ex.id);
            assert!(!ex.hints.is_empty() && !ex.teacher.is_empty(), "{}: hints and a teacher's note", ex.id);
            count += 1;
        }
        assert!(count >= 8, "at least 8 exercises, found {count}");
    }
}
