"""The receiver's own pytest suite: solarproof-mock from the `solarproof` fixture (conftest.py),
receiver.py as a real process subscribed to it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import control

HERE = Path(__file__).parent


@pytest.fixture
def receiver(solarproof, tmp_path):
    """receiver.py on a free port, subscribed to every type; yields its events file."""
    events = tmp_path / "events.jsonl"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "receiver.py"), "--port", "0", "--events-file", str(events), "--subscribe", solarproof],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().startswith("receiver listening on ")
    for line in proc.stdout:
        if line.strip() == "subscribed every event type":
            break
    else:
        pytest.fail(f"receiver.py did not subscribe (exit code {proc.wait()})")
    yield events
    proc.terminate()
    proc.wait(timeout=10)


def test_stores_a_published_proposal_link(solarproof, receiver):
    triggered = control(solarproof, "POST", "/_emulator/events", {"type": "published_proposal_link"})
    event = triggered["events"][0]
    # Long-poll the journal until the delivery has settled as delivered.
    journal = control(solarproof, "GET", f"/_emulator/deliveries?eventId={event['id']}&state=delivered&wait=10000&min=1")
    assert [d["state"] for d in journal["deliveries"]] == ["delivered"]
    recorded = [json.loads(line) for line in receiver.read_text().splitlines()]
    assert recorded[0]["type"] == "published_proposal_link"
    assert recorded[0]["shape"] == "array"  # v2: a list of objects
    assert recorded[0]["payload"] == event["payload"]
    assert recorded[0]["handled"][0]["proposal_link"] == event["payload"][0]["proposal_link"]
