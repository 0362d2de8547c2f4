#!/usr/bin/env python3
"""Check an `ik export log --format jsonl` file without IKStore's code: plain Python 3, no packages.

For every line it re-serialises the envelope in RFC 8785 canonical form (IKStore stores integers and
strings only, so this is json.dumps with sorted keys), checks seq order and the payload digest, and
computes the RFC 6962 Merkle root: leaf = SHA-256(0x00 || envelope), node = SHA-256(0x01 || left || right).

    Tools/verify-export.py log.jsonl                     prints tree size and root
    Tools/verify-export.py log.jsonl --checkpoint cp.json  also checks a checkpoint (ik checkpoint --format json)
    ... --checkpoint cp.json --public-key key.pub  also checks its Ed25519 signature (ik checkpoint --sign)
    ... --inclusion proof.json    checks an ik proof inclusion against the export (RFC 9162 2.1.3.2)
    ... --consistency proof.json  checks an ik proof consistency against the export (RFC 9162 2.1.4.2)

Exit status 0 when everything matches, 1 otherwise (the first bad line is named).
"""
import base64
import hashlib
import json
import sys


def canonical(value):
    """RFC 8785 for JSON without floating-point numbers: sort keys by UTF-16 code units, no spaces."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return json.dumps(value)
    if isinstance(value, str):
        out = []
        for ch in value:
            code = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif code < 0x20:
                out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code, "\\u%04x" % code))
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    raise ValueError("floating-point numbers are not part of an IKStore export: %r" % (value,))


def root(leaves):
    """RFC 6962 Merkle tree hash of a list of leaf hashes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + root(leaves[:k]) + root(leaves[k:])).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf_hash, index, size, proof, root_hash):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 section 2.1.4.2."""
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof
    if not proof or first > second:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_hash and sr == second_hash


# Ed25519 signature verification (RFC 8032 section 5.1.7), after the RFC's reference code in section 6:
# Python's standard library has no Ed25519, and the auditor should need nothing else.
ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P
ED_I = pow(2, (ED_P - 1) // 4, ED_P)


def ed_add(a, b):
    """Addition of points in extended coordinates (X, Y, Z, T)."""
    x = (a[1] - a[0]) * (b[1] - b[0]) % ED_P
    y = (a[1] + a[0]) * (b[1] + b[0]) % ED_P
    c = 2 * a[3] * b[3] * ED_D % ED_P
    z = 2 * a[2] * b[2] % ED_P
    e, f, g, h = y - x, z - c, z + c, y + x
    return (e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P)


def ed_multiply(scalar, point):
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = ed_add(result, point)
        point = ed_add(point, point)
        scalar >>= 1
    return result


def ed_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % ED_P == 0 and (a[1] * b[2] - b[1] * a[2]) % ED_P == 0


def ed_recover_x(y, sign):
    if y >= ED_P:
        return None
    x2 = (y * y - 1) * pow(ED_D * y * y + 1, ED_P - 2, ED_P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if (x * x - x2) % ED_P != 0:
        x = x * ED_I % ED_P
    if (x * x - x2) % ED_P != 0:
        return None
    return ED_P - x if (x & 1) != sign else x


def ed_decompress(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = ed_recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % ED_P)


ED_GY = 4 * pow(5, ED_P - 2, ED_P) % ED_P
ED_G = (ed_recover_x(ED_GY, 0), ED_GY, 1, ed_recover_x(ED_GY, 0) * ED_GY % ED_P)


def ed25519_verify(public_key, message, signature):
    """True when `signature` (64 bytes) is `public_key`'s (32 bytes) signature of `message`."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = ed_decompress(public_key), ed_decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= ED_L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % ED_L
    return ed_equal(ed_multiply(s, ED_G), ed_add(r, ed_multiply(h, a)))


def check_signature(checkpoint, key_path):
    """The signature covers the canonical JSON of treeSize, root and time. Returns a failure, or None."""
    with open(key_path) as f:
        key = base64.b64decode(f.read().strip())
    if "signature" not in checkpoint:
        return "the checkpoint is not signed"
    message = canonical({k: checkpoint[k] for k in ("treeSize", "root", "time")}).encode("utf-8")
    if not ed25519_verify(key, message, base64.b64decode(checkpoint["signature"])):
        return "the checkpoint's signature does not verify with the key in %s" % key_path
    return None


def option(argv, name):
    return argv[argv.index(name) + 1] if name in argv else None


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    checkpoint = None
    if option(argv, "--checkpoint"):
        with open(option(argv, "--checkpoint")) as f:
            checkpoint = json.load(f)
    leaves, failures = [], []
    with open(argv[1], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            event = json.loads(line)
            envelope, payload = event["envelope"], event["payload"]
            envelope_bytes = canonical(envelope).encode("utf-8")
            if envelope["seq"] != len(leaves) + 1:
                failures.append("line %d: seq %s where %d was expected" % (number, envelope["seq"], len(leaves) + 1))
            if payload is not None:
                digest = hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()
                if digest != envelope["payloadDigest"]:
                    failures.append("line %d (seq %s): payload digest does not match" % (number, envelope["seq"]))
            leaves.append(hashlib.sha256(b"\x00" + envelope_bytes).digest())
    tree_root = root(leaves).hex()
    print("tree size %d, root %s" % (len(leaves), tree_root))
    if checkpoint is not None:
        size = checkpoint["treeSize"]
        if size > len(leaves) or root(leaves[:size]).hex() != checkpoint["root"]:
            failures.append("checkpoint %d:%s does not match the export" % (size, checkpoint["root"]))
        else:
            print("checkpoint %d:%s matches" % (size, checkpoint["root"]))
        if option(argv, "--public-key"):
            failure = check_signature(checkpoint, option(argv, "--public-key"))
            if failure:
                failures.append(failure)
            else:
                print("checkpoint signature verifies with the key in %s" % option(argv, "--public-key"))
    inclusion = option(argv, "--inclusion")
    if inclusion:
        with open(inclusion) as f:
            proof = json.load(f)
        size, index = proof["treeSize"], proof["leafIndex"]
        ok = (size <= len(leaves) and index < size and proof["leafHash"] == leaves[index].hex()
              and proof["root"] == root(leaves[:size]).hex()
              and verify_inclusion(leaves[index], index, size, [bytes.fromhex(h) for h in proof["proof"]],
                                   bytes.fromhex(proof["root"])))
        if ok:
            print("inclusion proof of seq %d in %d events verifies" % (index + 1, size))
        else:
            failures.append("the inclusion proof of seq %d in %d events does not verify against the export" % (index + 1, size))
    consistency = option(argv, "--consistency")
    if consistency:
        with open(consistency) as f:
            proof = json.load(f)
        m, n = proof["fromSize"], proof["toSize"]
        ok = (n <= len(leaves) and proof["fromRoot"] == root(leaves[:m]).hex() and proof["toRoot"] == root(leaves[:n]).hex()
              and verify_consistency(m, n, bytes.fromhex(proof["fromRoot"]), bytes.fromhex(proof["toRoot"]),
                                     [bytes.fromhex(h) for h in proof["proof"]]))
        if ok:
            print("consistency proof %d -> %d verifies" % (m, n))
        else:
            failures.append("the consistency proof %d -> %d does not verify against the export" % (m, n))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
