"""pytest fixtures for testing a Solar Proof receiver against solarproof-mock (docs/pytest.md)."""

import json
import os
import shlex
import subprocess
import threading
import urllib.request

import pytest


@pytest.fixture
def solarproof():
    """A fresh solarproof-mock for one test, on a free port; yields its base URL and stops it after.

    Runs `npx --no-install solarproof-mock` (the package installed in your project) unless
    SOLARPROOF_MOCK_CMD names another command, e.g. "node --import tsx src/cli/main.ts" in a clone.
    """
    command = shlex.split(os.environ.get("SOLARPROOF_MOCK_CMD", "npx --no-install solarproof-mock"))
    proc = subprocess.Popen(
        [*command, "--port", "0", "--seed", "7"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "SPMOCK_LOG_LEVEL": "warn"},
    )
    # The first line names the URL: "solarproof-mock listening on http://127.0.0.1:PORT".
    line = proc.stdout.readline()
    if not line.startswith("solarproof-mock listening on "):
        proc.kill()
        raise RuntimeError(f"solarproof-mock did not start: {line!r} (exit code {proc.wait()})")
    # Keep reading stdout so a full pipe never blocks the emulator.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    yield line.split()[-1]
    proc.terminate()  # SIGTERM: the emulator cancels what is pending and exits
    proc.wait(timeout=10)


def control(base_url, method, path, body=None):
    """Calls solarproof-mock's control API (/_emulator/...) and returns the decoded answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base_url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
