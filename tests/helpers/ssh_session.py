"""tertial over a real SSH session to 127.0.0.1: starts its own sshd on a
free port (its own host key, an authorised key, nothing of the machine's
configuration), runs `ssh -tt` in a pseudo-terminal, and ends the session
the ways a user's link does. Prints one JSON line per round.

usage: ssh_session.py TERTIAL SNAPSHOT SCENARIO [ROUNDS]
SCENARIO:
  stop-term    the client is stopped (SIGSTOP) while frames are sent; once
               tertial's writes are stuck, tertial gets SIGTERM
  kill-client  the client is killed (SIGKILL) while tertial idles
  stop-kill    the client is stopped while frames are sent, then killed
  ctrlz-kill   in a remote interactive bash: tertial (in a subshell that
               reports its exit code), Ctrl-Z, the client killed
JSON: {"first_frame", "stuck" (stop-* only), "gone": bool, "seconds": from
the SIGTERM or the kill to tertial's end, "ticks": CPU clock ticks (10 ms)
tertial used meanwhile, "code" (ctrlz-kill only)}. Exit 3 if sshd or ssh
is missing."""
import json, os, pty, select, shutil, signal, socket, subprocess, sys, tempfile, time
import fcntl, struct, termios
from ptytools import read_until, stat, stuck, threads, ticks

tertial, snapshot, scenario = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
MARKER = "Störst underskott".encode()
# sshd passes no locale: a UTF-8 one and no user config, as for every test.
# Notes go to a data folder of the session's own, never the user's.
ENV = ("LANG=C.UTF-8 XDG_CONFIG_HOME=/nonexistent/tertial-tests-config "
       f"XDG_DATA_HOME={tempfile.mkdtemp(prefix='tertial-tests-data-')}")
SSHD = "/usr/sbin/sshd"
if not os.path.exists(SSHD) or not shutil.which("ssh") or not shutil.which("ssh-keygen"):
    print(json.dumps({"skipped": "sshd, ssh or ssh-keygen is not installed"}))
    sys.exit(3)

work = tempfile.mkdtemp(prefix="tertial-ssh-")
os.chmod(work, 0o700)


def keygen(name):
    path = os.path.join(work, name)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
    return path


