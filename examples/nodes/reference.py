#!/usr/bin/env python3
"""A correct Basic Paxos node in the node protocol paxos-node v1 (docs/node-protocol.md):
proposer, acceptor and learner in one pure function of (state, input). The same node as
reference.js, for courses taught in Python.

  paxos-sim test --node "python3 examples/nodes/reference.py" --check

disk (survives a crash): the acceptor's promise and vote, the proposer's last round, the
value learned. memory (lost in a crash): the proposer's attempt.
"""
import json
import sys

TIMEOUT = 300  # ms a proposer waits for a quorum before it tries again


def handle(request):
    node, nodes, state, inp = request["node"], request["nodes"], request["state"], request["input"]
    disk = state["disk"] or {"promised": None, "accepted": None, "round": 0, "learned": None}
    memory = state["memory"] or {"value": None, "ballot": None, "phase": "idle", "votes": [],
                                 "highest": None, "failures": 0}
    majority = len(nodes) // 2 + 1
    send = []
    timer = None

    def rank(b):
        return (-1, -1) if b is None else (b["round"], nodes.index(b["node"]))

    def to_all(msg):
        send.extend({"to": to, "msg": msg} for to in nodes)

    def retry_later():
        return {"after": TIMEOUT, "jitter": TIMEOUT * 2 ** min(memory["failures"], 3)}

    def start_ballot():
        disk["round"] += 1
        memory.update(ballot={"round": disk["round"], "node": node}, phase="prepare", votes=[], highest=None)
        to_all({"type": "prepare", "ballot": memory["ballot"]})
        return retry_later()

    def mine(b):
        return memory["ballot"] is not None and b == memory["ballot"]

    kind = inp["type"]
    if kind == "propose" and disk["learned"] is None:
        memory.update(value=inp["value"], failures=0)
        timer = start_ballot()
    elif kind == "timeout" and disk["learned"] is None and memory["value"] is not None:
        memory["failures"] += 1
        timer = start_ballot()
    elif kind == "receive":
        sender, msg = inp["from"], inp["msg"]
        ballot = msg.get("ballot")
        if ballot and ballot["round"] > disk["round"]:
            disk["round"] = ballot["round"]
        t = msg["type"]
        if t == "prepare":
            if rank(ballot) >= rank(disk["promised"]):
                disk["promised"] = ballot
                send.append({"to": sender, "msg": {"type": "promise", "ballot": ballot, "accepted": disk["accepted"]}})
            else:
                send.append({"to": sender, "msg": {"type": "nack", "ballot": ballot, "promised": disk["promised"]}})
        elif t == "accept":
            if rank(ballot) >= rank(disk["promised"]):
                disk["promised"] = ballot
                disk["accepted"] = {"ballot": ballot, "value": msg["value"]}
                send.append({"to": sender, "msg": {"type": "accepted", "ballot": ballot, "value": msg["value"]}})
            else:
                send.append({"to": sender, "msg": {"type": "nack", "ballot": ballot, "promised": disk["promised"]}})
        elif t == "promise" and memory["phase"] == "prepare" and mine(ballot):
            if sender not in memory["votes"]:
                memory["votes"].append(sender)
                vote = msg["accepted"]
                if vote and (memory["highest"] is None or rank(vote["ballot"]) > rank(memory["highest"]["ballot"])):
                    memory["highest"] = vote
                if len(memory["votes"]) >= majority:
                    value = memory["highest"]["value"] if memory["highest"] else memory["value"]
                    memory.update(phase="accept", votes=[], proposal=value)
                    to_all({"type": "accept", "ballot": memory["ballot"], "value": value})
            timer = retry_later()
        elif t == "accepted" and memory["phase"] == "accept" and mine(ballot):
            if sender not in memory["votes"]:
                memory["votes"].append(sender)
                if len(memory["votes"]) >= majority:
                    disk["learned"] = msg["value"]
                    memory["phase"] = "done"
                    to_all({"type": "decide", "value": msg["value"]})
            timer = retry_later()
        elif t == "nack" and mine(ballot) and memory["phase"] in ("prepare", "accept"):
            if msg["promised"]["round"] > disk["round"]:
                disk["round"] = msg["promised"]["round"]
            memory.update(phase="backoff", failures=memory["failures"] + 1)
            timer = retry_later()
        elif t == "decide":
            disk["learned"] = msg["value"]
            memory["phase"] = "done"
        elif disk["learned"] is None and memory["value"] is not None:
            timer = retry_later()
    if disk["learned"] is not None:
        timer = None
    return {"state": {"disk": disk, "memory": memory}, "send": send, "learned": disk["learned"], "timer": timer}


if __name__ == "__main__":
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(handle(json.loads(line)), ensure_ascii=False), flush=True)
