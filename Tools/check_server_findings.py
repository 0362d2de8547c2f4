"""The second red team's findings against `ik serve` and the accounts, each as an end-to-end check (issue 13).
Run by Tools/check-server (also alone: `Tools/check-server IK --findings`). `h` is the check-server module: its
Server, make_store, ik_run, expect, deviation, PASSWORD."""
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time


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


def login_from(server, source, account, password):
    """POST /api/v1/login from the loopback address `source` (127.0.0.0/8 is all this machine's); the status."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60, source_address=(source, 0))
    try:
        connection.request("POST", "/api/v1/login", body=json.dumps({"account": account, "password": password}),
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def signin_lockout_of_others(h, ik, work):
    """A stranger's 5 wrong passwords for the owner's name (from 127.0.0.66) do not lock the owner out of 127.0.0.7."""
    store, _ = h.make_store(ik, work, "lockout")
    server = h.Server(ik, store, work)
    try:
        guesses = [login_from(server, "127.0.0.66", "anna", "guess guess guess %d" % i) for i in range(6)]
        owner = login_from(server, "127.0.0.7", "anna", h.PASSWORD)
    finally:
        h.expect(server.stop() == 0, "lockout: the server did not stop cleanly")
    h.expect(guesses[-1] == 429, "signin-lockout-of-others: the stranger's 6th guess was not limited: %s" % guesses)
    h.expect(owner == 201, "signin-lockout-of-others: the owner's right password from her address after a stranger's "
             "5 guesses: %d" % owner)
    return "signin-lockout-of-others: stranger %s, then the owner from her address: %d" % (guesses, owner)


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
    """An administrator reads no account's role, display name or reason through the log (owners and auditors do: an
    auditor's export and replica are verbatim copies)."""
    store, tokens = h.make_store(ik, work, "account-data")
    h.ik_run(ik, "user", "add", "kalle", "--role", "reader", "--display-name", "Kalle Anka, socialsekreterare",
             "--store", store, stdin=h.PASSWORD + "\n")
    h.ik_run(ik, "user", "disable", "kalle", "--reason", "avskedad efter utredning", "--store", store)
    server = h.Server(ik, store, work)
    leaked, seen = [], {}
    try:
        for who in ("mas", "anna"):
            for path in ("/api/v1/log?stream=account-kalle", "/api/v1/log?type=AccessRevoked", "/api/v1/log",
                         "/api/v1/export/log?format=json"):
                status, _, data = server.request("GET", path, tokens[who])
                if status != 200:
                    continue
                text = data.decode()
                seen[who] = seen.get(who, False) or "avskedad" in text
                if who != "anna" and ("Kalle Anka" in text or "avskedad" in text or '"role"' in text):
                    leaked.append("%s %s" % (who, path))
        # The administrator's log still verifies without our code: the withheld payloads are listed, not failed.
        exported = os.path.join(work, "administrator-log.jsonl")
        with open(exported, "wb") as f:
            f.write(server.request("GET", "/api/v1/log", tokens["mas"])[2])
        checked = subprocess.run([sys.executable, str(h.ROOT / "Tools/verify-export.py"), "--test-store", exported],
                                 capture_output=True, text=True)
        h.expect(checked.returncode == 0 and "withheld" in checked.stdout,
                 "account data: the administrator's log does not verify: %s" % checked.stderr.strip()[:300])
    finally:
        h.expect(server.stop() == 0, "account data: the server did not stop cleanly")
    h.expect(not leaked, "account-data-via-log: account details read through %s" % leaked)
    h.expect(seen.get("anna"), "account data: the owner no longer sees the accounts' history in the log")
    return "account-data-via-log: an administrator sees access envelopes only (%d leaks)" % len(leaked)


