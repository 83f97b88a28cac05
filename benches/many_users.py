#!/usr/bin/env python3
"""Many cockpits on one server (issue 26 §4): N sessions of tertial on the
same snapshot, each in a pseudo-terminal of its own as behind an SSH login,
ACTIVE of them pressing keys while the rest sit idle.

    python3 benches/many_users.py BINARY SNAPSHOT [--sessions 50] [--active 10]
        [--rounds 3] [--size 120x40]

Measures, and prints as one JSON object:
  * memory: the proportional set size (Pss in /proc/PID/smaps_rollup, so
    pages shared between the sessions, the binary's and the snapshot's
    page cache mapped by SQLite, count once in all) summed over every
    session after each one has drawn its first frame; `per_session_kib` is
    the least-squares slope of that sum against the number of sessions,
    i.e. what one more user costs. Rss is given beside it;
  * key times of the active sessions, pressing the same keys at the same
    time (pane switches, first visits, cursor moves, a drill, a period
    switch and back, a search): per key, from the write to the last byte of
    the answer (the answer ends after SETTLE_MS of silence); median, p90,
    p99 and max over every active session and round;
  * CPU of the idle sessions (utime + stime from /proc/PID/stat, in clock
    ticks) over the whole time the active ones typed: 0 is the target.

Standard library only (pty, select); Linux (/proc). Every session gets its
own empty HOME and XDG folders (its own notes file, as each user has), the
dark theme (so no colour query) and TERM=xterm-256color.
"""
import argparse
import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

FIRST_FRAME_TEXT = "Störst underskott".encode()
SETTLE_MS = 60
KEY_TIMEOUT_S = 5.0
THINK_S = 0.05

# (name, bytes): what a user does, once per round.
KEYS = [
    ("2 Ekonomi", b"2"),
    ("Down", b"\x1b[B"),
    ("Down", b"\x1b[B"),
    ("Enter drill", b"\r"),
    ("Esc back", b"\x1b"),
    ("3 Mål", b"3"),
    ("[ period", b"["),
    ("] period", b"]"),
    ("4 Uppdrag", b"4"),
    ("5 Vårdplatser", b"5"),
    ("6 Nyckeltal", b"6"),
    ("1 Översikt", b"1"),
    ("/", b"/"),
] + [("search letter", bytes([c])) for c in b"hyrpersonal"] + [
    ("Enter search", b"\r"),
    ("Esc back", b"\x1b"),
]


