#!/usr/bin/env python3
"""Check an `ik export log --format jsonl` file without IKStore's code: plain Python 3, standard library only."""
import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import sys

DESCRIPTION = """\
Checks an `ik export log --format jsonl` file without IKStore's code, as `ik verify` checks the store for
everything an export carries:
  - every line is JSON as ik writes it (UTF-8; no duplicate keys, floats or integers beyond 64 bits; at most
    65 levels deep): {"envelope": {...}, "payload": {...} or null, "salt": 32 hex digits};
  - the envelope's required fields and their types (seq, id, type, schemaVersion, stream, streamVersion,
    recordedAt, effectiveAt, actor, payloadDigest; idempotencyKey when present; clock only as "pinned"; via
    only as "server" or "cli:USER");
  - no event whose recorded time was chosen ("clock": "pinned", IK_NOW), which only a test store records,
    unless --test-store is given;
  - seq 1, 2, 3 ... without gaps; event ids unique, idempotency keys unique per actor;
  - streamVersion 1, 2, 3 ... per stream in seq order; recordedAt never earlier than the line before;
  - payloadDigest = SHA-256(salt || the RFC 8785 payload);
  - a null payload only where a later PayloadRedacted of the same stream, whose own payload is present and
    matches its digest, names the event's id as targetId; one PayloadRedacted per target; a PayloadRedacted is
    never itself redacted nor the target of another;
  - an access event's payload (AccessGranted, AccessChanged, AccessRevoked, AccountDetailsRecorded, ...), or that of
    any event of an account's stream (account-NAME: the redaction of an access event), may be withheld,
    "withheld": "access" with a null payload and no salt: ik serve shows accounts' details to owners and auditors
    only. Its envelope is checked and hashed like any other; its payload is not checked, and the output lists
    those seqs;
  - the RFC 6962 Merkle root over the canonical envelopes, against the tree heads and proofs given.

Not checked here, because an export does not carry them (run `ik verify` on the store for these): the index
databases (streams, effective dates, ids, idempotency keys, redactions), the Merkle cache, the checkpoints
stored in the store, and whether the stored bytes are canonical.

The export proves itself only up to a tree head that left the writer's hands (--checkpoint, --anchor): without
one, anybody holding the store could have rebuilt it. Events after the largest head given are checked for
consistency only; --expect-size also refuses an export cut short or grown. An empty export is refused unless
--expect-size 0 is given."""

EPILOG = """\
exit status: 0 everything verifies (what was checked is printed on standard output); 1 something does not
verify or a file cannot be read (standard output stays empty; each problem goes to standard error, naming the
file, line and field); 64 usage (an unknown or repeated option, a malformed value)."""

REDACTION = "PayloadRedacted"
ACCESS_EVENTS = ("AccessGranted", "AccessChanged", "AccessRevoked", "TokenIssued", "PasswordChanged", "AccountDetailsRecorded")
ACCOUNT_STREAM = "account-"
MAX_DEPTH = 65       # ik's JSON parser reads 64 levels; an export line wraps the payload in one more
MAX_BYTES = 8 << 20  # ik reads no input line longer than 8 MB
INT64 = 2 ** 63
SHOWN = 50           # problems printed before "... and N more"


class Refused(Exception):
    """Input that is not what ik writes: named in one line, never a traceback."""