def busy_store_500(h, ik, work):
    """Another writer holding the store: 503 with Retry-After after the server's --wait, a problem saying so."""
    store, tokens = h.make_store(ik, work, "busy")
    server = h.Server(ik, store, work, extra=["--wait", "2"])
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'r+'); "
                               "fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
                               os.path.join(store, "writer.lock")], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        began = time.monotonic()
        status, headers, data = server.request("POST", "/api/v1/events", tokens["mas"], h.deviation("BUSY-1"))
        took = time.monotonic() - began
    finally:
        holder.kill()
        holder.wait()
        after = server.request("POST", "/api/v1/events", tokens["mas"], h.deviation("BUSY-2"))[0]
        h.expect(server.stop() == 0, "busy store: the server did not stop cleanly")
    document = h.problem(status, headers, data) or {}
    h.expect(status == 503 and int(headers.get("retry-after", "0")) > 0 and document.get("type", "").endswith("store-busy")
             and 1.5 < took < 8, "busy-store-500: with the writer lock held: %d after %.1f s (--wait 2), Retry-After %s, %s"
             % (status, took, headers.get("retry-after"), document.get("type")))
    h.expect(after == 201, "busy store: once the lock was free the append gave %d" % after)
    return "busy-store-500: writer lock held: %d after %.1f s (--wait 2), then 201" % (status, took)


def trickle(server, token, body, until):
    """Sends an append's head and then its body a byte a second until `until()` or the server closes. The seconds."""
    began = time.monotonic()
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    connection.sendall(("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n" % (token, len(body))).encode())
    try:
        for byte in body[:-1]:
            if until() or time.monotonic() - began > 60:
                break
            connection.sendall(bytes([byte]))
            time.sleep(1)
    except OSError:
        pass
    finally:
        connection.close()
    return time.monotonic() - began


def sigterm_held_by_trickling_client(h, ik, work):
    """A client trickling its body a byte a second: closed after --read-timeout; and after SIGTERM the server stops
    within --shutdown-grace (and the cancellation's few seconds) whatever the client does."""
    store, tokens = h.make_store(ik, work, "trickle")
    body = h.deviation("TRICKLE-1" + "x" * 100).encode()
    server = h.Server(ik, store, work, extra=["--read-timeout", "4"])
    try:
        closed = trickle(server, tokens["mas"], body, lambda: False)
    finally:
        h.expect(server.stop() == 0, "trickle: the server did not stop cleanly")
    h.expect(closed < 10, "sigterm-held-by-trickling-client: a trickling client was served for %.0f s (--read-timeout 4)"
             % closed)
    server = h.Server(ik, store, work, extra=["--shutdown-grace", "3"])
    stopped = {}
    def stop():
        time.sleep(2)
        began = time.monotonic()
        os.kill(server.pid, signal.SIGTERM)
        server.process.wait(timeout=120)
        stopped["after"] = time.monotonic() - began
    stopper = threading.Thread(target=stop)
    stopper.start()
    trickle(server, tokens["mas"], body, lambda: "after" in stopped)
    stopper.join()
    h.expect(stopped.get("after", 999) < 12, "sigterm-held-by-trickling-client: the server stopped %.0f s after SIGTERM "
             "(--shutdown-grace 3) with a client trickling" % stopped.get("after", -1))
    return ("sigterm-held-by-trickling-client: closed after %.0f s (--read-timeout 4); stopped %.1f s after SIGTERM "
            "(--shutdown-grace 3)" % (closed, stopped.get("after", -1)))


def lookalike_account_names(h, ik, work):
    """Own, OWN, ｏwn beside own: refused, naming own."""
    store, _ = h.make_store(ik, work, "lookalike")
    h.ik_run(ik, "user", "add", "own", "--role", "administrator", "--store", store, stdin=h.PASSWORD + "\n")
    accepted = []
    for name in ("Own", "OWN", "\uff4fwn"):
        result = h.ik_run(ik, "user", "add", name, "--role", "administrator", "--store", store, stdin=h.PASSWORD + "\n",
                          check=False)
        if result.returncode != 65 or "looks like the account own" not in result.stderr:
            accepted.append(name)
    h.expect(not accepted, "lookalike-account-names: accepted beside own: %s" % accepted)
    return "lookalike-account-names: Own, OWN, ｏwn beside own: %d accepted" % len(accepted)


