"""A pseudo-terminal with a minimal job-control shell, as on an SSH session:
the shell is the session leader, the TUI a job in its own process group in
the foreground. The shell reports when the job stops and, when the
terminal hangs up, does what bash does (SIGHUP, then SIGCONT, to the job).
It writes the job's wait status to a file, so the caller learns how the
TUI ended even after the terminal is gone.

usage: jobshell.py PROGRAM MARKER SCENARIO [ROUNDS]
SCENARIO:
  ctrlz-hangup  first frame, Ctrl-Z, the job stops, the terminal hangs up
  ctrlz-fg-ctrlz-hangup  the same, resumed (fg) and suspended again first
  stuck-hangup  first frame, the terminal stops reading, keys until the
                job's writes are stuck, the terminal hangs up
  tstp-hangup   first frame, SIGTSTP sent with kill, the terminal hangs up
Prints one JSON line per round: {"stopped": bool, "code": N, "signal": N,
"seconds": S} (code: exit code; signal: the signal that killed it, 0 if
none; seconds: from the hang-up to its end)."""
import json, os, pty, signal, sys, tempfile, time
from ptytools import read_until, stat, stuck, threads

program, marker = sys.argv[1], sys.argv[2].encode()
scenario = sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1


def shell(status_path):
    """The session leader of the pty: starts the job and waits for it."""
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    signal.signal(signal.SIGTTIN, signal.SIG_IGN)
    signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    job = os.fork()
    if job == 0:
        os.setpgid(0, 0)
        os.tcsetpgrp(0, os.getpid())
        for s in (signal.SIGTTOU, signal.SIGTTIN, signal.SIGTSTP):
            signal.signal(s, signal.SIG_DFL)
        os.environ["NO_COLOR"] = "1"
        os.environ["TERM"] = "xterm-256color"
        os.environ["LANG"] = "C.UTF-8"
        os.environ.pop("LC_ALL", None)
        os.environ.pop("LC_CTYPE", None)
        os.environ["XDG_CONFIG_HOME"] = "/nonexistent/tertial-tests-config"
        # Notes in a folder of the test's own, never the user's.
        os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="tertial-tests-data-")
        os.execv(program, [program, "--demo"])
    try:
        # Also done by the job itself; fails once it has exec'd.
        os.setpgid(job, job)
    except OSError:
        pass
    hung_up = []

    def on_hup(*_):
        # As bash does: hang up the job, and wake it if it is stopped.
        hung_up.append(time.time())
        for s in (signal.SIGHUP, signal.SIGCONT):
            try:
                os.killpg(job, s)
            except OSError:
                pass

    signal.signal(signal.SIGHUP, on_hup)
    signal.signal(signal.SIGUSR1, lambda *_: (os.tcsetpgrp(0, job), os.killpg(job, signal.SIGCONT)))
    try:
        os.tcsetpgrp(0, job)
    except OSError:
        pass
    while True:
        try:
            _, status = os.waitpid(job, os.WUNTRACED)
        except InterruptedError:
            continue
        if os.WIFSTOPPED(status):
            try:
                os.tcsetpgrp(0, os.getpgrp())
                os.write(1, b"\r\n[job stopped]\r\n")
            except OSError:
                pass
            continue
        with open(status_path, "w") as f:
            json.dump({"code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1,
                       "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                       "end": time.time()}, f)
        os._exit(0)


def job_pid(shell_pid):
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if int(stat(name)[1]) == shell_pid:
                    return int(name)
            except OSError:
                pass
    return None


def one_round():
    status_path = tempfile.mktemp(prefix="jobshell-")
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl, struct, termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        shell(status_path)
        os._exit(1)
    ok = marker in read_until(fd, marker)
    job = job_pid(pid)
    stopped = False
    if scenario.startswith("ctrlz"):
        os.write(fd, b"\x1a")
        stopped = b"[job stopped]" in read_until(fd, b"[job stopped]", 30)
        if scenario == "ctrlz-fg-ctrlz-hangup" and stopped:
            os.kill(pid, signal.SIGUSR1)  # the shell's fg
            read_until(fd, marker, 30)
            os.write(fd, b"\x1a")
            stopped = b"[job stopped]" in read_until(fd, b"[job stopped]", 30)
    elif scenario == "tstp-hangup":
        os.kill(job, signal.SIGTSTP)
        stopped = b"[job stopped]" in read_until(fd, b"[job stopped]", 30)
    elif scenario == "stuck-hangup":
        os.set_blocking(fd, False)
        deadline = time.time() + 20
        i = 0
        while not stuck(job) and time.time() < deadline:
            try:
                os.write(fd, b"2345"[i % 4:i % 4 + 1])
            except OSError:
                pass
            i += 1
            time.sleep(0.005)
        stopped = stuck(job)
    before = threads(job) if not stopped and job else None
    hung_up = time.time()
    os.close(fd)
    # The shell writes the status file and then exits: wait for its exit
    # (a generous deadline, not a measure of speed), then read the file.
    deadline = time.time() + 60
    shell_done = False
    while not shell_done and time.time() < deadline:
        shell_done = os.waitpid(pid, os.WNOHANG)[0] != 0
        if not shell_done:
            time.sleep(0.02)
    result = {"first_frame": ok, "stopped": stopped}
    try:
        with open(status_path) as f:
            status = json.load(f)
        os.unlink(status_path)
        result.update(code=status["code"], signal=status["signal"],
                      seconds=round(status["end"] - hung_up, 3))
    except (OSError, ValueError):
        result.update(code=None, signal=None, before=before, after=threads(job))
        if job:
            try:
                os.kill(job, signal.SIGKILL)
            except OSError:
                pass
    if not shell_done:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    print(json.dumps(result), flush=True)


for _ in range(rounds):
    one_round()
