#!/usr/bin/python3
"""Reads the ctec-consumer registry with kazoo, from the layout of docs/monitoring.md alone.

    scripts/registry-read.py 127.0.0.1:2181 [--root /ctec-consumer]

Prints every instance with its state, its last whole minute (messages, failures, dead letters),
backlog, last failures and the hours of history kept; exits 1 when an entry is not the documented
JSON (a field missing, a series point not at a minute start). Needs python3-kazoo (Debian).
"""
import argparse
import json
import sys

from kazoo.client import KazooClient

SERIES = ("cpu", "memory", "consumed", "failed", "deadLettered", "backlog")
MINUTE, HOUR = 60_000, 3_600_000


def check_series(where, document, names):
    for name in names:
        points = document.get(name)
        if not isinstance(points, list):
            raise ValueError(f"{where}: no '{name}' series")
        for at, _value in points:
            if at % MINUTE != 0:
                raise ValueError(f"{where}: '{name}' has a point at {at}, not a minute start")


def last_minute(entry, name):
    in_progress = entry["updatedAt"] - entry["updatedAt"] % MINUTE
    points = entry.get(name, [])
    whole = [v for at, v in points if at < in_progress]
    # No minute closed yet: the minute in progress, so far (as RegistryEntry.lastMinute does).
    return whole[-1] if whole else (points[-1][1] if points else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("hosts")
    parser.add_argument("--root", default="/ctec-consumer")
    args = parser.parse_args()
    history_root = "/ctec-consumer-history" if args.root == "/" else args.root + "-history"
    zk = KazooClient(hosts=args.hosts, read_only=True)
    zk.start(timeout=10)
    problems = 0
    try:
        apps = sorted(zk.get_children(args.root)) if zk.exists(args.root) else []
        for app in apps:
            for instance in sorted(zk.get_children(f"{args.root}/{app}")):
                where = f"{args.root}/{app}/{instance}"
                try:
                    data, _stat = zk.get(where)
                    entry = json.loads(data.decode("utf-8"))
                    for field in ("appName", "hostIp", "pid", "state", "updatedAt", "queues"):
                        if field not in entry:
                            raise ValueError(f"{where}: no '{field}'")
                    check_series(where, entry, SERIES)
                except ValueError as problem:
                    print(f"INVALID {problem}")
                    problems += 1
                    continue
                hours_path = f"{history_root}/{app}/{instance}"
                hours = sorted(int(h) for h in zk.get_children(hours_path)) if zk.exists(hours_path) else []
                for hour in hours:
                    node, _stat = zk.get(f"{hours_path}/{hour}")
                    check_series(f"{hours_path}/{hour}", json.loads(node.decode("utf-8")), SERIES)
                    if hour % HOUR != 0:
                        raise ValueError(f"{hours_path}/{hour}: not an hour start")
                backlog = entry["backlog"][-1][1] if entry["backlog"] else "-"
                print(f"{app} {instance} {entry['state']}: {last_minute(entry, 'consumed')} msgs/min, "
                      f"{last_minute(entry, 'failed')} failed/min, {last_minute(entry, 'deadLettered')} dead/min, "
                      f"backlog {backlog}, {len(entry['cpu'])} minutes in the entry, {len(hours)} hours of history")
                for queue in entry["queues"]:
                    failure = queue.get("lastFailure")
                    if failure:
                        print(f"  last failure of {queue['queue']} at {failure['at']}: {failure['error']}")
    finally:
        zk.stop()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
