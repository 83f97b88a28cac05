//! Inside tmux, copying (OSC 52) reaches the clipboard only if tmux lets
//! it: with its default `set-clipboard external` tmux keeps the sequence
//! from a program to itself, and the footer's "Kopierade…" would be
//! untrue. tmux is asked for the setting (`tmux show -gv set-clipboard`),
//! briefly, so that the cockpit and `tertial info` can say what to set.
//! The copy is also sent wrapped for tmux's passthrough, so
//! `allow-passthrough on` (or `all`) lets it through too, and is asked as well.

use std::process::{Command, Stdio};
use std::time::Duration;

/// How long tmux may take to answer; the cockpit waits for it before its
/// first screen.
const TIMEOUT: Duration = Duration::from_millis(500);

/// Whether tmux's `set-clipboard` value keeps a program's copy from the
/// clipboard.
pub fn blocks_copy(setting: &str) -> bool {
    matches!(setting.trim(), "external" | "off")
}

/// tmux's `set-clipboard` when it keeps copies back (`external`, `off`);
/// `None` outside tmux (`TMUX` unset), when it lets them through (either
/// way), or when tmux does not answer within [`TIMEOUT`].
pub fn blocked_clipboard(env: super::Env<'_>) -> Option<String> {
    env("TMUX")?;
    let setting = ask("set-clipboard")?;
    if !blocks_copy(&setting) {
        return None;
    }
    let passthrough = ask("allow-passthrough").unwrap_or_default();
    if matches!(passthrough.trim(), "on" | "all") {
        return None;
    }
    Some(setting.trim().to_string())
}

fn ask(option: &str) -> Option<String> {
    let child = Command::new("tmux")
        .args(["show", "-gv", option])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = child.id();
    let (sent, answer) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("tmux".into())
        .spawn(move || {
            let _ = sent.send(child.wait_with_output());
        })
        .ok()?;
    match answer.recv_timeout(TIMEOUT) {
        Ok(Ok(out)) if out.status.success() => String::from_utf8(out.stdout).ok(),
        Ok(_) => None,
        Err(_) => {
            // A tmux that hangs is not waited for (the thread reaps it).
            #[cfg(unix)]
            if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            #[cfg(not(unix))]
            let _ = pid;
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_and_off_keep_copies_back_and_on_lets_them_through() {
        assert!(blocks_copy("external\n"));
        assert!(blocks_copy("off"));
        assert!(!blocks_copy("on\n"));
        assert!(!blocks_copy(""));
    }

    #[test]
    fn outside_tmux_tmux_is_not_asked() {
        assert_eq!(blocked_clipboard(&|_| None), None);
    }
}
