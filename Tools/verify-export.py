#!/usr/bin/env python3
"""Check an `ik export log --format jsonl` file without IKStore's code: plain Python 3, no packages.

For every line it re-serialises the envelope in RFC 8785 canonical form (IKStore stores integers and
strings only), checks seq order and the payload digest (SHA-256 of the line's 16-byte salt, when it has
one, followed by the canonical payload), and computes the RFC 6962 Merkle root:
leaf = SHA-256(0x00 || envelope), node = SHA-256(0x01 || left || right).

    Tools/verify-export.py log.jsonl                     prints tree size and root
    Tools/verify-export.py log.jsonl --checkpoint cp.json  also checks a checkpoint (ik checkpoint --format json)
    ... --checkpoint cp.json --public-key key.pub  also checks its Ed25519 signature (ik checkpoint --sign)
    ... --inclusion proof.json    checks an ik proof inclusion against the export (RFC 9162 2.1.3.2)
    ... --consistency proof.json  checks an ik proof consistency against the export (RFC 9162 2.1.4.2)

Exit status 0 when everything matches, 1 otherwise (the bad line or field is named). A line without its
payload ("payload": null) is accepted only when a later PayloadRedacted event of the same stream names it.
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
    try:
        with open(key_path) as f:
            key = base64.b64decode(f.read().strip(), validate=True)
        signature = base64.b64decode(checkpoint["signature"], validate=True)
    except (OSError, ValueError) as error:
        return "cannot read the key or the signature: %s" % error
    message = canonical({k: checkpoint[k] for k in ("treeSize", "root", "time")}).encode("utf-8")
    if not ed25519_verify(key, message, signature):
        return "the checkpoint's signature does not verify with the key in %s" % key_path
    return None


def option(argv, name):
    return argv[argv.index(name) + 1] if name in argv else None


class Refused(Exception):
    """Input that is not what ik writes: named, never a traceback."""


def strict_json(text, where):
    """JSON as ik writes it: no duplicate keys, no floats, no NaN, strings encodable as UTF-8."""
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise Refused("%s: duplicate key %r" % (where, next(k for k in keys if keys.count(k) > 1)))
        return dict(pairs)

    def no_float(text):
        raise Refused("%s: the number %s is not an integer (ik writes none)" % (where, text))

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_float=no_float, parse_constant=no_float)
        canonical(value).encode("utf-8")
        return value
    except (ValueError, UnicodeError) as error:
        raise Refused("%s: not valid JSON: %s" % (where, error))


def load(path):
    try:
        with open(path, "rb") as f:
            return strict_json(f.read().decode("utf-8"), path)
    except (OSError, UnicodeError) as error:
        raise Refused("%s: %s" % (path, error))


def count(value, where, minimum=0):
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise Refused("%s must be a whole number of at least %d, not %r" % (where, minimum, value))
    return value


def hex_hash(value, where):
    if not isinstance(value, str) or len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise Refused("%s must be 64 lowercase hex digits, not %r" % (where, value))
    return bytes.fromhex(value)


def read_export(path, failures):
    """Leaf hashes of the export; payload digests checked, and every missing payload matched to its redaction."""
    leaves, missing, redactions = [], {}, {}
    try:
        f = open(path, "rb")
    except OSError as error:
        raise Refused("%s: %s" % (path, error))
    with f:
        for number, raw in enumerate(f, 1):
            where = "%s:%d" % (path, number)
            try:
                text = raw.decode("utf-8")
            except UnicodeError as error:
                raise Refused("%s: not UTF-8: %s" % (where, error))
            if not text.strip():
                continue
            event = strict_json(text, where)
            if (not isinstance(event, dict) or not {"envelope", "payload"} <= set(event) <= {"envelope", "payload", "salt"}
                    or not isinstance(event["envelope"], dict)):
                raise Refused("%s: a line is {\"envelope\": {…}, \"payload\": {…} or null, \"salt\": hex}" % where)
            envelope, payload = event["envelope"], event["payload"]
            salt = event.get("salt")
            if salt is not None and (not isinstance(salt, str) or len(salt) != 32
                                     or any(c not in "0123456789abcdef" for c in salt)):
                raise Refused("%s: salt must be 32 lowercase hex digits" % where)
            seq = count(envelope.get("seq"), where + " envelope.seq", 1)
            if seq != len(leaves) + 1:
                failures.append("%s: seq %d where %d was expected" % (where, seq, len(leaves) + 1))
            if payload is None:
                missing[envelope.get("id")] = (seq, envelope.get("stream"), where)
            elif not isinstance(payload, dict):
                raise Refused("%s: payload must be an object or null" % where)
            else:
                digest = hashlib.sha256(bytes.fromhex(salt or "") + canonical(payload).encode("utf-8")).hexdigest()
                if digest != envelope.get("payloadDigest"):
                    failures.append("%s (seq %d): payload digest does not match" % (where, seq))
                if envelope.get("type") == "PayloadRedacted" and isinstance(payload.get("targetId"), str):
                    redactions[payload["targetId"]] = (seq, envelope.get("stream"))
            leaves.append(hashlib.sha256(b"\x00" + canonical(envelope).encode("utf-8")).digest())
    # A payload may be missing only where a later PayloadRedacted of the same stream names the event.
    for event_id, (seq, stream, where) in missing.items():
        redaction = redactions.get(event_id)
        if redaction is None or redaction[0] <= seq or redaction[1] != stream:
            failures.append("%s (seq %d): the payload is missing and no later PayloadRedacted names this event"
                            % (where, seq))
    return leaves, sorted(seq for seq, _, _ in missing.values())


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failures = []
    leaves, redacted = read_export(argv[1], failures)
    print("tree size %d, root %s" % (len(leaves), root(leaves).hex()))
    if redacted:
        print("redacted payloads, each named by a later PayloadRedacted: seq %s" % ", ".join(map(str, redacted)))
    if option(argv, "--checkpoint"):
        path = option(argv, "--checkpoint")
        checkpoint = load(path)
        if not isinstance(checkpoint, dict):
            raise Refused("%s is not a checkpoint" % path)
        size = count(checkpoint.get("treeSize"), path + ": treeSize")
        hex_hash(checkpoint.get("root"), path + ": root")
        if size > len(leaves) or root(leaves[:size]).hex() != checkpoint["root"]:
            failures.append("checkpoint %d:%s does not match the export" % (size, checkpoint["root"]))
        else:
            print("checkpoint %d:%s matches" % (size, checkpoint["root"]))
        if option(argv, "--public-key"):
            if not isinstance(checkpoint.get("time"), str) or not isinstance(checkpoint.get("signature"), str):
                raise Refused("%s: a signed checkpoint has a time and a signature" % path)
            failure = check_signature(checkpoint, option(argv, "--public-key"))
            if failure:
                failures.append(failure)
            else:
                print("checkpoint signature verifies with the key in %s" % option(argv, "--public-key"))
    if option(argv, "--inclusion"):
        path = option(argv, "--inclusion")
        proof = load(path)
        size, index = count(proof.get("treeSize"), path + ": treeSize", 1), count(proof.get("leafIndex"), path + ": leafIndex")
        path_hashes = [hex_hash(h, path + ": proof") for h in proof.get("proof", [])]
        ok = (size <= len(leaves) and index < size and proof.get("leafHash") == leaves[index].hex()
              and proof.get("root") == root(leaves[:size]).hex()
              and verify_inclusion(leaves[index], index, size, path_hashes, hex_hash(proof["root"], path + ": root")))
        if ok:
            print("inclusion proof of seq %d in %d events verifies" % (index + 1, size))
        else:
            failures.append("the inclusion proof of seq %d in %d events does not verify against the export" % (index + 1, size))
    if option(argv, "--consistency"):
        path = option(argv, "--consistency")
        proof = load(path)
        m, n = count(proof.get("fromSize"), path + ": fromSize"), count(proof.get("toSize"), path + ": toSize")
        from_root, to_root = hex_hash(proof.get("fromRoot"), path + ": fromRoot"), hex_hash(proof.get("toRoot"), path + ": toRoot")
        path_hashes = [hex_hash(h, path + ": proof") for h in proof.get("proof", [])]
        ok = (m <= n <= len(leaves) and from_root == root(leaves[:m]) and to_root == root(leaves[:n])
              and verify_consistency(m, n, from_root, to_root, path_hashes))
        if ok:
            print("consistency proof %d -> %d verifies" % (m, n))
        else:
            failures.append("the consistency proof %d -> %d does not verify against the export" % (m, n))
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Refused as refused:
        print(refused, file=sys.stderr)
        sys.exit(1)
