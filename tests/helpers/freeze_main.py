"""Runs a TUI in a fresh pseudo-terminal, waits for its first frame, then
freezes its main thread alone (ptrace, as a debugger would) -- what a single
step of SQL that runs for minutes does to the event loop -- and presses
Ctrl-C. Prints JSON: whether the main thread was frozen, whether the
process ended within the limit, its exit code and how long it took."""
import ctypes, json, os, select, signal, sys, time
from ptytools import read_until, spawn, stat

program, marker, limit = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
PTRACE_SEIZE, PTRACE_INTERRUPT = 0x4206, 0x4207
WALL = 0x40000000

pid, fd = spawn([program, "--demo"])
seen = read_until(fd, marker)

libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
libc.ptrace.restype = ctypes.c_long
frozen = (libc.ptrace(PTRACE_SEIZE, pid, None, None) == 0
          and libc.ptrace(PTRACE_INTERRUPT, pid, None, None) == 0)
error = os.strerror(ctypes.get_errno()) if not frozen else None
if frozen:
    # The interrupt stop of the main thread (the thread group leader).
    _, status = os.waitpid(pid, WALL)
    frozen = os.WIFSTOPPED(status)
    frozen = frozen and stat(f"{pid}/task/{pid}")[0] == "t"

# Keep reading what it writes, as a terminal would.
def drain():
    try:
        while select.select([fd], [], [], 0)[0]:
            os.read(fd, 65536)
    except OSError:
        pass

drain()
os.write(fd, b"\x03")
start = time.time()
result = {"first_frame": marker in seen, "frozen": frozen, "error": error, "exited": False}
while time.time() - start < limit:
    drain()
    done, status = os.waitpid(pid, os.WNOHANG | WALL)
    if done and (os.WIFEXITED(status) or os.WIFSIGNALED(status)):
        result.update(exited=True, seconds=round(time.time() - start, 3),
                      code=os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.01)
if not result["exited"]:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, WALL)
print(json.dumps(result))
