#!/usr/bin/env python3
"""Exercise: find the bug in this node.

It looks right, and most runs choose one value. Run

  paxos-sim test --node "python3 examples/nodes/exercises/find-the-bug.py" --check

replay the shortest counterexample on the island or with
`paxos-sim run agreement.scenario.json --node "python3 examples/nodes/exercises/find-the-bug.py" --trace -`,
and find the line that lets two values be chosen. Done when the command above says every
property holds (exit status 0). (Hint: networks deliver some messages twice.)
"""
import json
import sys

PATIENCE = 350


class Senator:
    def __init__(self, request):
        self.me, self.cluster, state = request["node"], request["nodes"], request["state"]
        self.disk = state["disk"] or {"promise": None, "vote": None, "counter": 0, "learned": None}
        self.mem = state["memory"] or {"value": None, "ballot": None, "step": "idle", "oks": 0, "prior": None, "misses": 0}
        self.out, self.wake = [], None

    def order(self, b):
        return (-1, -1) if b is None else (b["round"], self.cluster.index(b["node"]))

    def broadcast(self, msg):
        self.out += [{"to": n, "msg": msg} for n in self.cluster]

    def again(self):
        self.wake = {"after": PATIENCE, "jitter": PATIENCE * (1 + min(self.mem["misses"], 4))}

    def begin(self):
        self.disk["counter"] += 1
        ballot = {"round": self.disk["counter"], "node": self.me}
        self.mem.update(ballot=ballot, step="preparing", oks=0, prior=None)
        self.broadcast({"type": "prepare", "ballot": ballot})
        self.again()

    def on_prepare(self, frm, m):
        if self.order(m["ballot"]) >= self.order(self.disk["promise"]):
            self.disk["promise"] = m["ballot"]
            reply = {"type": "promise", "ballot": m["ballot"], "accepted": self.disk["vote"]}
        else:
            reply = {"type": "nack", "ballot": m["ballot"], "promised": self.disk["promise"]}
        self.out.append({"to": frm, "msg": reply})

    def on_accept(self, frm, m):
        if self.order(m["ballot"]) >= self.order(self.disk["promise"]):
            self.disk["promise"] = m["ballot"]
            self.disk["vote"] = {"ballot": m["ballot"], "value": m["value"]}
            reply = {"type": "accepted", "ballot": m["ballot"], "value": m["value"]}
        else:
            reply = {"type": "nack", "ballot": m["ballot"], "promised": self.disk["promise"]}
        self.out.append({"to": frm, "msg": reply})

    def on_promise(self, frm, m):
        if self.mem["step"] != "preparing" or m["ballot"] != self.mem["ballot"]:
            return
        self.mem["oks"] += 1
        vote, prior = m["accepted"], self.mem["prior"]
        if vote and (prior is None or self.order(vote["ballot"]) > self.order(prior["ballot"])):
            self.mem["prior"] = vote
        if self.mem["oks"] == len(self.cluster) // 2 + 1:
            value = self.mem["prior"]["value"] if self.mem["prior"] else self.mem["value"]
            self.mem.update(step="accepting", oks=0)
            self.broadcast({"type": "accept", "ballot": self.mem["ballot"], "value": value})
        self.again()

    def on_accepted(self, frm, m):
        if self.mem["step"] != "accepting" or m["ballot"] != self.mem["ballot"]:
            return
        self.mem["oks"] += 1
        if self.mem["oks"] == len(self.cluster) // 2 + 1:
            self.decide(m["value"])
            self.broadcast({"type": "decide", "value": m["value"]})
        self.again()

    def on_nack(self, frm, m):
        if m["ballot"] == self.mem["ballot"] and self.mem["step"] in ("preparing", "accepting"):
            self.disk["counter"] = max(self.disk["counter"], m["promised"]["round"])
            self.mem.update(step="resting", misses=self.mem["misses"] + 1)
            self.again()

    def decide(self, value):
        self.disk["learned"] = value
        self.mem["step"] = "done"

    def handle(self, event):
        kind = event["type"]
        if kind == "receive":
            m = event["msg"]
            if "ballot" in m:
                self.disk["counter"] = max(self.disk["counter"], m["ballot"]["round"])
            if m["type"] == "decide":
                self.decide(m["value"])
            else:
                getattr(self, "on_" + m["type"])(event["from"], m)
        elif self.disk["learned"] is None and kind == "propose":
            self.mem.update(value=event["value"], misses=0)
            self.begin()
        elif self.disk["learned"] is None and kind == "timeout" and self.mem["value"] is not None:
            self.mem["misses"] += 1
            self.begin()
        if self.disk["learned"] is not None:
            self.wake = None
        elif self.wake is None and self.mem["value"] is not None and self.mem["step"] != "done":
            self.again()
        return {"state": {"disk": self.disk, "memory": self.mem}, "send": self.out,
                "learned": self.disk["learned"], "timer": self.wake}


if __name__ == "__main__":
    for line in sys.stdin:
        if line.strip():
            request = json.loads(line)
            print(json.dumps(Senator(request).handle(request["input"]), ensure_ascii=False), flush=True)
