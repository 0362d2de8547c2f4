#!/usr/bin/env python3
"""Keeps the schemas and the code together: validates every example in Schemas/examples against the draft
schema and its type's payload schema with a real validator (jsonschema, 2020-12), checks that every schema
is itself valid, then appends every example through `ik` into a fresh store.

    Tools/check-schemas.py PATH-TO-IK
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

root = pathlib.Path(__file__).resolve().parent.parent
schemas = root / "Schemas"


def load_registry():
    resources, documents = [], {}
    for path in schemas.rglob("*.schema.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(document)
        resources.append((document["$id"], Resource.from_contents(document)))
        documents[str(path.relative_to(schemas))] = document
    return Registry().with_resources(resources), documents


def main(ik):
    registry, documents = load_registry()
    draft_validator = Draft202012Validator(documents["draft.schema.json"], registry=registry,
                                           format_checker=FormatChecker())
    examples = sorted((schemas / "examples").glob("*.json"))
    types_seen, failures = set(), []
    for path in examples:
        draft = json.loads(path.read_text(encoding="utf-8"))
        types_seen.add(draft["type"])
        for error in draft_validator.iter_errors(draft):
            failures.append("%s: %s at %s" % (path.name, error.message, "/".join(map(str, error.absolute_path))))
        payload_schema = documents["events/%s.schema.json" % draft["type"]]
        payload_validator = Draft202012Validator(payload_schema, registry=registry, format_checker=FormatChecker())
        for error in payload_validator.iter_errors(draft["payload"]):
            failures.append("%s: payload: %s" % (path.name, error.message))
    missing = {p.name.split(".")[0] for p in (schemas / "events").glob("*.schema.json")} - types_seen
    if missing:
        failures.append("no example for: " + ", ".join(sorted(missing)))
    # A bad draft must be refused by the schema too, or the check above proves nothing.
    bad = {"type": "DeviationRecorded", "payload": {"deviationId": "X", "controlId": "Y", "observedOn": "2024-01-01",
                                                    "severity": "tiny", "description": "d"}}
    if draft_validator.is_valid(bad):
        failures.append("the draft schema accepted a severity outside its enum")
    # A draft that names schemaVersion 1 may not use a version-2 type or field; without it, it may.
    v2 = json.loads((schemas / "examples" / "16-ControlPointAdded.json").read_text(encoding="utf-8"))
    if not draft_validator.is_valid(v2):
        failures.append("the draft schema refused a version-2 draft that names no schemaVersion")
    if draft_validator.is_valid(dict(v2, schemaVersion=1)):
        failures.append("the draft schema accepted schemaVersion 1 with a version-2 field")
    risk = json.loads((schemas / "examples" / "15-RiskAreaAdded.json").read_text(encoding="utf-8"))
    if draft_validator.is_valid(dict(risk, schemaVersion=1)):
        failures.append("the draft schema accepted schemaVersion 1 for a version-2 type")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    print("check-schemas: %d schemas valid; %d examples valid against them" % (len(documents), len(examples)))

    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, IK_STORE=os.path.join(work, "store"), IK_NOW="2025-03-01T12:00:00Z", USER="ci")
        # IK_NOW pins the clock, which only a test store accepts.
        subprocess.run([ik, "init", "--test"], env=env, check=True, stdout=subprocess.DEVNULL)
        ids = {}
        for path in examples:
            number = path.name[:2]
            text = path.read_text(encoding="utf-8")
            for ref, event_id in ids.items():
                text = text.replace("00000000-0000-4000-8000-0000000000" + ref, event_id)
            draft = json.loads(text)
            if draft["type"] == "PayloadRedacted":
                # Only `ik redact` writes a redaction: it removes the payload in the same transaction.
                payload = draft["payload"]
                result = subprocess.run([ik, "redact", "--target", payload["targetId"], "--reason", payload["reason"],
                                         "--legal-basis", payload["legalBasis"]], env=env, capture_output=True)
                if result.returncode != 0:
                    print("%s was refused by ik redact:\n%s" % (path.name, result.stderr.decode()), file=sys.stderr)
                    return 1
                continue
            result = subprocess.run([ik, "append", "--format", "json", "-"], input=text.encode(), env=env,
                                    capture_output=True)
            if result.returncode != 0:
                print("%s was refused by ik:\n%s" % (path.name, result.stderr.decode()), file=sys.stderr)
                return 1
            ids[number] = json.loads(result.stdout)["events"][0]["id"]
        # ik refuses what the schema refuses: schemaVersion 1 with a version-2 field, nothing appended.
        refused = subprocess.run([ik, "append", "-"], input=json.dumps(dict(v2, schemaVersion=1)).encode(), env=env,
                                 capture_output=True)
        if refused.returncode != 65 or b"needs schema version 2" not in refused.stderr:
            print("ik accepted schemaVersion 1 with a version-2 field:\n%s" % refused.stderr.decode(), file=sys.stderr)
            return 1
        log = subprocess.run([ik, "export", "log"], env=env, capture_output=True, check=True).stdout.decode()
        envelope_validator = Draft202012Validator(documents["envelope.schema.json"], registry=registry,
                                                  format_checker=FormatChecker())
        versions = []
        for line in log.splitlines():
            envelope = json.loads(line)["envelope"]
            for error in envelope_validator.iter_errors(envelope):
                print("exported envelope: %s" % error.message, file=sys.stderr)
                return 1
            if envelope["type"] != "PayloadRedacted":
                versions.append(envelope["schemaVersion"])
        # Examples 01-14 are version 1 and stay so; 15-18 use version 2 (one names it, three get it from their payload).
        if versions != [1] * 13 + [2] * 4:
            print("exported schema versions %s, expected thirteen 1s then four 2s" % versions, file=sys.stderr)
            return 1
    print("check-schemas: all %d examples appended through ik; exported envelopes match the envelope schema"
          % len(examples))
    return check_projections(ik, registry, documents)


def check_projections(ik, registry, documents):
    """Every projection's JSON, from a store holding the seed reports, validates against its schema."""
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, IK_STORE=os.path.join(work, "store"), USER="ci")
        subprocess.run([ik, "seed"], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = {
            "state": ["state", "--period", "2024", "--format", "json"],
            "trend": ["trend", "--bucket", "tertial", "--format", "json"],
            "diff": ["diff", "--period", "2024", "--as-of", "2024-12-31", "--against", "2025-02-11", "--format", "json"],
            "log": ["log", "--period", "2022", "--format", "json"],
            "deviations": ["export", "deviations", "--period", "2024", "--format", "json"],
            "actions": ["export", "actions", "--format", "json"],
        }
        for name, arguments in commands.items():
            output = subprocess.run([ik] + arguments, env=env, capture_output=True, check=True).stdout
            document = json.loads(output)
            validator = Draft202012Validator(documents["projections/%s.schema.json" % name], registry=registry,
                                             format_checker=FormatChecker())
            errors = list(validator.iter_errors(document))
            if errors:
                print("ik %s: %s at %s" % (" ".join(arguments), errors[0].message,
                                           "/".join(map(str, errors[0].absolute_path))), file=sys.stderr)
                return 1
            if not document or (isinstance(document, dict) and not (document.get("plans") or document.get("rows")
                                                                       or document.get("events"))):
                print("ik %s printed nothing to check" % " ".join(arguments), file=sys.stderr)
                return 1
        tree = {
            "checkpoint": [["checkpoint", "--no-store", "--format", "json"]],
            "inclusion-proof": [["proof", "inclusion", "--seq", "17"], ["proof", "inclusion", "--seq", "1", "--size", "1"]],
            "consistency-proof": [["proof", "consistency", "--from", "40", "--to", "97"]],
            "verify": [["verify", "--format", "json"]],
        }
        subprocess.run([ik, "keygen", "--out", os.path.join(work, "key")], env=env, check=True, stdout=subprocess.DEVNULL)
        tree["checkpoint"].append(["checkpoint", "--sign", os.path.join(work, "key"), "--format", "json"])
        for name, runs in tree.items():
            validator = Draft202012Validator(documents["tree/%s.schema.json" % name], registry=registry,
                                             format_checker=FormatChecker())
            for arguments in runs:
                document = json.loads(subprocess.run([ik] + arguments, env=env, capture_output=True, check=True).stdout)
                errors = list(validator.iter_errors(document))
                if errors:
                    print("ik %s: %s at %s" % (" ".join(arguments), errors[0].message,
                                               "/".join(map(str, errors[0].absolute_path))), file=sys.stderr)
                    return 1
    print("check-schemas: state, trend, diff, log, deviations and actions JSON of the seeded store match their schemas; "
          "so do checkpoints (plain and signed), both proofs and the verify report")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(root / ".build/debug/ik")))
