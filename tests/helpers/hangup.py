"""Runs a TUI in a fresh pseudo-terminal as its session leader, waits for its
first frame, then closes the master side as a dropped SSH connection does.
Prints JSON: whether it exited within the limit, how long it took, the CPU
clock ticks (10 ms) it used after the hang-up, and its wait status."""
import json, os, sys, time
from ptytools import read_until, spawn, ticks

program, marker, limit = sys.argv[1], sys.argv[2].encode(), float(sys.argv[3])
pid, fd = spawn([program, "--demo"])
seen = read_until(fd, marker)


before = ticks(pid)
last = before
os.close(fd)
start = time.time()
while True:
    try:
        last = ticks(pid)
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
