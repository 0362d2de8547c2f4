"""The second red team's findings against `ik serve` and the accounts, each as an end-to-end check (issue 13).
Run by Tools/check-server (also alone: `Tools/check-server IK --findings`). `h` is the check-server module: its
Server, make_store, ik_run, expect, deviation, PASSWORD."""
import json
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


FINDINGS = [login_throttle_race, password_change_keeps_tokens]


def run(h, ik, work, only=None):
    for finding in FINDINGS:
        if only and finding.__name__ not in only:
            continue
        failures = len(h.FAILURES)
        line = finding(h, ik, work)
        print("  %s%s" % (line, "" if len(h.FAILURES) == failures else "  ← FAILED"))
