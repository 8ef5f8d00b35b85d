//! A node's program as a long-running process: one request line on its stdin, one reply
//! line on its stdout, within 2 seconds. Threads write its stdin and read its stdout and
//! stderr, so a process that stops reading or floods its output cannot block the driver.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paxos_sim::external::Program;

/// How long a node may take to answer one request.
pub const REPLY_WITHIN: Duration = Duration::from_secs(2);
/// The longest reply line read (a node's state travels in every request; 64 KiB each).
const MAX_LINE: u64 = 4 << 20;
/// Lines of the process's stderr kept to show when it dies, and the characters kept of each.
const LAST_WORDS: usize = 12;
const WORD_CHARS: usize = 500;

/// A node program started with `sh -c COMMAND`.
pub struct Process {
    command: String,
    child: Child,
    /// Request lines to the thread that writes its stdin (dropped: stdin closes).
    requests: Option<Sender<String>>,
    lines: Receiver<Result<String, String>>,
    stderr: Arc<Mutex<Vec<String>>>,
    dead: Option<String>,
}

impl Process {
    pub fn start(command: &str) -> Result<Process, String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {command:?}: {e}"))?;
        let mut stdin = child.stdin.take().expect("piped");
        let (requests, to_write) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in to_write {
                if stdin
                    .write_all(line.as_bytes())
                    .and_then(|_| stdin.write_all(b"\n"))
                    .and_then(|_| stdin.flush())
                    .is_err()
                {
                    break;
                }
            }
        });
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                match (&mut out).take(MAX_LINE).read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) if line.last() != Some(&b'\n') && line.len() as u64 >= MAX_LINE => {
                        let _ = tx.send(Err(format!("a reply line longer than {} MiB", MAX_LINE >> 20)));
                        break;
                    }
                    Ok(_) => {
                        let text = String::from_utf8(line)
                            .map_err(|_| "the reply is not UTF-8 text".to_string())
                            .map(|t| t.trim_end_matches(['\n', '\r']).to_string());
                        if tx.send(text).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(format!("reading its stdout: {e}")));
                        break;
                    }
                }
            }
        });
        let kept = Arc::new(Mutex::new(Vec::new()));
        let keep = kept.clone();
        std::thread::spawn(move || {
            let mut err = BufReader::new(stderr);
            let mut line = Vec::new();
            while matches!(err.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                let text: String =
                    String::from_utf8_lossy(&line).trim_end().chars().take(WORD_CHARS).collect();
                line.clear();
                let mut k = keep.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if k.len() == LAST_WORDS {
                    k.remove(0);
                }
                k.push(text);
            }
        });
        Ok(Process {
            command: command.into(),
            child,
            requests: Some(requests),
            lines,
            stderr: kept,
            dead: None,
        })
    }

    /// Why the process is gone, with what it last wrote on stderr.
    fn died(&mut self) -> String {
        // Its stderr may still be arriving.
        std::thread::sleep(Duration::from_millis(50));
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!("exited ({status})"),
            _ => "closed its stdout".to_string(),
        };
        let words = self.stderr.lock().unwrap_or_else(std::sync::PoisonError::into_inner).join("\n    ");
        let said = if words.is_empty() {
            String::new()
        } else {
            format!("; its last words on stderr:\n    {words}")
        };
        format!("the node process {:?} {status}{said}", self.command)
    }
}

impl Program for Process {
    fn ask(&mut self, request: &str) -> Result<String, String> {
        if let Some(dead) = &self.dead {
            return Err(dead.clone());
        }
        // A line waiting before the request is written answers nothing that was asked.
        let early = match self.lines.try_recv() {
            Ok(Ok(line)) => Some(Err(format!(
                "it wrote a line nobody asked for (one reply line per request line): {}",
                line.chars().take(WORD_CHARS).collect::<String>()
            ))),
            Ok(Err(e)) => Some(Err(e)),
            Err(TryRecvError::Disconnected) => Some(Err(self.died())),
            Err(TryRecvError::Empty) => None,
        };
        let sent = self.requests.as_ref().is_some_and(|r| r.send(request.to_string()).is_ok());
        let answer = match early {
            Some(e) => e,
            None if !sent => Err(self.died()),
            None => match self.lines.recv_timeout(REPLY_WITHIN) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => Err(format!(
                    "no reply within {} s (one reply line per request line; is its output buffered?)",
                    REPLY_WITHIN.as_secs()
                )),
                Err(RecvTimeoutError::Disconnected) => Err(self.died()),
            },
        };
        if let Err(e) = &answer {
            self.dead = Some(e.clone());
        }
        answer
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.requests.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
