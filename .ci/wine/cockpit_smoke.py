#!/usr/bin/env python3
"""The cockpit under wine, in a pseudo-terminal: it starts, its first
frame's title appears, `2` switches to Ekonomi, `q` quits with exit 0.
Then once more, ended by Ctrl-C: wine turns the terminal's ^C into a
console control event (it does not deliver it as a key), so this run
proves the path Ctrl-Break and closing the console take: the handler
gives the console back and the process ends with 130.

Wine's console bridge redraws the screen its own way (it does not pass the
cockpit's bytes through), so the check reads the text between escape
sequences, not a screen. Usage: cockpit_smoke.py COMMAND... (e.g.
`wine target/x86_64-pc-windows-gnu/debug/tertial.exe`); `--demo` is added.
"""

import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import fcntl
import time

DEADLINE = 120.0  # seconds for each step; wine starts slowly on a busy CI
ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def run(command, quit_key: bytes, expected: int) -> bool:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
    env.pop("TERTIAL_CONFIG", None)
    child = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        # A session of its own with the pty as its controlling terminal,
        # as a terminal window gives: ^C is then a signal wine can pass on.
        preexec_fn=lambda: (os.setsid(), fcntl.ioctl(0, termios.TIOCSCTTY, 0)),
    )
    os.close(slave)
    seen = bytearray()

    def text() -> str:
        return ESCAPES.sub(b"", bytes(seen)).decode("utf-8", "replace")

    def wait_for(what: str, done) -> bool:
        """Reads the terminal until done() holds, at most DEADLINE."""
        end = time.monotonic() + DEADLINE
        while not done():
            left = end - time.monotonic()
            if left <= 0:
                print(f"cockpit under wine: never saw {what}; the screen's text:")
                print(text()[-2000:])
                return False
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk and child.poll() is not None:
                    if done():
                        return True
                    print(f"cockpit under wine: ended (exit {child.returncode}) before {what}:")
                    print(text()[-2000:])
                    return False
                seen.extend(chunk)
        return True

    ok = wait_for("the title 'Översikt'", lambda: "Översikt" in text())
    if ok:
        mark = len(text())
        os.write(master, b"2")
        ok = wait_for("the pane Ekonomi after 2", lambda: "Ekonomi (mkr)" in text()[mark:])
    if ok:
        os.write(master, quit_key)
        ok = wait_for(f"the end after {quit_key!r}", lambda: child.poll() is not None)
    if not ok:
        child.kill()
    code = child.wait()
    os.close(master)
    if ok and code != expected:
        print(f"cockpit under wine: exit {code} after {quit_key!r}, not {expected}")
        return False
    if ok:
        print(
            "cockpit under wine: started, showed Översikt, switched to Ekonomi, "
            f"ended by {quit_key!r} with {code}"
        )
    return ok


def main() -> int:
    command = sys.argv[1:] + ["--demo"]
    quits = run(command, b"q", 0)
    interrupted = run(command, b"\x03", 130)
    return 0 if quits and interrupted else 1


if __name__ == "__main__":
    sys.exit(main())