def canonical(value):
    """RFC 8785 for JSON without floating-point numbers: sort keys by UTF-16 code units, no spaces."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
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
    raise Refused("floating-point numbers are not part of an IKStore export: %r" % (value,))


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
    """The signature covers the canonical JSON of treeSize, root and time as written. Returns a failure, or None."""
    try:
        with open(key_path, "rb") as f:
            key = base64.b64decode(f.read(4096).decode("ascii").strip(), validate=True)
    except (OSError, ValueError) as error:
        return "%s: cannot read the public key: %s" % (key_path, describe(error))
    try:
        signature = base64.b64decode(checkpoint["signature"], validate=True)
    except ValueError:
        return "the checkpoint's signature is not base64"
    message = canonical({k: checkpoint[k] for k in ("treeSize", "root", "time")}).encode("utf-8")
    if not ed25519_verify(key, message, signature):
        return "the checkpoint's signature does not verify with the key in %s" % key_path
    return None


def load_note(path, data):
    """A C2SP checkpoint in a signed note (ik checkpoint --format note): origin, tree size and base64 root lines,
    a blank line, then signature lines "\u2014 NAME BASE64(key id || signature)" (c2sp.org/signed-note)."""
    try:
        note = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused("%s: %s" % (path, describe(error)))
    end = note.rfind("\n\n")
    if not note.endswith("\n") or end < 0:
        raise Refused("%s: not a checkpoint: neither JSON nor a signed note (text, a blank line, signature lines)" % path)
    body, signature_lines = note[:end + 1], note[end + 2:-1].split("\n")
    lines = body[:-1].split("\n")
    if len(lines) < 3 or not lines[0] or not re.fullmatch(r"0|[1-9][0-9]{0,19}", lines[1]):
        raise Refused("%s: a checkpoint note begins with the origin, the tree size and the base64 root" % path)
    try:
        root_bytes = base64.b64decode(lines[2], validate=True)
    except ValueError:
        root_bytes = b""
    if len(root_bytes) != 32:
        raise Refused("%s: the note's root is not the base64 of 32 bytes" % path)
    signatures = []
    for line in signature_lines:
        match = re.fullmatch("\u2014 ([^ +]+) ([A-Za-z0-9+/=]+)", line)
        raw = base64.b64decode(match.group(2)) if match else b""
        if len(raw) < 5:
            raise Refused("%s: %r is not a signature line" % (path, line))
        signatures.append((match.group(1), raw[:4], raw[4:]))
    return {"treeSize": int(lines[1]), "root": root_bytes.hex(), "origin": lines[0], "body": body.encode("utf-8"),
            "signatures": signatures}


def check_note_signature(note, key_path):
    """The note must carry a valid Ed25519 signature by the key in key_path named as its origin. Returns a failure,
    or None."""
    try:
        with open(key_path, "rb") as f:
            key = base64.b64decode(f.read(4096).decode("ascii").strip(), validate=True)
    except (OSError, ValueError) as error:
        return "%s: cannot read the public key: %s" % (key_path, describe(error))
    name = note["origin"]
    key_id = hashlib.sha256(name.encode("utf-8") + b"\n\x01" + key).digest()[:4]
    mine = [sig for who, kid, sig in note["signatures"] if who == name and kid == key_id]
    if not mine:
        return "the checkpoint note has no signature by the key in %s under its origin %s" % (key_path, name)
    if not all(len(sig) == 64 and ed25519_verify(key, note["body"], sig) for sig in mine):
        return "the checkpoint note's signature does not verify with the key in %s" % key_path
    return None


def check_witnesses(note, key_paths, quorum):
    """At least `quorum` of the witnesses whose verifier keys are in key_paths (NAME+ID+BASE64(0x04 || key), ik keygen
    --witness) must have cosigned the note: c2sp.org/tlog-cosignature, an Ed25519 signature over
    "cosignature/v1\ntime T\n" and the note's text, T being the signature's first 8 bytes (big-endian). A cosignature
    by a given key that does not verify fails the note. Returns a failure, or None."""
    cosigned = 0
    for path in key_paths:
        try:
            with open(path, "rb") as f:
                name, key_id, material = f.read(4096).decode("ascii").strip().split("+", 2)
            raw = base64.b64decode(material, validate=True)
        except (OSError, ValueError) as error:
            return "%s: not a witness's verifier key (NAME+ID+KEY): %s" % (path, describe(error))
        key = raw[1:]
        if len(raw) != 33 or raw[0] != 4 or hashlib.sha256(name.encode("utf-8") + b"\n\x04" + key).digest()[:4].hex() != key_id:
            return "%s: not a cosignature key (type 04) whose id matches its name and key" % path
        mine = [sig for who, kid, sig in note["signatures"] if who == name and kid.hex() == key_id]
        for sig in mine:
            message = b"cosignature/v1\ntime %d\n" % int.from_bytes(sig[:8], "big") + note["body"]
            if len(sig) != 72 or sig[0] & 0x80 or not ed25519_verify(key, message, sig[8:]):
                return "the cosignature of %s in the checkpoint note does not verify" % name
        cosigned += 1 if mine else 0
    if cosigned < quorum:
        return "%d of the %d witness cosignatures asked for" % (cosigned, quorum)
    return None


def describe(error):
    """An OSError or decoding error in a few words, without Python's decoration."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    if isinstance(error, UnicodeDecodeError):
        return "byte 0x%02x at offset %d is not %s" % (error.object[error.start], error.start, error.encoding.upper())
    return str(error)


