#!/usr/bin/env python3
"""A Solar Proof webhook receiver using only Python's standard library (http.server, urllib).

    python3 receiver.py --port 8080 --events-file /tmp/sp-events.jsonl \
        --subscribe http://127.0.0.1:4477 --api-key sp_test_key

Solar Proof POSTs JSON with no event-type field, so each event type gets its own URL,
/webhooks/solarproof/{type}. With --subscribe, the receiver subscribes all of them through
apidata.php?action=subscribe_customer once it is listening, as an app does on start. Every request
is answered at once (Solar Proof wants a 200 within 5 seconds); what arrived is appended as one
JSON line to the events file, where a real app would queue a job instead.

The first line on stdout is "receiver listening on http://HOST:PORT" (--port 0 picks a free port).
"""

import argparse
import json
import os
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENT_TYPES = (
    "customer_created",
    "customer_status_change",
    "project_email_sent",
    "project_sms_sent",
    "published_proposal_link",
    "contract_signed",
    "recent_draft_project",
)
PREFIX = "/webhooks/solarproof/"


def handle(event_type, item):
    """What your app would do with one item. v1 and v2 name the same things differently
    (pkcustomerid / customer_id, pkcustomerquotationid / project_id, ...): read both."""
    customer_id = first(item, "customer_id", "pkcustomerid", "fkcustomerid")
    project_id = first(item, "project_id", "pkcustomerquotationid")
    if event_type == "customer_created":
        # Upsert by customer id: Solar Proof may deliver the same event more than once.
        return {"customer_id": customer_id, "name": item.get("customer_name"), "email": item.get("customer_email")}
    if event_type == "customer_status_change":
        return {
            "customer_id": customer_id,
            "old_status": first(item, "old_status_id", "old_status"),
            "new_status": first(item, "new_status_id", "new_status"),
        }
    if event_type == "project_email_sent":
        return {"project_id": project_id, "customer_id": customer_id, "subject": item.get("email_subject")}
    if event_type == "project_sms_sent":
        return {"project_id": project_id, "customer_id": customer_id, "phone": first(item, "phone_primary", "customer_phone")}
    if event_type == "published_proposal_link":
        return {"project_id": project_id, "customer_id": customer_id, "proposal_link": item.get("proposal_link")}
    if event_type == "contract_signed":
        return {"project_id": project_id, "customer_id": customer_id, "signed_at": item.get("signed_at")}
    if event_type == "recent_draft_project":
        return {"project_id": project_id, "customer_id": customer_id, "is_draft": item.get("is_draft")}
    return {}


def first(item, *names):
    for name in names:
        if name in item:
            return item[name]
    return None


class Receiver(BaseHTTPRequestHandler):
    events_file = "events.jsonl"
    lock = threading.Lock()

    def do_GET(self):
        if urllib.parse.urlsplit(self.path).path == "/health":
            return self.answer(200, {"status": "ok"})
        return self.answer(404, {"error": "POST Solar Proof webhooks to " + PREFIX + "{type}"})

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        event_type = path[len(PREFIX):] if path.startswith(PREFIX) else ""
        if event_type not in EVENT_TYPES:
            return self.answer(404, {"error": "No receiver here. POST to " + PREFIX + "{type}, type one of: " + ", ".join(EVENT_TYPES)})
        # The raw body, whatever the Content-Type says.
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        # v1 payloads are one object; v2 payloads are a list of objects, except customer_created,
        # which is one object in both. A list is many items, an object is one.
        if isinstance(body, list) and all(isinstance(i, dict) for i in body):
            shape, items = "array", body
        elif isinstance(body, dict):
            shape, items = "object", [body]
        else:
            # Not JSON, or not objects: nothing we can use. Solar Proof may send it again.
            self.log_message("%s: body is not a JSON object or array: %r", event_type, raw[:80])
            return self.answer(400, {"error": "Body is not a JSON object or array of objects"})
        self.record({
            "type": event_type,
            "shape": shape,
            "received_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "user_agent": self.headers.get("User-Agent"),
            "handled": [handle(event_type, item) for item in items],
            "payload": body,
        })
        return self.answer(200, {"ok": True})

    def record(self, entry):
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self.lock, open(self.events_file, "a", encoding="utf-8") as f:
            f.write(line)

    def answer(self, status, body):
        data = (json.dumps(body) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        sys.stderr.write("receiver: " + (format % args) + "\n")


def subscribe(solarproof_url, api_key, receiver_url):
    """Subscribes every type, one URL per type. Returns the number of failures; contract_signed
    refused as "Invalid webhook type" (an account on v1 payloads has no such event) is skipped."""
    failures = 0
    endpoint = solarproof_url.rstrip("/") + "/apidata.php?" + urllib.parse.urlencode({"action": "subscribe_customer", "api_key": api_key})
    for event_type in EVENT_TYPES:
        hook_url = receiver_url.rstrip("/") + PREFIX + event_type
        status, answer = post_json(endpoint, {"hookUrl": hook_url, "type_request": event_type})
        message = answer.get("message", "") if isinstance(answer, dict) else ""
        if status == 200 and isinstance(answer, dict) and answer.get("success") is True:
            print(f"subscribed {event_type} -> {hook_url}", flush=True)
        elif event_type == "contract_signed" and message == "Invalid webhook type":
            print(f"skipped {event_type}: this account does not offer it (v1 payloads have no contract_signed)", flush=True)
        else:
            failures += 1
            why = f"no answer from {solarproof_url}" if status == 0 else f"HTTP {status} {message or '(no message)'}"
            print(f"could not subscribe {event_type}: {why}", file=sys.stderr, flush=True)
    return failures


def post_json(url, body):
    """POSTs JSON; returns (HTTP status, decoded answer), status 0 when unreachable."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as error:  # a 400 says what is wrong: read it
        status, text = error.code, error.read()
    except (urllib.error.URLError, OSError):
        return 0, None
    try:
        return status, json.loads(text)
    except ValueError:
        return status, None


def main():
    parser = argparse.ArgumentParser(description="Solar Proof webhook receiver (standard library only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--events-file", default=os.environ.get("SOLARPROOF_EVENTS_FILE", "events.jsonl"))
    parser.add_argument("--subscribe", metavar="SOLARPROOF_URL", default=os.environ.get("SOLARPROOF_URL"),
                        help="subscribe every event type there once listening (env SOLARPROOF_URL)")
    parser.add_argument("--api-key", default=os.environ.get("SOLARPROOF_API_KEY", "sp_test_key"))
    args = parser.parse_args()

    Receiver.events_file = args.events_file
    server = ThreadingHTTPServer((args.host, args.port), Receiver)
    url = f"http://{args.host}:{server.server_address[1]}"
    print(f"receiver listening on {url}", flush=True)
    if args.subscribe:
        failures = subscribe(args.subscribe, args.api_key, url)
        if failures:
            server.server_close()
            sys.exit(1)
        print("subscribed every event type", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