def minor_and_openapi(h, ik, work):
    """`bearer` in lower case is accepted; PUT /log is 405 with Allow; request ids are random; the document is real."""
    store, tokens = h.make_store(ik, work, "minor")
    server = h.Server(ik, store, work)
    try:
        lower = server.request("GET", "/api/v1/me", headers={"Authorization": "bearer " + tokens["anna"]})[0]
        put, headers, _ = server.request("PUT", "/api/v1/log", tokens["anna"], "{}")
        ids = [int(server.request("GET", "/healthz")[1].get("x-request-id", "0"), 16) for _ in range(3)]
        status, _, document = server.request("GET", "/api/v1/openapi.json")
    finally:
        h.expect(server.stop() == 0, "minor: the server did not stop cleanly")
    h.expect(lower == 200, "minor: Authorization: bearer … (lower case) gave %d" % lower)
    h.expect(put == 405 and "GET" in headers.get("allow", ""), "minor: PUT /api/v1/log gave %d, Allow %s"
             % (put, headers.get("allow")))
    h.expect(max(ids) - min(ids) > 1000, "minor: request ids in sequence: %s" % [hex(i) for i in ids])
    paths = json.loads(document).get("paths", {}) if status == 200 else {}
    h.expect(len(paths) > 10, "openapi-document-empty: /api/v1/openapi.json has %d paths" % len(paths))
    return "minor: bearer %d, PUT /log %d (Allow %s), request ids random; openapi.json: %d paths" % (
        lower, put, headers.get("allow"), len(paths))


def cli_actor_impersonation(h, ik, work):
    """IK_ACTOR=lasare ik user role mas --role owner: recorded as the system user, via cli:; server events via server."""
    store, tokens = h.make_store(ik, work, "impersonation")
    subprocess.run([ik, "user", "role", "mas", "--role", "owner", "--reason", "befordrad", "--store", store],
                   capture_output=True, env=dict(os.environ, IK_ACTOR="lasare"), check=True)
    server = h.Server(ik, store, work)
    try:
        accounts = json.loads(server.request("GET", "/api/v1/accounts", tokens["anna"])[2])["accounts"]
        written = server.request("POST", "/api/v1/events", tokens["mas"], h.deviation("VIA-1"))[0]
        log = server.request("GET", "/api/v1/log?type=DeviationRecorded&format=json", tokens["anna"])[2]
    finally:
        h.expect(server.stop() == 0, "impersonation: the server did not stop cleanly")
    change = [a for a in accounts if a["account"] == "mas"][0]["history"][-1]
    h.expect(change.get("actor") != "lasare" and str(change.get("via", "")).startswith("cli:"),
             "cli-actor-impersonation: the role change is recorded as %s via %s" % (change.get("actor"), change.get("via")))
    mine = [line["envelope"] for line in json.loads(log) if line["envelope"].get("idempotencyKey") == "VIA-1"]
    h.expect(written == 201 and mine and mine[0].get("via") == "server" and mine[0]["actor"] == "mas",
             "cli-actor-impersonation: the server's event says %s" % mine)
    return "cli-actor-impersonation: IK_ACTOR=lasare's role change recorded as %s via %s; the server's via %s" % (
        change.get("actor"), change.get("via"), mine[0].get("via") if mine else None)


def auditor_verify_starves_all_reads(h, ik, work):
    """An auditor keeping 16 GET /verify in flight: at most --heavy-per-account run (the rest 429 problems with
    Retry-After), one verification at a time, and a reader's /plans meanwhile is answered as usual."""
    store, tokens = h.make_store(ik, work, "verify-starve")
    server = h.Server(ik, store, work)
    statuses, plans, stop = [], [], threading.Event()
    refusals_ok = []
    try:
        def verifier():
            while not stop.is_set():
                status, headers, data = server.request("GET", "/api/v1/verify", tokens["revisor"])
                statuses.append(status)
                if status == 429:
                    document = h.problem(status, headers, data) or {}
                    refusals_ok.append(int(headers.get("retry-after", "0")) > 0
                                       and document.get("type", "").endswith("too-many-heavy-requests"))
        threads = [threading.Thread(target=verifier) for _ in range(16)]
        for t in threads:
            t.start()
        end = time.monotonic() + 6
        while time.monotonic() < end:
            began = time.monotonic()
            status = server.request("GET", "/api/v1/plans", tokens["lasare"])[0]
            plans.append((status, time.monotonic() - began))
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
    finally:
        stop.set()
        h.expect(server.stop() == 0, "verify starve: the server did not stop cleanly")
    slowest = max(t for _, t in plans)
    h.expect(all(s in (200, 429) for s in statuses), "auditor-verify-starves-all-reads: verify gave %s"
             % sorted(set(statuses)))
    h.expect(all(refusals_ok), "auditor-verify-starves-all-reads: a 429 without Retry-After or not a "
             "too-many-heavy-requests problem")
    h.expect(all(s == 200 for s, _ in plans) and slowest < 5, "auditor-verify-starves-all-reads: a reader's /plans "
             "beside 16 verifies: %s, slowest %.1f s" % (sorted(set(s for s, _ in plans)), slowest))
    return ("auditor-verify-starves-all-reads: 16 verifiers: %d answered, %d refused (429); reader /plans x%d, "
            "slowest %.2f s" % (statuses.count(200), statuses.count(429), len(plans), slowest))


