#!/usr/bin/env python3
"""A leader's insider, for ReplicaRedactionTests (red team 6, replica-accepts-forged-redaction-kept-role): serves the
real leader's log plus one forged PayloadRedacted of an account's AccessGranted whose `kept` gives it another role,
with a correct RFC 6962 consistency proof and a note signed with the leader's key (as an insider with the key and
the store's files could). Standard library only: Ed25519 signing after RFC 8032 with Tools/verify-export.py's curve.

    forging-leader.py UPSTREAM PORT(0: any, printed) LEADER-KEY TOKEN ACCOUNT ROLE FLAG-FILE   (forwards until FLAG-FILE exists)
"""
import base64, datetime, hashlib, importlib.util, json, os, pathlib, sys, threading, time, urllib.parse, urllib.request, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

spec = importlib.util.spec_from_file_location(
    "verify_export", pathlib.Path(__file__).resolve().parent.parent.parent / "Tools" / "verify-export.py")
ve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ve)

UP, PORT, KEY, TOKEN, ACCOUNT, ROLE, FLAG = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
# Optional: the stream the forged redaction is put in (default: its target's, as a redaction's must be).
IN_STREAM = sys.argv[8] if len(sys.argv) > 8 else None
seed = base64.b64decode(open(KEY).read().strip())


def compress(point):
    zi = pow(point[2], ve.ED_P - 2, ve.ED_P)
    x, y = point[0] * zi % ve.ED_P, point[1] * zi % ve.ED_P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


h = hashlib.sha512(seed).digest()
a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
public = compress(ve.ed_multiply(a, ve.ED_G))


def sign(message):
    r = int.from_bytes(hashlib.sha512(h[32:] + message).digest(), "little") % ve.ED_L
    big_r = compress(ve.ed_multiply(r, ve.ED_G))
    k = int.from_bytes(hashlib.sha512(big_r + public + message).digest(), "little") % ve.ED_L
    return big_r + ((r + k * a) % ve.ED_L).to_bytes(32, "little")


def canon(o): return json.dumps(o, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()
def H(b): return hashlib.sha256(b).digest()
def leaf(env): return H(b'\x00' + canon(env))
def node(l, r): return H(b'\x01' + l + r)


def mth(ls):
    if len(ls) == 0: return H(b'')
    if len(ls) == 1: return ls[0]
    k = 1
    while k * 2 < len(ls): k *= 2
    return node(mth(ls[:k]), mth(ls[k:]))


def subproof(m, ls, b):
    n = len(ls)
    if m == n: return [] if b else [mth(ls)]
    k = 1
    while k * 2 < n: k *= 2
    if m <= k: return subproof(m, ls[:k], b) + [mth(ls[k:])]
    return subproof(m - k, ls[k:], False) + [mth(ls[:k])]


def up(path):
    with urllib.request.urlopen(urllib.request.Request(UP + path, headers={'Authorization': 'Bearer ' + TOKEN}), timeout=10) as r:
        return r.read()


lock = threading.Lock()
forged = {}


def build():
    with lock:
        lines = [json.loads(l) for l in up('/api/v1/log?after=0').decode().splitlines() if l.strip()]
        if forged.get('n') == len(lines): return forged
        stream = 'account-' + ACCOUNT
        target = [l for l in lines if l['envelope']['stream'] == stream and l['envelope']['type'] == 'AccessGranted'][0]
        stream = IN_STREAM or stream
        version = max([l['envelope']['streamVersion'] for l in lines if l['envelope']['stream'] == stream] + [0]) + 1
        u = bytearray(os.urandom(16))
        u[0:6] = int(time.time() * 1000).to_bytes(6, 'big')
        u[6] = 0x70 | (u[6] & 0x0f)
        u[8] = 0x80 | (u[8] & 0x3f)
        payload = {"kept": {"account": ACCOUNT, "role": ROLE}, "reason": "gallring", "targetId": target['envelope']['id']}
        salt = os.urandom(16)
        env = {"actor": "root", "effectiveAt": target['envelope']['effectiveAt'], "id": str(uuid.UUID(bytes=bytes(u))),
               "payloadDigest": H(salt + canon(payload)).hex(),
               "recordedAt": datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ'),
               "schemaVersion": 1, "seq": len(lines) + 1, "stream": stream, "streamVersion": version,
               "type": "PayloadRedacted", "via": "cli:root"}
        forged.update(n=len(lines), lines=lines, fline={"envelope": env, "payload": payload, "salt": salt.hex()},
                      leaves=[leaf(l['envelope']) for l in lines] + [leaf(env)])
        return forged


def note(size, root, nonce, origin):
    body = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n" + (f"ikstore-fresh {nonce}\n" if nonce else "")
    kid = H(origin.encode() + b'\n' + b'\x01' + public)[:4]
    return body + "\n\u2014 " + origin + " " + base64.b64encode(kid + sign(body.encode())).decode() + "\n"


class Forger(BaseHTTPRequestHandler):
    def log_message(self, *args): pass

    def send(self, code, body, ctype='application/json'):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self):
        length = int(self.headers.get('Content-Length') or 0)
        data = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() in ('authorization', 'content-type', 'accept')}
        try:
            with urllib.request.urlopen(urllib.request.Request(UP + self.path, data=data, method=self.command, headers=headers),
                                        timeout=10) as r:
                self.send(r.status, r.read(), r.headers.get('Content-Type'))
        except urllib.error.HTTPError as e:
            self.send(e.code, e.read(), e.headers.get('Content-Type'))

    def do_POST(self): self.forward()

    def do_GET(self):
        if not os.path.exists(FLAG): return self.forward()
        url = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        f = build()
        n = len(f['leaves'])
        if url.path == '/checkpoint' or (url.path == '/api/v1/checkpoint' and q.get('format') == 'note'):
            origin = up('/checkpoint').decode().split('\n')[0]
            return self.send(200, note(n, mth(f['leaves']), q.get('nonce'), origin).encode(), 'text/plain; charset=utf-8')
        if url.path == '/api/v1/proof/consistency':
            m, to = int(q['from']), int(q.get('to', n))
            ls = f['leaves'][:to]
            body = {"fromRoot": mth(ls[:m]).hex(), "fromSize": m, "toRoot": mth(ls).hex(), "toSize": to,
                    "proof": [x.hex() for x in subproof(m, ls, True)] if 0 < m < to else []}
            return self.send(200, json.dumps(body).encode())
        if url.path == '/api/v1/log':
            after, through = int(q.get('after', 0)), int(q.get('asOfSeq', n))
            out = [l for l in f['lines'] + [f['fline']] if after < l['envelope']['seq'] <= through]
            return self.send(200, b''.join(canon(l) + b'\n' for l in out), 'application/jsonl')
        self.forward()


server = ThreadingHTTPServer(('127.0.0.1', PORT), Forger)
print("listening on", server.server_address[1], flush=True)
server.serve_forever()