def shown(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def depth(value):
    """How deeply arrays and objects nest in `value` (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in children)
    return deepest


def strict_json(text, where):
    """JSON as ik writes it: no duplicate keys, no floats or NaN, 64-bit integers, at most MAX_DEPTH levels, UTF-8."""
    def no_duplicates(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise Refused("%s: the key %s appears twice in one object" % (where, shown(key)))
            seen.add(key)
        return dict(pairs)

    def integer(digits):
        if len(digits) > 20 or not -INT64 <= int(digits) < INT64:
            raise Refused("%s: the number %s is beyond the 64-bit integers ik writes"
                          % (where, digits if len(digits) <= 30 else digits[:27] + "..."))
        return int(digits)

    def no_float(number):
        raise Refused("%s: the number %s is not an integer (ik writes none)" % (where, number[:30]))

    try:
        value = json.loads(text, object_pairs_hook=no_duplicates, parse_int=integer, parse_float=no_float,
                           parse_constant=no_float)
    except RecursionError:
        raise Refused("%s: nested deeper than %d levels (ik writes nothing that deep)" % (where, MAX_DEPTH))
    except json.JSONDecodeError as error:
        at = "column %d" % error.colno if error.lineno == 1 else "line %d column %d" % (error.lineno, error.colno)
        raise Refused("%s: not valid JSON: %s at %s" % (where, error.msg, at))
    if depth(value) > MAX_DEPTH:
        raise Refused("%s: nested deeper than %d levels (ik writes nothing that deep)" % (where, MAX_DEPTH))
    try:
        canonical(value).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("%s: a string holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is not text" % where)
    return value


def read_small(path):
    """The bytes of a checkpoint or proof file (at most 8 MB)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as error:
        raise Refused("%s: %s" % (path, describe(error)))
    if len(data) > MAX_BYTES:
        raise Refused("%s: longer than 8 MB; ik writes no checkpoint or proof that long" % path)
    return data


def is_note(path):
    """Whether a checkpoint file is a signed note rather than JSON (which begins with '{')."""
    return not read_small(path).lstrip(b" \t\r\n").startswith(b"{")


def load(path):
    """A JSON file of ik's (a checkpoint or a proof): one object."""
    data = read_small(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused("%s: %s" % (path, describe(error)))
    value = strict_json(text, path)
    if not isinstance(value, dict):
        raise Refused("%s: not a JSON object as ik writes checkpoints and proofs" % path)
    return value


def whole(value, where, minimum=0):
    if type(value) is not int or value < minimum:
        raise Refused("%s must be a whole number of at least %d, not %s" % (where, minimum, shown(value)))
    return value


def text(value, where):
    if not isinstance(value, str):
        raise Refused("%s must be a string, not %s" % (where, shown(value)))
    return value


def hex_hash(value, where, digits=64):
    if not isinstance(value, str) or len(value) != digits or any(c not in "0123456789abcdef" for c in value):
        raise Refused("%s must be %d lowercase hex digits, not %s" % (where, digits, shown(value)))
    return bytes.fromhex(value)


INSTANT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
                     r"([Zz]|[+-][0-9]{2}:[0-9]{2})")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def calendar_date(value):
    """The proleptic ordinal of a real date YYYY-MM-DD (years 1-9999), or None."""
    match = DATE.fullmatch(value) if isinstance(value, str) else None
    try:
        return datetime.date(*map(int, match.groups())).toordinal() if match else None
    except ValueError:
        return None


def instant(value):
    """Microseconds of an RFC 3339 time as ik reads it (fractions past six digits cut), or None."""
    match = INSTANT.fullmatch(value) if isinstance(value, str) else None
    day = calendar_date(value[:10]) if match else None
    if day is None:
        return None
    hour, minute, second = (int(match.group(i)) for i in (4, 5, 6))
    zone, offset = match.group(8), 0
    if zone not in ("Z", "z"):
        zone_hour, zone_minute = int(zone[1:3]), int(zone[4:6])
        if zone_hour > 23 or zone_minute > 59:
            return None
        offset = (zone_hour * 3600 + zone_minute * 60) * (-1 if zone[0] == "-" else 1)
    if hour > 23 or minute > 59 or second > 59:
        return None
    fraction = int((match.group(7) or "")[:6].ljust(6, "0"))
    return (day * 86400 + hour * 3600 + minute * 60 + second - offset) * 1000000 + fraction


def envelope_fields(envelope, where):
    """The fields every check below reads, with their types checked; other fields are hashed, not read."""
    seq = whole(envelope.get("seq"), where + ": envelope.seq", 1)
    fields = {"seq": seq, "streamVersion": whole(envelope.get("streamVersion"), where + ": envelope.streamVersion", 1)}
    for name in ("id", "type", "stream", "actor"):
        fields[name] = text(envelope.get(name), "%s: envelope.%s" % (where, name))
    if type(envelope.get("schemaVersion")) is not int:
        raise Refused("%s: envelope.schemaVersion must be an integer, not %s" % (where, shown(envelope.get("schemaVersion"))))
    if "idempotencyKey" in envelope:
        text(envelope["idempotencyKey"], where + ": envelope.idempotencyKey")
    fields["recordedAt"] = instant(envelope.get("recordedAt"))
    if fields["recordedAt"] is None:
        raise Refused("%s: envelope.recordedAt must be an RFC 3339 time, not %s" % (where, shown(envelope.get("recordedAt"))))
    if calendar_date(envelope.get("effectiveAt")) is None:
        raise Refused("%s: envelope.effectiveAt must be a date YYYY-MM-DD, not %s" % (where, shown(envelope.get("effectiveAt"))))
    fields["payloadDigest"] = hex_hash(envelope.get("payloadDigest"), where + ": envelope.payloadDigest").hex()
    if "clock" in envelope and envelope["clock"] != "pinned":
        raise Refused('%s: envelope.clock must be "pinned" when present, not %s' % (where, shown(envelope["clock"])))
    fields["pinned"] = "clock" in envelope
    if "via" in envelope:
        via = text(envelope["via"], where + ": envelope.via")
        if via != "server" and not (via.startswith("cli:") and len(via) > 4):
            raise Refused('%s: envelope.via is "server" or "cli:USER", not %s' % (where, shown(via)))
    return fields


def export_lines(path):
    """(line number, text) of the export; an unreadable file, a line that is not UTF-8 or never ends is refused."""
    try:
        f = open(path, "rb")
    except OSError as error:
        raise Refused("%s: %s" % (path, describe(error)))
    with f:
        number = 0
        while True:
            try:
                raw = f.readline(MAX_BYTES + 1)
            except OSError as error:
                raise Refused("%s: %s" % (path, describe(error)))
            if not raw:
                return
            number += 1
            where = "%s:%d" % (path, number)
            if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                raise Refused("%s: the line is longer than 8 MB (ik writes none that long)" % where)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise Refused("%s: not UTF-8: byte 0x%02x at column %d" % (where, raw[error.start], error.start + 1))
            if not line.strip():
                raise Refused("%s: an empty line (ik writes one event on every line)" % where)
            yield number, line


class Export:
    """One pass over the export in line order; what it found is kept for the checks against tree heads."""

    def __init__(self, path, test_store=False):
        self.path = path
        self.test_store = test_store
        self.pinned = []            # seqs recorded with a pinned clock
        self.failures = []
        self.leaves = []
        self.last_seq = 0
        self.previous = None        # (line, recordedAt text, microseconds) of the line before
        self.times = []             # recordedAt of each event, microseconds, in seq order
        self.ids = {}               # event id -> (line, seq, stream, type)
        self.keys = {}              # (actor, idempotency key) -> line
        self.versions = {}          # stream -> versions seen
        self.missing = []           # (line, seq, id, stream) of events without their payload
        self.redactions = {}        # target id -> [(line, seq, stream, digest matches)]
        self.withheld = []          # seqs of access events whose payload was withheld
        for number, line in export_lines(path):
            self.read(number, line)
        self.account_for_redactions()

    def fail(self, number, seq, message):
        self.failures.append("%s:%d: seq %d: %s" % (self.path, number, seq, message))

    def read(self, number, line):
        where = "%s:%d" % (self.path, number)
        event = strict_json(line, where)
        if (not isinstance(event, dict) or not {"envelope", "payload"} <= set(event) <= {"envelope", "payload", "salt", "withheld"}
                or not isinstance(event["envelope"], dict)):
            raise Refused('%s: a line is {"envelope": {...}, "payload": {...} or null, "salt": hex}' % where)
        envelope, payload, salt = event["envelope"], event["payload"], event.get("salt")
        if payload is not None and not isinstance(payload, dict):
            raise Refused("%s: payload must be an object or null, not %s" % (where, shown(payload)))
        if salt is not None:
            hex_hash(salt, where + ": salt", 32)
        e = envelope_fields(envelope, where)
        seq, fail = e["seq"], lambda message: self.fail(number, e["seq"], message)
        expected = self.last_seq + 1
        if seq != expected:
            fail("seq %d where %d was expected: an event is missing, repeated or out of place" % (seq, expected))
        self.last_seq = seq
        if e["id"] in self.ids:
            first = self.ids[e["id"]]
            fail("event id %s is already used by line %d (seq %d): event ids are unique" % (e["id"], first[0], first[1]))
        else:
            self.ids[e["id"]] = (number, seq, e["stream"], e["type"])
        key = envelope.get("idempotencyKey")
        if key is not None:
            # A key belongs to its actor: two actors may each use one key once.
            if (e["actor"], key) in self.keys:
                fail("idempotency key %s is already used by line %d: keys are unique per actor"
                     % (shown(key), self.keys[(e["actor"], key)]))
            self.keys.setdefault((e["actor"], key), number)
        version = self.versions.get(e["stream"], 0) + 1
        self.versions[e["stream"]] = version
        if e["streamVersion"] != version:
            fail("stream %s should be at version %d here, the envelope says %d" % (e["stream"], version, e["streamVersion"]))
        if self.previous and e["recordedAt"] < self.previous[2]:
            fail("recordedAt %s is earlier than line %d's %s: recorded time never goes back"
                 % (envelope["recordedAt"], self.previous[0], self.previous[1]))
        self.previous = (number, envelope["recordedAt"], e["recordedAt"])
        self.times.append(e["recordedAt"])
        if e["pinned"]:
            self.pinned.append(seq)
            if not self.test_store:
                fail('recorded with a pinned clock ("clock": "pinned", IK_NOW): its recordedAt %s was chosen, which only '
                     "a test store allows; give --test-store if the export is of one" % envelope["recordedAt"])
        if "withheld" in event:
            account = e["type"] in ACCESS_EVENTS or str(e["stream"]).startswith(ACCOUNT_STREAM)
            if event["withheld"] != "access" or not account or payload is not None or salt is not None:
                fail('only an access event (%s) or an event of an account\'s stream (%s...) may have its payload withheld '
                     '("withheld": "access", a null payload, no salt)' % (", ".join(ACCESS_EVENTS), ACCOUNT_STREAM))
            self.withheld.append(e["seq"])
        else:
            self.read_payload(number, e, payload, salt, fail)
        self.leaves.append(hashlib.sha256(b"\x00" + canonical(envelope).encode("utf-8")).digest())

    def read_payload(self, number, e, payload, salt, fail):
        if payload is None:
            if e["type"] == REDACTION:
                fail("a %s without its payload: a redaction cannot itself be redacted, and the target it names "
                     "could not be checked" % REDACTION)
            else:
                self.missing.append((number, e["seq"], e["id"], e["stream"]))
            return
        digest = hashlib.sha256(bytes.fromhex(salt or "") + canonical(payload).encode("utf-8")).hexdigest()
        matches = digest == e["payloadDigest"]
        if not matches:
            fail("the payload's SHA-256 (with its salt) differs from envelope.payloadDigest: the payload was changed")
        if e["type"] == REDACTION:
            target = payload.get("targetId")
            if not isinstance(target, str):
                fail("a %s's payload.targetId must be the id of the event it redacts, not %s" % (REDACTION, shown(target)))
                return
            earlier = self.redactions.setdefault(target, [])
            if earlier:
                fail("a second %s of event %s (the first is line %d): one redaction per target"
                     % (REDACTION, target, earlier[0][0]))
            named = self.ids.get(target)
            if named and named[3] == REDACTION:
                fail("names line %d, itself a %s: a redaction cannot be redacted" % (named[0], REDACTION))
            earlier.append((number, e["seq"], e["stream"], matches))

    def account_for_redactions(self):
        """A payload may be missing only where a later PayloadRedacted of the same stream, intact, names the event."""
        for number, seq, event_id, stream in self.missing:
            named = self.redactions.get(event_id)
            if not named:
                problem = "no %s names this event (id %s)" % (REDACTION, event_id)
            else:
                line, by, by_stream, matches = named[0]
                if by <= seq:
                    problem = "the %s naming it (line %d) comes before it" % (REDACTION, line)
                elif by_stream != stream:
                    problem = "the %s naming it (line %d) is of stream %s, not of this event's stream %s" % (
                        REDACTION, line, by_stream, stream)
                elif not matches:
                    problem = "the %s naming it (line %d) does not match its own digest" % (REDACTION, line)
                else:
                    continue
            self.fail(number, seq, "the payload is missing and " + problem)

    @property
    def redacted(self):
        return [seq for _, seq, _, _ in self.missing]


# How long before a checkpoint's time an event it does not hold may still be recorded: the append began before the
# checkpoint was read and committed after (ik's Checkpoint.publicationSlack). One minute, in microseconds.
PUBLICATION_SLACK = 60 * 1000000


def published_time_failures(export, tree_size, shown_time):
    """A head published at a time lies between the recorded times of its last event and the next: a checkpoint
    named before its events, or an event recorded before a checkpoint that does not hold it, was back-dated."""
    stamp, failures = instant(shown_time), []
    if tree_size > 0 and stamp < export.times[tree_size - 1]:
        failures.append("the checkpoint of size %d names the time %s, before event %d was recorded: a head is never "
                        "published before its events" % (tree_size, shown_time, tree_size))
    if tree_size < len(export.times) and export.times[tree_size] < stamp - PUBLICATION_SLACK:
        failures.append("seq %d is recorded before the checkpoint of size %d, published at %s without it: the event "
                        "was back-dated" % (tree_size + 1, tree_size, shown_time))
    return failures


def check_heads(export, args, out):
    """The tree heads given (checkpoint, anchors, expected size): each must be a prefix of the export."""
    size, failures = len(export.leaves), export.failures
    covered = None

    def head(label, tree_size, root_hex):
        nonlocal covered
        if tree_size > size:
            failures.append("%s says the log had %d events; the export holds only %d: it is cut short or not of "
                            "this log" % (label, tree_size, size))
            return False
        if root(export.leaves[:tree_size]).hex() != root_hex:
            failures.append("%s does not match the export: its first %d events have root %s"
                            % (label, tree_size, root(export.leaves[:tree_size]).hex()))
            return False
        out.append("%s matches" % label)
        covered = max(covered or 0, tree_size)
        return True

    if args.expect_size is not None:
        if args.expect_size != size:
            failures.append("the export holds %d events, --expect-size says %d: it is %s" % (
                size, args.expect_size, "cut short" if size < args.expect_size else "longer than expected"))
        else:
            out.append("the export holds the %d events expected" % size)
    if args.checkpoint and is_note(args.checkpoint):
        note = load_note(args.checkpoint, read_small(args.checkpoint))
        matched = head("checkpoint %d:%s" % (note["treeSize"], note["root"]), note["treeSize"], note["root"])
        if args.public_key:
            failure = check_note_signature(note, args.public_key)
            if failure:
                failures.append(failure)
            elif matched:
                out.append("checkpoint note signature verifies with the key in %s (origin %s)" % (args.public_key, note["origin"]))
        if args.witness:
            quorum = args.quorum if args.quorum is not None else len(args.witness)
            failure = check_witnesses(note, args.witness, quorum)
            if failure:
                failures.append(failure)
            else:
                out.append("checkpoint note cosigned by at least %d of %d witnesses" % (quorum, len(args.witness)))
    elif args.checkpoint:
        checkpoint = load(args.checkpoint)
        tree_size = whole(checkpoint.get("treeSize"), args.checkpoint + ": treeSize")
        hex_hash(checkpoint.get("root"), args.checkpoint + ": root")
        matched = head("checkpoint %d:%s" % (tree_size, checkpoint["root"]), tree_size, checkpoint["root"])
        if args.public_key:
            text(checkpoint.get("time"), args.checkpoint + ": time (a signed checkpoint has one)")
            text(checkpoint.get("signature"), args.checkpoint + ": signature (a signed checkpoint has one)")
            failure = check_signature(checkpoint, args.public_key)
            if failure:
                failures.append(failure)
            elif matched:
                out.append("checkpoint signature verifies with the key in %s" % args.public_key)
        if matched and instant(checkpoint.get("time")) is not None:
            failures.extend(published_time_failures(export, tree_size, checkpoint["time"]))
    for tree_size, root_hex in args.anchor or []:
        head("anchor %d:%s" % (tree_size, root_hex), tree_size, root_hex)
    if covered is None:
        out.append("no checkpoint or anchor given: compare the root with one published earlier")
    elif covered < size:
        after = "event %d comes" % size if covered + 1 == size else "events %d-%d come" % (covered + 1, size)
        out.append(after + " after the largest tree head given: checked for consistency only")


def check_proofs(export, args, out):
    leaves, failures = export.leaves, export.failures
    if args.inclusion:
        path = args.inclusion
        proof = load(path)
        size, index = whole(proof.get("treeSize"), path + ": treeSize", 1), whole(proof.get("leafIndex"), path + ": leafIndex")
        leaf, root_hash = hex_hash(proof.get("leafHash"), path + ": leafHash"), hex_hash(proof.get("root"), path + ": root")
        hashes = [hex_hash(h, path + ": proof[%d]" % i) for i, h in enumerate(proof_list(proof, path))]
        if size > len(leaves):
            failures.append("%s: the inclusion proof is for a log of %d events; the export holds only %d"
                            % (path, size, len(leaves)))
        elif (index < size and leaf == leaves[index] and root_hash == root(leaves[:size])
              and verify_inclusion(leaf, index, size, hashes, root_hash)):
            out.append("inclusion proof of seq %d in %d events verifies" % (index + 1, size))
        else:
            failures.append("%s: the inclusion proof of seq %d in %d events does not verify against the export"
                            % (path, index + 1, size))
    if args.consistency:
        path = args.consistency
        proof = load(path)
        m, n = whole(proof.get("fromSize"), path + ": fromSize"), whole(proof.get("toSize"), path + ": toSize")
        from_root, to_root = hex_hash(proof.get("fromRoot"), path + ": fromRoot"), hex_hash(proof.get("toRoot"), path + ": toRoot")
        hashes = [hex_hash(h, path + ": proof[%d]" % i) for i, h in enumerate(proof_list(proof, path))]
        if n > len(leaves):
            failures.append("%s: the consistency proof reaches %d events; the export holds only %d" % (path, n, len(leaves)))
        elif (m <= n and from_root == root(leaves[:m]) and to_root == root(leaves[:n])
              and verify_consistency(m, n, from_root, to_root, hashes)):
            out.append("consistency proof %d -> %d verifies" % (m, n))
        else:
            failures.append("%s: the consistency proof %d -> %d does not verify against the export" % (path, m, n))


def proof_list(proof, path):
    if not isinstance(proof.get("proof"), list):
        raise Refused("%s: proof must be a list of hashes, not %s" % (path, shown(proof.get("proof"))))
    return proof["proof"]


class Usage(argparse.ArgumentParser):
    """argparse, but a usage error exits 64 (EX_USAGE), as ik does."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(64, "%s: %s\n" % (self.prog, message))


class Once(argparse.Action):
    """An option that may be given once: a second one would silently replace the first."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest) is not None:
            parser.error("%s is given twice" % option_string)
        setattr(namespace, self.dest, values)


def anchor(value):
    size, _, root_hex = value.partition(":")
    if not size.isdigit() or not size.isascii() or len(root_hex) != 64 or any(c not in "0123456789abcdef" for c in root_hex):
        raise argparse.ArgumentTypeError("%r is not SIZE:ROOT (a number, a colon, 64 lowercase hex digits)" % value)
    return int(size), root_hex


def count_argument(value):
    if not value.isdigit() or not value.isascii():
        raise argparse.ArgumentTypeError("%r is not a whole number" % value)
    return int(value)


def arguments(argv):
    parser = Usage(prog="verify-export.py", allow_abbrev=False, description=DESCRIPTION, epilog=EPILOG,
                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", metavar="LOG.jsonl", help="the file `ik export log --format jsonl` wrote")
    parser.add_argument("--checkpoint", metavar="FILE", action=Once,
                        help="a checkpoint (ik checkpoint --format json, or --format note: a C2SP signed checkpoint note): its "
                             "size and root must be a prefix of the export")
    parser.add_argument("--public-key", metavar="FILE", action=Once,
                        help="the Ed25519 public key (ik keygen) the checkpoint must be signed with")
    parser.add_argument("--anchor", metavar="SIZE:ROOT", action="append", type=anchor,
                        help="a tree head published earlier (ik checkpoint prints it), as for ik verify --anchor; repeatable")
    parser.add_argument("--expect-size", metavar="N", action=Once, type=count_argument,
                        help="the export must hold exactly N events (0 accepts an empty export)")
    parser.add_argument("--test-store", action="store_true",
                        help='the export is of a test store (ik init --test): accept events whose recorded time was '
                             'chosen ("clock": "pinned"), and say how many there are')
    parser.add_argument("--inclusion", metavar="FILE", action=Once, help="an ik proof inclusion to check (RFC 9162 2.1.3.2)")
    parser.add_argument("--consistency", metavar="FILE", action=Once, help="an ik proof consistency to check (RFC 9162 2.1.4.2)")
    parser.add_argument("--witness", metavar="FILE", action="append",
                        help="a witness's verifier key (ik keygen --witness): the checkpoint note must carry its "
                             "cosignature (c2sp.org/tlog-cosignature); repeatable")
    parser.add_argument("--quorum", metavar="K", action=Once, type=count_argument,
                        help="how many of the --witness keys must have cosigned (default: all)")
    args = parser.parse_args(argv)
    if (args.witness or args.quorum is not None) and not (args.checkpoint and args.public_key):
        parser.error("--witness and --quorum check the cosignatures of a --checkpoint note signed with --public-key")
    if args.quorum is not None and not 1 <= args.quorum <= len(args.witness or []):
        parser.error("--quorum K needs at least K --witness keys (K >= 1)")
    if args.public_key and not args.checkpoint:
        parser.error("--public-key checks the signature of a --checkpoint; give both")
    return args


def main(argv):
    args = arguments(argv)
    export = Export(args.export, args.test_store)
    if not export.leaves and args.expect_size != 0:
        raise Refused("%s: the export holds no events; a log cut to nothing must not pass (give --expect-size 0 if "
                      "the log is empty)" % args.export)
    out = ["tree size %d, root %s" % (len(export.leaves), root(export.leaves).hex())]
    if export.pinned:
        out.append("test store: %d event%s recorded with a chosen time (IK_NOW); recorded times say nothing about when "
                   "anything was known" % (len(export.pinned), "" if len(export.pinned) == 1 else "s"))
    if export.redacted:
        out.append("redacted payloads, each named by a later %s of its stream: seq %s"
                   % (REDACTION, ", ".join(map(str, export.redacted))))
    if export.withheld:
        out.append("access events whose payload was withheld (not checked; an owner's export has them): seq %s"
                   % ", ".join(map(str, export.withheld)))
    for check in (check_heads, check_proofs):
        try:
            check(export, args, out)
        except Refused as refused:  # a checkpoint or proof file that is not ik's: listed with the rest
            export.failures.append(str(refused))
    if export.failures:
        for failure in export.failures[:SHOWN]:
            print(failure, file=sys.stderr)
        if len(export.failures) > SHOWN:
            print("... and %d more problems" % (len(export.failures) - SHOWN), file=sys.stderr)
        print("verify-export: %s does not verify (%d problem%s)" % (
            args.export, len(export.failures), "" if len(export.failures) == 1 else "s"), file=sys.stderr)
        return 1
    print("\n".join(out))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except Refused as refused:
        print("verify-export: %s" % refused, file=sys.stderr)
        status = 1
    except BrokenPipeError:  # the reader went away: say nothing more on a closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    except KeyboardInterrupt:
        print("verify-export: interrupted", file=sys.stderr)
        status = 130
    except MemoryError:
        print("verify-export: out of memory", file=sys.stderr)
        status = 1
    except Exception as error:  # a bug of this script: still one line, never a traceback
        print("verify-export: internal error (please report it): %s: %s" % (type(error).__name__, error), file=sys.stderr)
        status = 1
    sys.exit(status)
