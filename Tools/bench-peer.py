#!/usr/bin/env python3
"""The peer of Tools/bench: Python `eventsourcing` (https://pypi.org/project/eventsourcing/) on SQLite, doing what
ik-bench does, so that every peer ratio is measured in the same run on the same machine.

  bench-peer.py append-batch DBFILE N    N new streams of one ~300-byte event each (ik-bench's append-batch events),
                                         saved 1,000 at a time through the application (one SQLite transaction each)
  bench-peer.py replay DBFILE DUMP       loads DUMP (JSON Lines {"kind", "stream", "payload"}, from `ik-bench dump`),
                                         untimed, then times a replay: every event read back in order through the
                                         notification log, decoded into its domain event and folded (counts per
                                         kind, the version per stream)

Prints one JSON line {"name", "per_s", "count", "seconds"} as ik-bench does. The library's own defaults stay (WAL,
JSON transcoder, no compression or cipher): the peer as its users get it.
"""
import json
import os
import sys
import time
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class Stream(Aggregate):
    """One stream of the log: its events carry the kind and payload; the aggregate keeps only its version."""

    @staticmethod
    def create_id(name: str, kind: str, payload: dict) -> UUID:
        return uuid5(NAMESPACE_URL, name)

    @event("Started")
    def __init__(self, name: str, kind: str, payload: dict):
        pass

    @event("Recorded")
    def record(self, kind: str, payload: dict):
        pass


class Log(Application):
    pass


def application(path):
    return Log(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": path})


def report(name, count, seconds):
    per_s = count / seconds
    print(json.dumps({"name": name, "per_s": round(per_s) if per_s >= 100 else round(per_s, 2), "count": count,
                      "seconds": seconds}))


def payload(i):
    """ik-bench's payload(i): ~300 bytes, varying per event."""
    filler = f"Kontroll av saldo i narkotikajournal, enhet {i % 97}, avvikelse utredd och återkopplad till MAS. "
    return {"deviationId": f"D-{i}", "controlId": f"C-{i % 50}", "count": i % 7,
            "description": (filler * 3)[:200], "severity": "minor"}


def append_batch(path, count):
    app = application(path)
    elapsed = 0.0
    for start in range(0, count, 1000):
        streams = [Stream(f"deviation-D-{i}", "DeviationRecorded", payload(i))
                   for i in range(start, min(start + 1000, count))]
        t0 = time.perf_counter()
        app.save(*streams)
        elapsed += time.perf_counter() - t0
    report("peer-append-batch", count, elapsed)


def replay(path, dump):
    app = application(path)
    streams = {}
    batch = []
    loaded = 0
    with open(dump, encoding="utf-8") as lines:
        for line in lines:
            e = json.loads(line)
            stream = streams.get(e["stream"])
            if stream is None:
                stream = streams[e["stream"]] = Stream(e["stream"], e["kind"], e["payload"])
            else:
                stream.record(e["kind"], e["payload"])
            batch.append(stream)
            loaded += 1
            if len(batch) >= 5000:
                app.save(*batch)
                batch = []
    if batch:
        app.save(*batch)
    streams = None
    t0 = time.perf_counter()
    kinds = {}
    versions = {}
    count = 0
    start = 1
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=10000)
        if not notifications:
            break
        for notification in notifications:
            domain_event = app.mapper.to_domain_event(notification)
            kinds[domain_event.kind] = kinds.get(domain_event.kind, 0) + 1
            versions[domain_event.originator_id] = domain_event.originator_version
            count += 1
        start = notifications[-1].id + 1
    seconds = time.perf_counter() - t0
    if count != loaded:
        sys.exit(f"bench-peer: replayed {count} events of {loaded}")
    print(f"peer replay: {count} events, {len(versions)} streams, {len(kinds)} kinds", file=sys.stderr)
    report("peer-replay", count, seconds)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("append-batch", "replay"):
        sys.exit(__doc__)
    if os.path.exists(sys.argv[2]):
        sys.exit(f"bench-peer: {sys.argv[2]} exists")
    if sys.argv[1] == "append-batch":
        append_batch(sys.argv[2], int(sys.argv[3]))
    else:
        replay(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