def login_body_slowloris(h, ik, work):
    """100 connections from 127.0.0.1 dripping sign-in bodies (--max-per-address 32, --anonymous-read-timeout 3):
    those beyond 32 are closed at once, the rest after about 3 s, and /healthz is answered again right after."""
    store, _ = h.make_store(ik, work, "slowloris")
    server = h.Server(ik, store, work, extra=["--max-per-address", "32", "--anonymous-read-timeout", "3"])
    head = (b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 4000\r\n\r\n{")
    sockets, closed_at = [], {}
    try:
        began = time.monotonic()
        for _ in range(100):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sockets.append(connection)
            try:
                connection.sendall(head)
            except OSError:
                pass
        while len(closed_at) < len(sockets) and time.monotonic() - began < 30:
            for i, connection in enumerate(sockets):
                if i in closed_at:
                    continue
                try:
                    connection.setblocking(False)
                    if connection.recv(4096) == b"":
                        closed_at[i] = time.monotonic() - began
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    closed_at[i] = time.monotonic() - began
                    continue
                try:
                    connection.send(b" ")
                except OSError:
                    closed_at[i] = time.monotonic() - began
            time.sleep(0.5)
        healthz = server.request("GET", "/healthz")[0]
    finally:
        for connection in sockets:
            connection.close()
        h.expect(server.stop() == 0, "slowloris: the server did not stop cleanly")
    at_once = sum(1 for t in closed_at.values() if t < 2)
    last = max(closed_at.values()) if closed_at else -1
    h.expect(len(closed_at) == 100 and last < 15, "login-body-slowloris: %d of 100 dripping sign-ins closed, the last "
             "after %.0f s (--anonymous-read-timeout 3)" % (len(closed_at), last))
    h.expect(at_once >= 60, "login-body-slowloris: only %d of 100 connections beyond --max-per-address 32 closed at once"
             % at_once)
    h.expect(healthz == 200, "login-body-slowloris: /healthz after the drip: %d" % healthz)
    return ("login-body-slowloris: 100 dripping sign-ins: %d closed at once, all within %.1f s; /healthz then %d"
            % (at_once, last, healthz))


def minors_round3(h, ik, work):
    """IK_NOW on a store that is not a test store, and a TLS key others may read: refused at start (64, 77); a token
    records the day it expires (ik user token --expires)."""
    real = os.path.join(work, "minors-real")
    h.ik_run(ik, "init", "--store", real)
    pinned = subprocess.run(["timeout", "30", ik, "serve", "--store", real, "--listen", "127.0.0.1:0"], capture_output=True,
                            text=True, env=dict(os.environ, IK_NOW="2025-01-01T00:00:00Z"))
    h.expect(pinned.returncode == 64 and "IK_NOW" in pinned.stderr, "minors: IK_NOW on a real store: exit %d, %s"
             % (pinned.returncode, pinned.stderr.strip()[:200]))
    key, cert = os.path.join(work, "minors-key.pem"), os.path.join(work, "minors-cert.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                           "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], capture_output=True)
    tls = None
    if made.returncode == 0:
        os.chmod(key, 0o644)
        tls = subprocess.run(["timeout", "30", ik, "serve", "--store", real, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                              "--tls-key", key], capture_output=True, text=True)
        h.expect(tls.returncode == 77 and "chmod 600" in tls.stderr, "minors: a TLS key of mode 0644: exit %d, %s"
                 % (tls.returncode, tls.stderr.strip()[:200]))
    store, tokens = h.make_store(ik, work, "minors-token")
    h.ik_run(ik, "user", "token", "mas", "--expires", "7d", "--store", store)
    server = h.Server(ik, store, work)
    try:
        log = server.request("GET", "/api/v1/log?type=TokenIssued&format=json", tokens["anna"])[2]
    finally:
        h.expect(server.stop() == 0, "minors: the server did not stop cleanly")
    expiries = [line["payload"].get("expiresOn") for line in json.loads(log)]
    h.expect(expiries and all(expiries), "minors: TokenIssued events without expiresOn: %s" % expiries)
    return "minors: IK_NOW on a real store exit %d; TLS key 0644 exit %s; token expiries %s" % (
        pinned.returncode, tls.returncode if tls else "(no openssl)", sorted(set(expiries))[-2:])


def account_personal_data_never_erasable(h, ik, work):
    """A display name and a revocation's reason (health) are redacted with ik redact, gone from data.mdb, and the
    roles stay: ik user list and GET /api/v1/accounts, now and as of before, show the same history; an
    administrator's log (access events withheld, the redactions too) still verifies."""
    store, tokens = h.make_store(ik, work, "account-gdpr")
    h.ik_run(ik, "user", "add", "bob", "--role", "reader", "--display-name", "Bob Hemligsson", "--store", store,
             stdin=h.PASSWORD + "\n")
    h.ik_run(ik, "user", "disable", "bob", "--reason", "sjukskriven för utmattningssyndrom", "--store", store)
    details = [line["envelope"]["seq"] for line in map(json.loads, h.ik_run(
        ik, "log", "--stream", "account-bob", "--type", "AccountDetailsRecorded", "--format", "jsonl", "--store",
        store).stdout.splitlines())]
    size = json.loads(h.ik_run(ik, "user", "list", "--format", "json", "--store", store).stdout)["knownAtSeq"]

    def roles(text):
        def strip(value):
            if isinstance(value, dict):
                return {k: strip(v) for k, v in value.items() if k not in ("displayName", "reason", "redacted", "knownAtSeq")}
            return [strip(v) for v in value] if isinstance(value, list) else value
        return strip(json.loads(text))

    def ledgers(server):
        return [roles(server.request("GET", "/api/v1/accounts" + query, tokens["anna"])[2])
                for query in ("", "?asOfSeq=%d" % (size - 2))]

    server = h.Server(ik, store, work)
    try:
        before = ledgers(server)
    finally:
        h.expect(server.stop() == 0, "account data: the server did not stop cleanly")
    listed = roles(h.ik_run(ik, "user", "list", "--format", "json", "--store", store).stdout)
    for seq in details:
        h.ik_run(ik, "redact", "--target", "seq:%d" % seq, "--reason", "gallring enligt beslut", "--store", store)
    with open(os.path.join(store, "data.mdb"), "rb") as f:
        left = [word for word in ("Hemligsson", "utmattning") if word.encode() in f.read()]
    server = h.Server(ik, store, work)
    try:
        after = ledgers(server)
        exported = os.path.join(work, "administrator-redacted-log.jsonl")
        with open(exported, "wb") as f:
            f.write(server.request("GET", "/api/v1/log", tokens["mas"])[2])
    finally:
        h.expect(server.stop() == 0, "account data: the server did not stop cleanly")
    checked = subprocess.run([sys.executable, str(h.ROOT / "Tools/verify-export.py"), "--test-store", exported],
                             capture_output=True, text=True)
    h.expect(len(details) == 2 and not left, "account-personal-data-never-erasable: details at %s; still in data.mdb: %s"
             % (details, left))
    h.expect(after == before and roles(h.ik_run(ik, "user", "list", "--format", "json", "--store", store).stdout) == listed,
             "account-personal-data-never-erasable: the roles changed with the redaction: %s -> %s" % (before, after))
    h.expect(checked.returncode == 0, "account data: the administrator's log does not verify after a redaction: %s"
             % checked.stderr.strip()[:300])
    return "account-personal-data-never-erasable: name and reason redacted (seq %s), %d left in data.mdb, roles kept" % (
        ", ".join(map(str, details)), len(left))


FINDINGS = [login_throttle_race, signin_lockout_of_others, auditor_verify_starves_all_reads, login_body_slowloris, password_change_keeps_tokens, idempotency_confirms_others_events,
            account_data_via_log, lookalike_account_names, busy_store_500, sigterm_held_by_trickling_client,
            minor_and_openapi, cli_actor_impersonation, minors_round3, account_personal_data_never_erasable]


def run(h, ik, work, only=None):
    for finding in FINDINGS:
        if only and finding.__name__ not in only:
            continue
        failures = len(h.FAILURES)
        line = finding(h, ik, work)
        print("  %s%s" % (line, "" if len(h.FAILURES) == failures else "  ← FAILED"))
