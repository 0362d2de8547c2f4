#!/usr/bin/env python3
"""Forged and broken copies of a genuine `ik export log --format jsonl` file, for Tools/check-cli.

    Tools/forge-exports.py GENUINE.jsonl CHECKPOINT-SIZE OUT-DIR

GENUINE holds at least one PayloadRedacted written by `ik redact`; CHECKPOINT-SIZE is the size of a checkpoint
taken before it. Each forgery is what an insider holding the store could write: envelopes inside the checkpoint
stay byte for byte (so its root still matches), payloads are nulled, and events are appended after it with
valid digests. Each file is named after the one rule it breaks; check-cli says which message must refuse it.
"""
import copy
import hashlib
import json
import os
import sys
import uuid


def digest(salt, payload):
    # RFC 8785 for the ASCII keys and strings written here.
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(bytes.fromhex(salt) + text.encode("utf-8")).hexdigest()


def nulled(line):
    line = copy.deepcopy(line)
    line["payload"] = None
    line.pop("salt", None)
    return line


def appended(lines, envelope, payload):
    """`envelope` (a dict to complete) as the next event of `lines`: next seq, next version of its stream,
    the last recorded time, a fresh id unless one is given, and a salted digest of `payload`."""
    last = lines[-1]["envelope"]
    versions = [l["envelope"]["streamVersion"] for l in lines if l["envelope"]["stream"] == envelope["stream"]]
    envelope = dict({"id": str(uuid.uuid4()), "schemaVersion": 1, "actor": "controller",
                     "effectiveAt": last["effectiveAt"]}, **envelope)
    envelope.update(seq=last["seq"] + 1, streamVersion=max(versions, default=0) + 1, recordedAt=last["recordedAt"])
    line = {"envelope": envelope, "payload": payload}
    if payload is not None:
        line["salt"] = os.urandom(16).hex()
        envelope["payloadDigest"] = digest(line["salt"], payload)
    return lines + [line]


def redaction(lines, target, stream):
    return appended(lines, {"type": "PayloadRedacted", "stream": stream},
                    {"targetId": target, "reason": "gallring"})


def main(genuine_path, checkpoint_size, out):
    with open(genuine_path, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f]
    size = int(checkpoint_size)
    env = [l["envelope"] for l in lines]
    # The victim: a fact inside the checkpoint whose payload the insider wants gone.
    victim = next(i for i, e in enumerate(env[:size]) if e["type"] == "DeviationRecorded" and lines[i]["payload"])
    v = env[victim]
    genuine = next(i for i, e in enumerate(env) if e["type"] == "PayloadRedacted")
    g = env[genuine]
    other = next(e["stream"] for e in env if e["stream"] != v["stream"])
    keyed = [i for i, e in enumerate(env) if "idempotencyKey" in e]
    later = next(i for i in range(1, size) if env[i]["streamVersion"] >= 2)

    def write(name, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")

    def edited(index, **fields):
        rows = copy.deepcopy(lines)
        rows[index]["envelope"].update(fields)
        return rows

    hidden = lines[:victim] + [nulled(lines[victim])] + lines[victim + 1:]
    # The attack: the nulled payload "accounted for" by a later event that reuses the victim's id.
    reuse = appended(hidden, {k: v[k] for k in ("id", "type", "stream", "payloadDigest")}, None)
    write("duplicate-id.jsonl", redaction(reuse, v["id"], v["stream"]))
    write("null-unredacted.jsonl", hidden)
    write("redaction-other-stream.jsonl", redaction(hidden, v["id"], other))
    write("redaction-after-checkpoint.jsonl", redaction(hidden, v["id"], v["stream"]))
    redacted_redaction = lines[:genuine] + [nulled(lines[genuine])] + lines[genuine + 1:]
    write("redaction-redacted.jsonl", redaction(redacted_redaction, g["id"], g["stream"]))
    write("redaction-of-redaction.jsonl", redaction(lines, g["id"], g["stream"]))
    write("second-redaction.jsonl", redaction(lines, lines[genuine]["payload"]["targetId"], g["stream"]))
    write("recorded-backwards.jsonl", edited(60, recordedAt="2001-01-01T00:00:00Z"))
    write("version-skipped.jsonl", edited(later, streamVersion=env[later]["streamVersion"] + 1))
    write("version-repeated.jsonl", edited(later, streamVersion=env[later]["streamVersion"] - 1))
    write("duplicate-key.jsonl", edited(keyed[1], idempotencyKey=env[keyed[0]]["idempotencyKey"], actor=env[keyed[0]]["actor"]))
    write("seq-gap.jsonl", lines[:49] + lines[50:])
    write("seq-repeated.jsonl", lines[:50] + lines[49:])
    write("truncated.jsonl", lines[:-5])
    write("empty.jsonl", [])
    with open(os.path.join(out, "huge-number.jsonl"), "w", encoding="utf-8") as f:
        for i, row in enumerate(lines):
            text = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            f.write((text.replace('"seq":5,', '"seq":100000000000000000000000000000,') if i == 4 else text) + "\n")
    with open(os.path.join(out, "deep.jsonl"), "w") as f:
        f.write("[" * 100000 + "]" * 100000 + "\n")
    with open(os.path.join(out, "deep-payload.jsonl"), "w") as f:
        f.write('{"envelope":{},"payload":' + '{"a":' * 100000 + "1" + "}" * 100000 + "}\n")
    with open(os.path.join(out, "bad-utf8.jsonl"), "wb") as f:
        f.write(json.dumps(lines[0], ensure_ascii=False).encode("utf-8").replace(b"controller", b"contr\xf6ller") + b"\n")
    with open(os.path.join(out, "bad-utf8.json"), "wb") as f:
        f.write(b'{"treeSize": 1, "root": "\xff"}\n')
    with open(os.path.join(out, "garbage.jsonl"), "wb") as f:
        f.write(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    with open(os.path.join(out, "not-an-object.json"), "w") as f:
        f.write("[1, 2]\n")
    print("victim seq %d, genuine redaction seq %d" % (v["seq"], g["seq"]))


if __name__ == "__main__":
    main(*sys.argv[1:])
