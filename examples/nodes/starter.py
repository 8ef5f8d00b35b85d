#!/usr/bin/env python3
"""Your own Basic Paxos node, in the node protocol paxos-node v1 (docs/node-protocol.md).

The playground asks your node one question at a time, one JSON line on stdin: here is your
state, here is what happened. Answer with one JSON line on stdout: your new state, what you
send, what you have learned, when to wake you. Your node is a pure function: everything it
remembers is in `state`.
  - state["disk"] survives a crash (write your acceptor's promise and vote here);
  - state["memory"] is lost in a crash (None after every start).

Test it:  paxos-sim test --node "python3 examples/nodes/starter.py"

A ballot is {"round": R, "node": "S1"}; ballots are ordered by round, then by the node's
place in `nodes`. Messages are exactly those of a paxos-trace (docs/trace.md).
"""
import json
import sys


def handle(request):
    node, nodes, state, inp = request["node"], request["nodes"], request["state"], request["input"]
    disk = state["disk"] or {"promised": None, "accepted": None, "round": 0, "learned": None}
    memory = state["memory"] or {"value": None, "ballot": None, "promises": [], "accepteds": []}
    send = []
    timer = None  # {"after": ms, "jitter": ms}: be woken with {"type": "timeout"}
    majority = len(nodes) // 2 + 1

    def to_all(msg):
        for to in nodes:
            send.append({"to": to, "msg": msg})

    kind = inp["type"]
    if kind == "start":
        pass  # you just (re)started: memory is empty, disk is what you wrote before
    elif kind == "propose":
        # TODO: remember inp["value"], pick a ballot above every round you have seen (write
        # that round to disk before you send), send a prepare to every node, set a timer.
        pass
    elif kind == "receive":
        sender, msg = inp["from"], inp["msg"]
        if msg["type"] == "prepare":
            pass  # TODO (acceptor): promise if msg["ballot"] is at least your promise, else nack
        elif msg["type"] == "promise":
            pass  # TODO (proposer): a majority of promises -> accept, with the highest vote's value
        elif msg["type"] == "accept":
            pass  # TODO (acceptor): accept if at least your promise; record the vote on disk
        elif msg["type"] == "accepted":
            pass  # TODO (proposer): a majority of accepteds -> learned; send decide to everyone
        elif msg["type"] == "nack":
            pass  # TODO (proposer): give up this attempt; try again later, above msg["promised"]
        elif msg["type"] == "decide":
            disk["learned"] = msg["value"]
    elif kind == "timeout":
        pass  # TODO (proposer): no quorum in time: start a new ballot (with a random jitter)

    return {"state": {"disk": disk, "memory": memory}, "send": send, "learned": disk["learned"], "timer": timer}


if __name__ == "__main__":
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(handle(json.loads(line)), ensure_ascii=False), flush=True)