host_key, client_key = keygen("host"), keygen("client")
authorized = os.path.join(work, "authorized_keys")
shutil.copy(client_key + ".pub", authorized)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
config = os.path.join(work, "sshd_config")
with open(config, "w") as f:
    f.write(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
AuthorizedKeysFile {authorized}
PidFile {work}/sshd.pid
PermitRootLogin yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
LogLevel ERROR
""")
os.makedirs("/run/sshd", exist_ok=True)  # sshd's privilege separation directory
sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", config], stderr=subprocess.DEVNULL)


def descends_from(pid, ancestor):
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            pid = int(stat(pid)[1])
        except OSError:
            return False
    return False


def find_tertial():
    """The tertial started under this sshd."""
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            if os.readlink(f"/proc/{pid}/exe") == tertial and descends_from(pid, sshd.pid):
                return pid
        except OSError:
            pass
    return None


def alive(pid):
    try:
        return stat(pid)[0] != "Z"
    except OSError:
        return False


def drain(fd, seconds):
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                os.read(fd, 1 << 20)
            except OSError:
                return


def watch_end(pid, start, before):
    """Waits for pid to end (3 s at most); (gone, seconds, ticks used)."""
    used = 0
    while time.time() - start < 3:
        if not alive(pid):
            return True, round(time.time() - start, 3), used
        try:
            used = ticks(pid) - before
        except OSError:
            pass
        time.sleep(0.005)
    return False, round(time.time() - start, 3), used


def one_round():
    interactive = scenario == "ctrlz-kill"
    # A prompt of its own to wait for (root's default ends in "#", not "$").
    remote = ("PS1='tertial-ready> ' bash --norc --noprofile -i" if interactive
              else f"NO_COLOR=1 TERM=xterm-256color {ENV} exec {tertial} {snapshot}")
    # The largest drawn area, so that each frame is large.
    rows, cols = (40, 120) if interactive or scenario == "kill-client" else (500, 1000)
    client, fd = pty.fork()
    if client == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execvp("ssh", ["ssh", "-tt", "-p", str(port), "-i", client_key,
                          "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                          "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                          "root@127.0.0.1", remote])
    result = {}
    status_file = os.path.join(work, "status")
    if interactive:
        # A job of a subshell that outlives the hang-up to say how tertial
        # ended (bash itself is gone by then).
        read_until(fd, b"tertial-ready> ", 20)
        script = ('trap "echo TERM >> \\"$2.log\\"" TERM; trap "" HUP; echo start >> "$2.log"; '
                  '"$0" "$1"; echo $? > "$2"; echo end >> "$2.log"')
        os.write(fd, (f"NO_COLOR=1 TERM=xterm-256color {ENV} sh -c '{script}' "
                      f"{tertial} {snapshot} {status_file}\r").encode())
    result["first_frame"] = MARKER in read_until(fd, MARKER, 20)
    pid = find_tertial()
    if pid is None:
        result["error"] = "no tertial under sshd"
    else:
        if scenario.startswith("stop"):
            # The client stops reading and forwarding. Frames keep coming:
            # the remote window is resized (each size a whole new frame of
            # up to 1000 x 500 cells) until tertial's writes are stuck
            # behind the full pty, sshd's buffers and the TCP window.
            # Ekonomi: the widest table of the file.
            os.write(fd, b"2")
            read_until(fd, b"Ekonomi", 10)
            os.kill(client, signal.SIGSTOP)
            remote_tty = os.open(os.readlink(f"/proc/{pid}/fd/1"), os.O_RDWR | os.O_NOCTTY)
            deadline = time.time() + 30
            i = 0
            stuck_since = None
            # Stuck for good: the writer has slept in the tty layer for half
            # a second while new frames kept coming.
            while time.time() < deadline:
                if not stuck(pid):
                    stuck_since = None
                elif stuck_since is None:
                    stuck_since = time.time()
                elif time.time() - stuck_since > 0.5:
                    break
                size = struct.pack("HHHH", rows - (i % 2) * rows // 2, cols - (i % 3) * cols // 3, 0, 0)
                fcntl.ioctl(remote_tty, termios.TIOCSWINSZ, size)
                i += 1
                time.sleep(0.002)
            os.close(remote_tty)
            result["stuck"] = stuck(pid) and stuck_since is not None
            result["resizes"] = i
            if os.environ.get("SSH_SESSION_DEBUG"):
                result["threads"] = threads(pid)
        elif interactive:
            os.write(fd, b"\x1a")
            result["stopped"] = b"Stopped" in read_until(fd, b"Stopped", 10)
        before = ticks(pid)
        start = time.time()
        if scenario == "stop-term":
            os.kill(pid, signal.SIGTERM)
        else:
            os.kill(client, signal.SIGKILL)
        result["gone"], result["seconds"], result["ticks"] = watch_end(pid, start, before)
        if interactive:
            deadline = time.time() + 5
            while not os.path.exists(status_file) and time.time() < deadline:
                time.sleep(0.01)
            time.sleep(0.05)
            try:
                with open(status_file) as f:
                    result["code"] = int(f.read().strip())
                os.unlink(status_file)
            except (OSError, ValueError):
                result["code"] = None
                if os.environ.get("SSH_SESSION_DEBUG"):
                    try:
                        result["log"] = open(status_file + ".log").read()
                    except OSError:
                        result["log"] = None
                    result["left"] = [(n, stat(int(n))[0], open(f"/proc/{n}/cmdline").read()[:60])
                                      for n in os.listdir("/proc") if n.isdigit()
                                      and descends_from(int(n), sshd.pid) and int(n) != sshd.pid]
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    for s in (signal.SIGCONT, signal.SIGKILL):
        try:
            os.kill(client, s)
        except OSError:
            pass
    os.waitpid(client, 0)
    os.close(fd)
    print(json.dumps(result), flush=True)


try:
    deadline = time.time() + 10
    while not os.path.exists(f"{work}/sshd.pid") and time.time() < deadline:
        time.sleep(0.02)
    for _ in range(rounds):
        one_round()
finally:
    sshd.terminate()
    sshd.wait()
    shutil.rmtree(work, ignore_errors=True)
