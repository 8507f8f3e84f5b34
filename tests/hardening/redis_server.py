"""A real redis-server for the tests: started on a free port in a temporary
folder, with the faults a production Redis can have (paused, out of memory,
read-only after a failover, killed)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, tmp, appendonly: bool = False):
        exe = shutil.which("redis-server")
        assert exe, "redis-server is missing: run `make test`, which installs it"
        self.exe, self.tmp, self.port, self.proc = exe, tmp, free_port(), None
        self.appendonly = appendonly

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.appendonly else "no", "--appendfsync", "always",
             "--dir", str(self.tmp), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                if self.command("PING").startswith("+PONG"):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self) -> None:
        if self.proc:
            if self.proc.poll() is None:
                os.kill(self.proc.pid, signal.SIGCONT)  # a paused server cannot stop
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def kill(self) -> None:
        """Gone at once, as after a crash (SIGKILL: nothing saved on the way out)."""
        self.proc.kill()
        self.proc.wait(10)
        self.proc = None

    def pause(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)  # it hangs: connections open, no answers

    def resume(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def command(self, *words: str) -> str:
        """One command in Redis's inline protocol; the first reply line."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall((" ".join(words) + "\r\n").encode())
            return s.recv(4096).decode(errors="replace")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"
