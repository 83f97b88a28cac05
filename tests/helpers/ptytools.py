"""What the pty helpers share: starting a program in a fresh pseudo-terminal
as its session leader, reading until a marker, and looking at a process's
threads through /proc."""
import fcntl, os, pty, select, struct, tempfile, termios, time


def spawn(argv, rows=24, cols=80):
    """argv in a fresh pty of rows x cols (a new pty starts at 0 x 0), with
    NO_COLOR, an xterm TERM, a UTF-8 locale and no user config, whatever
    the machine has; (pid, master fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ["NO_COLOR"] = "1"
        os.environ["TERM"] = "xterm-256color"
        os.environ["LANG"] = "C.UTF-8"
        os.environ.pop("LC_ALL", None)
        os.environ.pop("LC_CTYPE", None)
        os.environ["XDG_CONFIG_HOME"] = "/nonexistent/tertial-tests-config"
        # Notes in a folder of the test's own, never the user's.
        os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="tertial-tests-data-")
        os.execv(argv[0], argv)
    return pid, fd


def read_until(fd, wanted, limit=60):
    """Reads what the program writes until `wanted` came (or `limit`
    seconds passed, or the pty closed); what was read."""
    seen = b""
    deadline = time.time() + limit
    while wanted not in seen and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def stat(pid):
    """The fields of /proc/PID/stat after the command name."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def ticks(pid):
    """CPU clock ticks (10 ms) the process has used."""
    fields = stat(pid)
    return int(fields[11]) + int(fields[12])


def threads(pid):
    """Each thread's name, state and the kernel function it sleeps in."""
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            base = f"/proc/{pid}/task/{task}"
            with open(f"{base}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/wchan") as f:
                wchan = f.read().strip()
            out.append((name, stat(f"{pid}/task/{task}")[0], wchan))
    except OSError:
        pass
    return out


def stuck(pid):
    """A write to the terminal is stuck: a thread other than the one that
    reads keys sleeps in the tty layer."""
    return any(name != "terminal-reader" and wchan == "wait_woken"
               for name, _, wchan in threads(pid))
