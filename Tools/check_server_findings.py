"""The second red team's findings against `ik serve` and the accounts, each as an end-to-end check (issue 13).
Run by Tools/check-server (also alone: `Tools/check-server IK --findings`). `h` is the check-server module: its
Server, make_store, ik_run, expect, deviation, PASSWORD."""
import json
import os
import subprocess
import sys
import threading


def login_throttle_race(h, ik, work):
    """40 guesses for one account sent at once from one address: at most 5 are checked, the right one last is 429."""
    store, _ = h.make_store(ik, work, "throttle-race")
    server = h.Server(ik, store, work)
    statuses = {}
    try:
        def guess(i):
            password = h.PASSWORD if i == 39 else "wrong guess %04d" % i
            statuses[i] = server.request("POST", "/api/v1/login", None,
                                         json.dumps({"account": "lasare", "password": password}))[0]
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        h.expect(server.stop() == 0, "throttle race: the server did not stop cleanly")
    checked = sum(1 for s in statuses.values() if s in (401, 201))
    h.expect(checked <= 5 and all(s in (401, 201, 429) for s in statuses.values()),
             "login-throttle-race: %d of 40 guesses at once were checked (limit 5): %s" % (checked, sorted(statuses.values())))
    return "login-throttle-race: 40 guesses at once, %d checked" % checked


def password_change_keeps_tokens(h, ik, work):
    """A token taken with a stolen password stops working when the owner sets a new password."""
    store, tokens = h.make_store(ik, work, "password-change")
    server = h.Server(ik, store, work)
    try:
        stolen = json.loads(server.request("POST", "/api/v1/login", None,
                                           json.dumps({"account": "mas", "password": h.PASSWORD}))[2])["token"]
        h.ik_run(ik, "user", "password", "mas", "--store", store, stdin="ett helt nytt lösenord\n")
        me = server.request("GET", "/api/v1/me", stolen)[0]
        other = server.request("GET", "/api/v1/me", tokens["anna"])[0]
    finally:
        h.expect(server.stop() == 0, "password change: the server did not stop cleanly")
    h.expect(me == 401 and other == 200,
             "password-change-keeps-tokens: after ik user password the old login token gave %d (another account's %d)"
             % (me, other))
    return "password-change-keeps-tokens: the login token after ik user password: %d" % me


def post(server, token, draft):
    status, _, data = server.request("POST", "/api/v1/events", token, json.dumps(draft))
    return status, json.loads(data)


def idempotency_confirms_others_events(h, ik, work):
    """Another account's idempotency key neither returns their event nor names its seq."""
    store, tokens = h.make_store(ik, work, "idempotency")
    server = h.Server(ik, store, work)
    plan = lambda plan_id: {"type": "PlanAdopted", "idempotencyKey": "budget-2024", "payload": {
        "planId": plan_id, "organisation": "Org", "year": 2024, "adoptedOn": "2024-01-10"}}
    try:
        _, owners = post(server, tokens["anna"], plan("P-OWN"))
        status, theirs = post(server, tokens["mas"], plan("P-OWN"))
        other, refused = post(server, tokens["mas"], plan("P-OTHER"))
        again, repeat = post(server, tokens["mas"], plan("P-OTHER"))
    finally:
        h.expect(server.stop() == 0, "idempotency: the server did not stop cleanly")
    seq = owners["events"][0]["seq"]
    event = (theirs.get("events") or [{}])[0]
    h.expect(status != 201 or (not event.get("alreadyRecorded") and event.get("seq") != seq),
             "idempotency-confirms-others-events: another account's key returned its event: %s" % event)
    h.expect(str(seq) not in json.dumps(refused.get("problems", [])) or other == 201,
             "idempotency-confirms-others-events: a 422 named the other account's seq: %s" % refused.get("problems"))
    h.expect(again == 201 and repeat["events"][0].get("alreadyRecorded"),
             "idempotency: a retry with one's own key was not answered as already recorded: %d %s" % (again, repeat))
    return ("idempotency-confirms-others-events: another account's key and draft: %d (%s), a new draft under it: %d"
            % (status, (theirs.get("problems") or [{}])[0].get("rule", "")[:40], other))


def account_data_via_log(h, ik, work):
    """An administrator or auditor reads no account's role, display name or reason through the log."""
    store, tokens = h.make_store(ik, work, "account-data")
    h.ik_run(ik, "user", "add", "kalle", "--role", "reader", "--display-name", "Kalle Anka, socialsekreterare",
             "--store", store, stdin=h.PASSWORD + "\n")
    h.ik_run(ik, "user", "disable", "kalle", "--reason", "avskedad efter utredning", "--store", store)
    server = h.Server(ik, store, work)
    leaked, seen = [], {}
    try:
        for who in ("mas", "revisor", "anna"):
            for path in ("/api/v1/log?stream=account-kalle", "/api/v1/log?type=AccessRevoked", "/api/v1/log",
                         "/api/v1/export/log?format=json"):
                status, _, data = server.request("GET", path, tokens[who])
                if status != 200:
                    continue
                text = data.decode()
                seen[who] = seen.get(who, False) or "avskedad" in text
                if who != "anna" and ("Kalle Anka" in text or "avskedad" in text or '"role"' in text):
                    leaked.append("%s %s" % (who, path))
        # The auditor's export still verifies without our code: the withheld payloads are listed, not failed.
        exported = os.path.join(work, "auditor-export.jsonl")
        with open(exported, "wb") as f:
            f.write(server.request("GET", "/api/v1/export/log", tokens["revisor"])[2])
        checked = subprocess.run([sys.executable, str(h.ROOT / "Tools/verify-export.py"), "--test-store", exported],
                                 capture_output=True, text=True)
        h.expect(checked.returncode == 0 and "withheld" in checked.stdout,
                 "account data: the auditor's export does not verify: %s" % checked.stderr.strip()[:300])
    finally:
        h.expect(server.stop() == 0, "account data: the server did not stop cleanly")
    h.expect(not leaked, "account-data-via-log: account details read through %s" % leaked)
    h.expect(seen.get("anna"), "account data: the owner no longer sees the accounts' history in the log")
    return "account-data-via-log: administrator and auditor see access envelopes only (%d leaks)" % len(leaked)


FINDINGS = [login_throttle_race, password_change_keeps_tokens, idempotency_confirms_others_events,
            account_data_via_log]


def run(h, ik, work, only=None):
    for finding in FINDINGS:
        if only and finding.__name__ not in only:
            continue
        failures = len(h.FAILURES)
        line = finding(h, ik, work)
        print("  %s%s" % (line, "" if len(h.FAILURES) == failures else "  ← FAILED"))
