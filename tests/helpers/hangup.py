"""Runs a TUI in a fresh pseudo-terminal as its session leader, waits for its
first frame, then closes the master side as a dropped SSH connection does.
Prints JSON: whether it exited within the limit, how long it took, the CPU
clock ticks (10 ms) it used after the hang-up, and its wait status."""
import fcntl, json, os, pty, select, struct, sys, termios, time

program, marker, limit = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    # A real window size: a new pty starts at 0x0.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.environ["NO_COLOR"] = "1"
    os.environ["TERM"] = "xterm-256color"
    # A UTF-8 locale and no user config, whatever the machine has.
    os.environ["LANG"] = "C.UTF-8"
    os.environ.pop("LC_ALL", None)
    os.environ.pop("LC_CTYPE", None)
    os.environ["XDG_CONFIG_HOME"] = "/nonexistent/tertial-tests-config"
    os.execv(program, [program, "--demo"])

seen = b""
deadline = time.time() + 10
while marker not in seen and time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        seen += os.read(fd, 65536)


def ticks():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


before = ticks()
last = before
os.close(fd)
start = time.time()
while True:
    try:
        last = ticks()
    except OSError:
        pass
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print(json.dumps({"first_frame": marker in seen, "exited": True,
                          "seconds": time.time() - start, "ticks": last - before,
                          "code": os.waitstatus_to_exitcode(status)}))
        break
    if time.time() - start > limit:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        print(json.dumps({"first_frame": marker in seen, "exited": False, "ticks": last - before}))
        break
    time.sleep(0.02)
