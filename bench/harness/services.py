"""Loopback servers the benchmarks talk to: imgpipe's sandbox and webhook receiver, and a
stalled endpoint that accepts connections and never replies."""

import base64
import os
import re
import signal
import socket
import subprocess
import threading
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def new_webhook_secret():
    return "whsec_" + base64.b64encode(os.urandom(32)).decode()


def wait_for_port(port, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with status {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


class Sandbox:
    """`imgpipe sandbox --print-tokens`, with the environment its export lines set."""

    def __init__(self, binary, data_directory, state_directory):
        self.port = free_port()
        self.data_directory = data_directory
        self.process = subprocess.Popen(
            [binary, "--state-dir", state_directory, "sandbox", "--port", str(self.port),
             "--data-dir", data_directory, "--print-tokens"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.environment = self._read_exports()
        wait_for_port(self.port, self.process)
        self.url = self.environment["IMGUR_API_URL"].rstrip("/")

    def _read_exports(self):
        exports = {}
        for line in self.process.stdout:
            match = re.match(r"export (\w+)=(.*)", line.strip())
            if match:
                exports[match.group(1)] = match.group(2)
            if "IMGUR_REFRESH_TOKEN" in exports:
                return exports
        raise RuntimeError("the sandbox printed no token pair; check `imgpipe sandbox --print-tokens`")

    def clear_uploads(self):
        """Delete the stored upload files so that repeated runs do not fill the disk."""
        for entry in os.scandir(self.data_directory):
            if entry.is_file():
                os.unlink(entry.path)

    def stop(self):
        _terminate(self.process)


class WebhookListener:
    """`imgpipe webhooks listen`, its printed deliveries discarded."""

    def __init__(self, binary, secret):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/webhooks"
        self.process = subprocess.Popen(
            [binary, "webhooks", "listen", "--secret", secret, "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)

    def stop(self):
        _terminate(self.process)


class StalledEndpoint:
    """Accepts connections on 127.0.0.1, reads what arrives and never replies."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1024)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._drain, args=(connection,), daemon=True).start()

    @staticmethod
    def _drain(connection):
        try:
            while connection.recv(65536):
                pass
        except OSError:
            pass

    def stop(self):
        self.listener.close()
        for connection in self.connections:
            connection.close()


def _terminate(process):
    # Older builds of `imgpipe sandbox` and `imgpipe webhooks listen` ignored SIGTERM, so a
    # server still running after 3 s is killed.
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