class Session:
    def __init__(self, binary, snapshot, size, home):
        cols, rows = size
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ,
                        struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(binary, [binary, "--theme", "dark", snapshot], env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid, self.fd = pid, fd
        self.seen = bytearray()
        self.last_byte = 0.0
        self.bytes = 0

    def pump(self):
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.last_byte = time.monotonic()
        self.bytes += len(data)
        if FIRST_FRAME_TEXT is not None and len(self.seen) < 1 << 20:
            self.seen += data
        # Answer a cursor-position query (DSR 6) as a terminal would.
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        return True

    def cpu_ticks(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def memory_kib(self):
        pss = rss = 0
        with open(f"/proc/{self.pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
        return pss, rss


def pump_all(sessions, timeout):
    fds = {s.fd: s for s in sessions}
    ready, _, _ = select.select(list(fds), [], [], timeout)
    for fd in ready:
        fds[fd].pump()


def wait_first_frame(session, others, limit=60.0):
    end = time.monotonic() + limit
    while FIRST_FRAME_TEXT not in session.seen:
        if time.monotonic() > end:
            raise SystemExit(f"no first frame from session {session.pid}")
        pump_all(others + [session], 0.05)
    # Settled: quiet for a while (the notes are read after the frame).
    while time.monotonic() - session.last_byte < 0.3:
        pump_all(others + [session], 0.05)
    session.seen = bytearray()


def slope(xs, ys):
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_keys(active, everyone, rounds):
    """Every active session presses the KEYS in order, all at the same
    time, each waiting for its answer before its next key."""
    times = {}
    state = {s.fd: {"step": 0, "sent": None, "next": time.monotonic()} for s in active}
    total = rounds * len(KEYS)
    while any(st["step"] < total for st in state.values()):
        now = time.monotonic()
        for s in active:
            st = state[s.fd]
            if st["step"] >= total:
                continue
            if st["sent"] is None and now >= st["next"]:
                st["sent"] = now
                st["first"] = s.last_byte
                os.write(s.fd, KEYS[st["step"] % len(KEYS)][1])
            elif st["sent"] is not None:
                answered = s.last_byte > st["sent"]
                quiet = now - s.last_byte >= SETTLE_MS / 1000
                if (answered and quiet) or now - st["sent"] > KEY_TIMEOUT_S:
                    name = KEYS[st["step"] % len(KEYS)][0]
                    ms = (s.last_byte - st["sent"]) * 1000 if answered else None
                    times.setdefault(name, []).append(ms)
                    st["step"] += 1
                    st["sent"] = None
                    st["next"] = now + THINK_S
        pump_all(everyone, 0.005)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("snapshot")
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--active", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--size", default="120x40")
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    binary = os.path.abspath(args.binary)
    snapshot = os.path.abspath(args.snapshot)
    homes = tempfile.TemporaryDirectory(prefix="many-users-")
    sessions, memory = [], []
    try:
        started = time.monotonic()
        for i in range(args.sessions):
            home = os.path.join(homes.name, f"user{i}")
            os.makedirs(home)
            session = Session(binary, snapshot, size, home)
            wait_first_frame(session, sessions)
            sessions.append(session)
            pss, rss = map(sum, zip(*(s.memory_kib() for s in sessions)))
            memory.append({"sessions": len(sessions), "pss_kib": pss, "rss_kib": rss})
        start_s = time.monotonic() - started
        active, idle = sessions[: args.active], sessions[args.active:]
        idle_before = [s.cpu_ticks() for s in idle]
        idle_bytes_before = sum(s.bytes for s in idle)
        t0 = time.monotonic()
        times = run_keys(active, sessions, args.rounds)
        window = time.monotonic() - t0
        idle_ticks = sum(s.cpu_ticks() for s in idle) - sum(idle_before)
        idle_bytes = sum(s.bytes for s in idle) - idle_bytes_before
        after = sum(s.memory_kib()[0] for s in sessions)
        hz = os.sysconf("SC_CLK_TCK")
        keys = {}
        for name, values in times.items():
            got = [v for v in values if v is not None]
            keys[name] = {
                "n": len(values),
                "unanswered": len(values) - len(got),
                "median_ms": round(statistics.median(got), 2) if got else None,
                "p90_ms": round(percentile(got, 90), 2) if got else None,
                "p99_ms": round(percentile(got, 99), 2) if got else None,
                "max_ms": round(max(got), 2) if got else None,
            }
        xs = [m["sessions"] for m in memory]
        print(json.dumps({
            "sessions": args.sessions,
            "active": args.active,
            "rounds": args.rounds,
            "start_all_s": round(start_s, 1),
            "memory": {
                "first_session_pss_kib": memory[0]["pss_kib"],
                "all_pss_kib": memory[-1]["pss_kib"],
                "all_rss_kib": memory[-1]["rss_kib"],
                "per_session_pss_kib": round(slope(xs, [m["pss_kib"] for m in memory])),
                "per_session_rss_kib": round(slope(xs, [m["rss_kib"] for m in memory])),
                "all_pss_kib_after_keys": after,
                "curve": memory,
            },
            "keys": keys,
            "idle": {
                "sessions": len(idle),
                "window_s": round(window, 1),
                "cpu_s": idle_ticks / hz,
                "bytes": idle_bytes,
            },
        }, indent=1))
    finally:
        for s in sessions:
            try:
                os.write(s.fd, b"q")
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for s in sessions:
            while time.monotonic() < deadline:
                pid, _ = os.waitpid(s.pid, os.WNOHANG)
                if pid:
                    break
                pump_all([s], 0.05)
            else:
                os.kill(s.pid, signal.SIGKILL)
                os.waitpid(s.pid, 0)
        homes.cleanup()


if __name__ == "__main__":
    main()
