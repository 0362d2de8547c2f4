#!/usr/bin/env python3
"""Writes Schemas/openapi.json (and the copy the server serves, Sources/API/Resources/openapi.json), the OpenAPI 3.1 document of `ik serve`'s API, from the routes described below and
the JSON Schemas in Schemas/ (drafts, events, projections, tree heads, proofs), which it embeds as components so
that no tool has to fetch anything: every `$ref` between them becomes a local one.

    Tools/openapi.py            write Schemas/openapi.json
    Tools/openapi.py --check    exit 1 when Schemas/openapi.json is not what this writes (Tools/test runs it)
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
schemas = root / "Schemas"
BASE = "https://schemas.ikstore.se/v1/"

NAMES = {
    "draft.schema.json": "Draft", "envelope.schema.json": "Envelope",
    "projections/state.schema.json": "State", "projections/trend.schema.json": "Trend",
    "projections/diff.schema.json": "Diff", "projections/log.schema.json": "LogLines",
    "projections/deviations.schema.json": "Deviations", "projections/actions.schema.json": "Actions",
    "tree/checkpoint.schema.json": "Checkpoint", "tree/verify.schema.json": "Verification",
    "tree/inclusion-proof.schema.json": "InclusionProof", "tree/consistency-proof.schema.json": "ConsistencyProof",
}


def component_name(relative):
    if relative.startswith("events/"):
        return relative[len("events/"):].split(".")[0]
    return NAMES[relative]


def embedded_schemas():
    """Every schema file, as a component, with references rewritten to components."""
    components = {}
    for path in sorted(schemas.rglob("*.schema.json")):
        relative = str(path.relative_to(schemas))
        name = component_name(relative)
        document = json.loads(path.read_text(encoding="utf-8"))

        def rewrite(node, here=relative, name=name):
            if isinstance(node, dict):
                out = {}
                for key, value in node.items():
                    if key in ("$id", "$schema"):
                        continue
                    if key == "$ref" and isinstance(value, str):
                        if value.startswith("#/"):
                            value = "#/components/schemas/%s/%s" % (name, value[2:])
                        else:
                            target = value[len(BASE):] if value.startswith(BASE) else \
                                str(pathlib.PurePosixPath(here).parent / value).lstrip("./")
                            value = "#/components/schemas/" + component_name(target)
                    out[key] = rewrite(value)
                return out
            if isinstance(node, list):
                return [rewrite(item) for item in node]
            return node

        components[name] = rewrite(document)
    components["Draft"] = per_type(components["Draft"])
    return components


def per_type(draft):
    """The draft schema's `allOf` of `if type is X then payload is X` as the equivalent `oneOf` of one variant per
    type, which test generators (Schemathesis) can build drafts from."""
    variants, others = [], []
    for rule in draft.get("allOf", []):
        condition = rule.get("if", {})
        if set(condition) == {"properties"} and set(condition["properties"]) == {"type"}:
            type_name = condition["properties"]["type"]["const"]
            variants.append({"properties": {"type": {"const": type_name},
                                            "payload": rule["then"]["properties"]["payload"]}})
        else:
            others.append(rule)  # e.g. what a draft naming schemaVersion 1 may not hold: kept as it is
    out = {key: value for key, value in draft.items() if key != "allOf"}
    if variants:
        out["oneOf"] = variants
    if others:
        out["allOf"] = others
    return out


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def problem(description):
    return {"description": description, "content": {"application/problem+json": {"schema": ref("Problem")}}}


PROBLEMS = {
    "400": problem("A query parameter (or the body) is not valid: the problem names it."),
    "401": problem("No credentials, or a token no active account has."),
    "403": problem("The account's role does not allow this."),
    "429": problem("Too many failed sign-ins from this address (or for this account from it), or, for verify, state, "
                   "trend, diff, the projections' exports, the report, dry runs (events?dryRun=true) and batches of more than 100 drafts or 256 KB, too many such requests of this account in flight (ik serve "
                   "--heavy-per-account, type .../too-many-heavy-requests); wait `Retry-After` seconds."),
    "503": problem("On a replica (ik serve of a store ik follow keeps): its follower has not verified the leader within "
                   "--replica-lag seconds, or raised an alarm since, so it accepts no token now (type .../replica-stale); "
                   "retry after `Retry-After` seconds, once ik follow has caught up, or use the leader. Or, for verify, "
                   "state, trend, diff, the projections' exports, the report and dry runs, the server runs as many requests that "
                   "read the whole store as it may at once, its reader threads less two (type .../server-busy); retry "
                   "after `Retry-After` seconds."),
}


def responses(ok, *extra):
    out = {"200": ok}
    for code in ("400", "401", "403", "429", "503") + extra:
        out[code] = EXTRA[code] if code in extra else PROBLEMS[code]
    return out


EXTRA = {
    "404": problem("No such plan (or control point) as known at the knowledge point: the problem names those the "
                   "log has."),
    "409": problem("A stream was not at the version a draft expected; nothing was appended."),
    "413": problem("The body is larger than the server reads (ik serve --max-body); nothing was appended."),
    "415": problem("Content-Type is neither application/json nor application/jsonl."),
    "422": problem("Drafts break rules (each problem with its draft index, line, JSON path, value and rule), or a "
                   "sequence number or size outside the log; nothing was appended."),
    "500": problem("A report's payload or index entry does not match the log: ik verify names it."),
    "503": problem("Another process holds the store's writer lock, or the clock is behind the log; or, on a replica, "
                   "it accepts no token now (type .../replica-stale: its follower has not verified the leader within "
                   "--replica-lag seconds, or raised an alarm); or, for a dry run or a batch of more than 100 drafts or 256 KB, "
                   "the server runs as many large requests as it may at once (type .../server-busy). Retry after "
                   "`Retry-After` seconds. Nothing was appended."),
}


def parameter(name, schema, description, required=False, explode=None):
    p = {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
    if explode is not None:
        p["style"], p["explode"] = "form", explode
    return p


PERIOD = parameter("period", {"type": "string",
                              "pattern": r"^[1-9][0-9]{3}(-(H[12]|T[1-3]|Q[1-4]|(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?))?$"},
                   "Effective period: 2024, 2024-H1, 2024-T2, 2024-Q3, 2024-05 or a date (not with from/to).")
FROM = parameter("from", {"type": "string", "format": "date"}, "First effective date.")
TO = parameter("to", {"type": "string", "format": "date"}, "Last effective date.")
POINT = {"type": "string", "pattern": r"^([1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])(T[0-9]{2}:[0-5][0-9]:[0-5][0-9]Z)?|seq:[0-9]{1,15})$"}
AS_OF = parameter("asOf", POINT,
                  "Knowledge point: a date (the end of that day, Stockholm), an RFC 3339 instant, or seq:N (not with asOfSeq).")
AS_OF_SEQ = parameter("asOfSeq", {"type": "integer", "minimum": 0, "maximum": 9007199254740991},
                      "Knowledge point: the first N events.")
SCOPE = [PERIOD, FROM, TO, AS_OF, AS_OF_SEQ]
PLAN = parameter("plan", {"type": "array", "items": {"type": "string", "minLength": 1}}, "Only these plans.",
                 explode=True)


def lang(default):
    return parameter("lang", {"type": "string", "enum": ["sv", "en"], "default": default}, "Labels and report text.")


def fmt(values, default):
    return parameter("format", {"type": "string", "enum": values, "default": default}, "Output format.")


EXPLAIN = parameter("explain", {"type": "boolean", "default": False}, "Tables: list the seqs behind every figure.")
ROUNDING = parameter("rounding", {"type": "string", "enum": ["half-up", "truncate"], "default": "half-up"},
                     "Percentages rounded half up (default) or cut, as some committee papers print them.")
BUCKET = parameter("bucket", {"type": "string", "enum": ["year", "half", "tertial", "quarter", "month"]}, "Trend bucket.")
BY = parameter("by", {"type": "string", "enum": ["control", "area", "unit"]}, "Group the trend by.")

JSON = "application/json"
CSV = "text/csv; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSONL = "application/jsonl"


def ok(description, content):
    return {"description": description, "content": content}


def table_content(name):
    return {JSON: {"schema": ref(name)}, CSV: {"schema": {"type": "string"}}, TEXT: {"schema": {"type": "string"}}}


def operation(operation_id, summary, role, parameters, response, extra=(), tag="read"):
    return {"operationId": operation_id, "summary": summary, "description": "Role: " + role + ".", "tags": [tag],
            "parameters": parameters, "responses": responses(response, *extra)}


LOG_PARAMETERS = SCOPE + [
    parameter("after", {"type": "integer", "minimum": 0, "maximum": 9007199254740991},
              "Only events after this seq (log shipping)."),
    parameter("stream", {"type": "string"}, "Only the events of this stream."),
    parameter("type", {"type": "string"}, "Only events of this type."),
    fmt(["jsonl", "json"], "jsonl"),
]
LOG_CONTENT = {JSONL: {"schema": {"type": "string", "description": "One line per event: {envelope, payload, salt}."}},
               JSON: {"schema": ref("LogLines")}}


def paths():
    p = {}
    p["/events"] = {"post": {
        "operationId": "appendEvents", "tags": ["append"],
        "summary": "Append drafts, all or nothing, as the account signed in.",
        "description": "Role: administrator or owner. The same drafts and rules as `ik append`. A draft may leave out "
                       "`actor` or name the account signed in; any other actor is refused (422, problem on `actor`). "
                       "Acknowledged (201) only once durable. `dryRun=true` checks and writes nothing (200).",
        "parameters": [parameter("dryRun", {"type": "boolean", "default": False}, "Check only; write nothing.")],
        "requestBody": {"required": True, "content": {
            JSON: {"schema": {"oneOf": [ref("Draft"), {"type": "array", "items": ref("Draft")}]}},
            JSONL: {"schema": {"type": "string", "description": "One draft per line."}},
        }},
        "responses": dict(responses(ok("Dry run: what would be appended.", {JSON: {"schema": ref("AppendOutcome")}}),
                                    "409", "413", "415", "422", "503"),
                          **{"201": ok("Appended and durable.", {JSON: {"schema": ref("AppendOutcome")}})}),
    }}
    p["/state"] = {"get": operation("state", "Per plan and control point: results, deviations, actions (ik state).",
                                    "any", SCOPE + [PLAN, lang("sv"), fmt(["json", "csv", "table"], "json"), EXPLAIN, ROUNDING],
                                    ok("The state.", table_content("State")), extra=("404",))}
    p["/trend"] = {"get": operation("trend", "Figures per control point, area or unit and bucket (ik trend).", "any",
                                    SCOPE + [PLAN, lang("sv"), fmt(["json", "csv", "table"], "json"), EXPLAIN, ROUNDING, BUCKET, BY,
                                             parameter("control", {"type": "string"}, "Only this control point (area, unit).")],
                                    ok("The trend.", table_content("Trend")), extra=("404",))}
    p["/diff"] = {"get": operation("diff", "What a later knowledge point adds or changes (ik diff).",
                                   "administrator, auditor, owner",
                                   SCOPE + [PLAN, lang("sv"), fmt(["json", "csv", "table"], "json"),
                                            parameter("against", POINT, "The later knowledge point (default now).")],
                                   ok("The diff.", table_content("Diff")), extra=("404",))}
    p["/report"] = {"get": operation("report", "A plan's committee report as known at a point (ik report).", "any",
                                     SCOPE + [parameter("plan", {"type": "string", "minLength": 1}, "The plan.", required=True),
                                              lang("sv"), fmt(["md", "html", "json"], "md"),
                                              parameter("decimals", {"type": "integer", "minimum": 0, "maximum": 2},
                                                        "Decimals of percentages."), ROUNDING,
                                              parameter("bucket", BUCKET["schema"], "Trend bucket (default: the plan's reporting rhythm).")],
                                     ok("The report.", {"text/markdown; charset=utf-8": {"schema": {"type": "string"}},
                                                        "text/html; charset=utf-8": {"schema": {"type": "string"}},
                                                        JSON: {"schema": {"type": "object"}}}),
                                     extra=("404", "500"))}
    p["/plans"] = {"get": operation("plans", "The plans of the store.", "any", [],
                                    ok("Plan ids.", {JSON: {"schema": ref("Plans")}}))}
    p["/log"] = {"get": operation("log", "The export's lines, streamed: each chunk a short read "
                                  "transaction of at most 2,000 events read, filtered or not (a chunk whose events the "
                                  "filters all pass over sends nothing), queued behind other requests.",
                                  "administrator, auditor, owner", LOG_PARAMETERS, ok("Events.", LOG_CONTENT))}
    p["/verify"] = {"get": operation("verify", "Recompute the tree and every index and cache (ik verify). One verification runs at a time "
                                     "(requests meanwhile share it); its report answers again while the head is the one "
                                     "it verified (at most 5 minutes); a head that moved is verified again, whole.",
                                     "auditor, owner",
                                     [parameter("anchor", {"type": "array", "items": {"type": "string",
                                                                                      "pattern": "^[0-9]+:[0-9a-f]{64}$"}},
                                                "Published tree heads SIZE:ROOT to check.", explode=True)],
                                     ok("The verification.", {JSON: {"schema": ref("Verification")}}), tag="audit")}
    p["/checkpoint"] = {"get": operation(
        "checkpoint", "The current tree head (not stored); `format=note`: a C2SP signed checkpoint note "
        "(c2sp.org/tlog-checkpoint) with the witnesses' cosignatures, also served at /checkpoint "
        "(404 when the server has no --checkpoint-key); `format=key`: the verifier key of those notes (NAME+ID+KEY), which "
        "a follower without --leader-key pins at its first poll; `format=note&nonce=HEX`: the head signed now for a "
        "follower's nonce (an extension line `ikstore-fresh HEX`, no cosignatures), also at /checkpoint?nonce=HEX: "
        "what keeps a replica fresh; with `time=1` also the leader's clock when it read the head (a second extension "
        "line `ikstore-time RFC3339`, signed with the rest): a follower alarms on a later event recorded before it.",
        "auditor, owner",
        [fmt(["json", "note", "key"], "json"),
         parameter("nonce", {"type": "string", "pattern": "^[0-9a-f]{32,64}$"},
                   "A follower's random nonce (32 to 64 lowercase hex digits), with format=note."),
         parameter("time", {"type": "string", "enum": ["1"]},
                   "`1`: the note for the nonce also signs the leader's clock (`ikstore-time`); needs nonce.")],
        ok("The tree head.", {JSON: {"schema": ref("Checkpoint")}, TEXT: {"schema": {"type": "string"}}}),
        extra=("404",), tag="audit")}
    cosign = operation(
        "addCosignatures", "A witness's cosignature (c2sp.org/tlog-cosignature) of the checkpoint served now: the note "
        "with the witness's signature lines added. Taken when the server knows the witness (ik serve --witness-key) "
        "and the cosignature verifies; served with the checkpoint note until the head moves on.", "auditor, owner", [],
        ok("How many witnesses cosigned the current checkpoint.", {JSON: {"schema": {
            "type": "object", "required": ["cosignatures"], "additionalProperties": False,
            "properties": {"cosignatures": {"type": "integer", "minimum": 1}}}}}),
        extra=("404", "409", "413", "422"), tag="audit")
    cosign["requestBody"] = {"required": True, "content": {TEXT: {"schema": {"type": "string"}}}}
    p["/checkpoint/cosignatures"] = {"post": cosign}
    seq = {"type": "integer", "minimum": 0, "maximum": 9007199254740991}
    p["/proof/inclusion"] = {"get": operation(
        "inclusionProof", "RFC 9162 inclusion proof of event seq in the tree of size events, in O(log n) "
        "reads: its root is the head the server hashed from the envelopes (once, then each append), checked against the "
        "Merkle cache.", "auditor, owner",
        [parameter("seq", dict(seq, minimum=1), "The event.", required=True), parameter("size", seq, "The tree size (default: the log).")],
        ok("The proof.", {JSON: {"schema": ref("InclusionProof")}}), extra=("422",), tag="audit")}
    p["/proof/consistency"] = {"get": operation(
        "consistencyProof", "RFC 9162 consistency proof from tree size `from` to `to`, in O(log n) reads (roots as "
        "for inclusionProof).", "auditor, owner",
        [parameter("from", seq, "The earlier size.", required=True), parameter("to", seq, "The later size.")],
        ok("The proof.", {JSON: {"schema": ref("ConsistencyProof")}}), extra=("422",), tag="audit")}
    p["/export/log"] = {"get": operation("exportLog", "The log for other tools (ik export log).", "auditor, owner",
                                         LOG_PARAMETERS, ok("Events.", LOG_CONTENT), tag="audit")}
    for what, name in (("state", "State"), ("trend", "Trend"), ("deviations", "Deviations"), ("actions", "Actions")):
        params = SCOPE + [PLAN, lang("sv"), fmt(["jsonl", "json", "csv"], "jsonl")] + ([BUCKET, BY] if what == "trend" else [])
        json_schema = ref(name)
        p["/export/" + what] = {"get": operation(
            "export" + what.capitalize(), "The %s for spreadsheets and programs (ik export %s)." % (what, what),
            "auditor, owner", params,
            ok("The export.", {JSONL: {"schema": {"type": "string"}}, JSON: {"schema": json_schema},
                               CSV: {"schema": {"type": "string"}}}), extra=("404",), tag="audit")}
    p["/login"] = {"post": {
        "operationId": "login", "tags": ["accounts"], "security": [],
        "summary": "A new API token for an account and its password (limited per account and address).",
        "requestBody": {"required": True, "content": {JSON: {"schema": {
            "type": "object", "additionalProperties": False, "required": ["account", "password"],
            "properties": {"account": {"type": "string"}, "password": {"type": "string"}, "label": {"type": "string"}}}}}},
        "responses": {"201": ok("The token, shown once.", {JSON: {"schema": ref("Token")}}),
                      "400": PROBLEMS["400"], "401": problem("Wrong account or password."), "413": EXTRA["413"],
                      "422": problem("The log refuses the label (a control character, a personal identity number, …): "
                                     "the problem names the field `label` and its rule; nothing was written."),
                      "429": problem("Too many failed sign-ins from this address (or for this account from it), or "
                                     "15 sign-ins of this account from this address within a minute, right or wrong "
                                     "(type .../too-many-attempts), or this account was given 10 tokens by signing in within the last hour (type "
                                     ".../too-many-tokens); wait `Retry-After` seconds.")}}}
    p["/me"] = {"get": operation("me", "The account signed in and what it may do.", "any", [],
                                 ok("The account.", {JSON: {"schema": ref("Me")}}), tag="accounts")}
    p["/accounts"] = {"get": operation("accounts", "Who had which role, as known at a point (ik user list).", "owner",
                                       [AS_OF, AS_OF_SEQ], ok("The accounts.", {JSON: {"schema": ref("Accounts")}}),
                                       tag="accounts")}
    p["/openapi.json"] = {"get": {"operationId": "openapi", "tags": ["meta"], "security": [],
                                  "summary": "This document.", "responses": {"200": ok("OpenAPI 3.1.", {JSON: {"schema": {"type": "object"}}})}}}
    return p


def own_schemas():
    hex64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    count = {"type": "integer", "minimum": 0}
    return {
        "Problem": {
            "type": "object", "description": "RFC 9457 problem details.", "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string", "format": "uri"}, "title": {"type": "string"}, "status": {"type": "integer"},
                "detail": {"type": "string"}, "requestId": {"type": "string"},
                "parameter": {"type": "string"}, "value": {"type": "string"}, "role": {"type": "string"},
                "permission": {"type": "string"}, "retryAfter": {"type": "integer"}, "limit": {"type": "integer"},
                "parserError": {"type": "string", "description": "malformed-request from the HTTP parser: its words for what was wrong."},
                "problems": {"type": "array", "items": {
                    "type": "object", "required": ["draftIndex", "rule"],
                    "properties": {"draftIndex": count, "line": count, "path": {"type": "string"},
                                   "value": {"type": "string"}, "rule": {"type": "string"},
                                   "recordedSeq": count, "conflict": {"type": "object"}}}},
            }},
        "AppendOutcome": {
            "type": "object", "required": ["events", "treeSize", "root", "dryRun"], "additionalProperties": False,
            "properties": {
                "events": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["seq", "id", "stream", "streamVersion", "alreadyRecorded"],
                    "properties": {"seq": count, "id": {"type": "string"}, "stream": {"type": "string"},
                                   "streamVersion": count, "alreadyRecorded": {"type": "boolean"}}}},
                "treeSize": count, "root": hex64, "dryRun": {"type": "boolean"}}},
        "Plans": {"type": "object", "additionalProperties": False, "required": ["treeSize", "plans"],
                  "properties": {"treeSize": count, "plans": {"type": "array", "items": {"type": "string"}}}},
        "Token": {"type": "object", "additionalProperties": False, "required": ["token", "account", "role"],
                  "properties": {"token": {"type": "string", "pattern": "^ikt_"}, "account": {"type": "string"},
                                 "role": {"enum": ["owner", "administrator", "auditor", "reader"]}}},
        "Me": {"type": "object", "additionalProperties": False, "required": ["account", "role", "permissions"],
               "properties": {"account": {"type": "string"},
                              "role": {"enum": ["owner", "administrator", "auditor", "reader"]},
                              "permissions": {"type": "array", "items": {"type": "string"}}}},
        "Accounts": {"type": "object", "additionalProperties": False, "required": ["knownAtSeq", "accounts"],
                     "properties": {"knownAtSeq": count, "accounts": {"type": "array", "items": {
                         "type": "object", "required": ["account", "role", "active", "history"],
                         "properties": {"account": {"type": "string"}, "role": {"type": "string"},
                                        "active": {"type": "boolean"}, "displayName": {"type": "string"},
                                        "history": {"type": "array", "items": {
                                            "type": "object", "additionalProperties": False,
                                            "required": ["seq", "type", "recordedAt", "actor"],
                                            "description": "An access event. An AccountDetailsRecorded holds a display "
                                                           "name or a reason (older role events may hold them too); a "
                                                           "redacted one has `redacted: true` and only what its redaction "
                                                           "kept (account, role): the role history stays.",
                                            "properties": {
                                                "seq": count, "type": {"type": "string"},
                                                "recordedAt": {"type": "string"}, "actor": {"type": "string"},
                                                "via": {"type": "string"},
                                                "role": {"enum": ["owner", "administrator", "auditor", "reader"]},
                                                "reason": {"type": "string"}, "displayName": {"type": "string"},
                                                "redacted": {"const": True}}}}}}}}},
    }


def document():
    components = embedded_schemas()
    components.update(own_schemas())
    return {
        "openapi": "3.1.0",
        "info": {"title": "IKStore API", "version": "1",
                 "description": "ik serve: one IKStore for the whole organisation. Every request signs in with an API "
                                "token (`Authorization: Bearer ikt_…`, from `ik user token NAME` or `POST /login`); "
                                "every event is recorded as the account that sent it. Roles: owner (everything), "
                                "administrator (append, read figures and the log), auditor (read, verify, export, "
                                "proofs), reader (state, trend, report). Every error is an RFC 9457 problem document."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "tags": [{"name": n} for n in ("append", "read", "audit", "accounts", "meta")],
        "paths": paths(),
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": dict(sorted(components.items()))},
    }


def main(arguments):
    text = json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    targets = [schemas / "openapi.json", root / "Sources/API/Resources/openapi.json"]
    if arguments == ["--check"]:
        for target in targets:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print("%s is not what Tools/openapi.py writes: run Tools/openapi.py" % target.relative_to(root),
                      file=sys.stderr)
                return 1
        print("openapi: Schemas/openapi.json and the copy the server serves are up to date")
        return 0
    if arguments:
        print(__doc__, file=sys.stderr)
        return 64
    for target in targets:
        target.write_text(text, encoding="utf-8")
    target = targets[0]
    print("wrote %s (%d paths, %d schemas)" % (target.relative_to(root), len(document()["paths"]),
                                              len(document()["components"]["schemas"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
