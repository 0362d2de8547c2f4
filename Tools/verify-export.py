#!/usr/bin/env python3
"""Check an `ik export log --format jsonl` file without IKStore's code: plain Python 3, no packages.

For every line it re-serialises the envelope in RFC 8785 canonical form (IKStore stores integers and
strings only, so this is json.dumps with sorted keys), checks seq order and the payload digest, and
computes the RFC 6962 Merkle root: leaf = SHA-256(0x00 || envelope), node = SHA-256(0x01 || left || right).

    Tools/verify-export.py log.jsonl                     prints tree size and root
    Tools/verify-export.py log.jsonl --checkpoint cp.json  also checks a checkpoint (ik checkpoint --format json)

Exit status 0 when everything matches, 1 otherwise (the first bad line is named).
"""
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


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    checkpoint = None
    if "--checkpoint" in argv:
        with open(argv[argv.index("--checkpoint") + 1]) as f:
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
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
