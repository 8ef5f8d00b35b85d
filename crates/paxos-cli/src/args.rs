//! A small argument reader: `--flag value` pairs after positional arguments.

use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Everything that ends the command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Usage(#[from] UsageError),
    #[error("{path}: {error}")]
    File { path: String, error: std::io::Error },
    #[error("{path}: {error}")]
    Scenario { path: String, error: paxos_sim::ScenarioError },
}

pub struct Args {
    pub positional: Vec<String>,
    flags: BTreeMap<String, Option<String>>,
}

impl Args {
    /// `valued`: flags that take a value; `switches`: flags that do not.
    pub fn parse(argv: &[String], valued: &[&str], switches: &[&str]) -> Result<Args, UsageError> {
        let mut positional = Vec::new();
        let mut flags = BTreeMap::new();
        let mut it = argv.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if valued.contains(&name) {
                    let v = it.next().ok_or_else(|| UsageError(format!("--{name} needs a value")))?;
                    flags.insert(name.to_string(), Some(v.clone()));
                } else if switches.contains(&name) {
                    flags.insert(name.to_string(), None);
                } else {
                    return Err(UsageError(format!("unknown option --{name}")));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, flags })
    }

    pub fn switch(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags.get(name).and_then(|v| v.as_deref())
    }

    pub fn number(&self, name: &str) -> Result<Option<u64>, UsageError> {
        self.value(name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| UsageError(format!("--{name} takes a whole number, not {v:?}")))
            })
            .transpose()
    }
}
