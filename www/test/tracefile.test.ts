// Unit tests for www/src/share/tracefile.ts: the trace reader accepts what the simulator writes
// and refuses, with the line and the reason, every break of docs/trace.md's rules.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { readTrace, traceSummary, TraceFileError } from '../src/share/tracefile';

const HEADER = '{"format":"paxos-trace","version":1,"protocol":"basic","nodes":["S1","S2","S3"],"quorum":2,"seed":42}';
const PROPOSE = '{"step":1,"time":0,"event":"propose","node":"S1","value":"1元/度"}';
const SEND = '{"step":2,"time":0,"event":"send","id":1,"from":"S1","to":"S2","msg":{"type":"prepare","ballot":{"round":1,"node":"S1"}}}';
const DELIVER = '{"step":3,"time":40,"event":"deliver","id":1}';
const trace = (...lines: string[]) => `${lines.join('\n')}\n`;

/** The error readTrace throws for `text`. */
function refusal(text: string): TraceFileError {
  try {
    readTrace(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TraceFileError);
    return e as TraceFileError;
  }
  throw new Error('the trace was accepted');
}

describe('readTrace', () => {
  it('reads what the simulator writes', () => {
    const t = readTrace(raceTrace);
    expect(t.header).toEqual({ format: 'paxos-trace', version: 1, protocol: 'basic', nodes: ['S1', 'S2', 'S3'], quorum: 2, seed: 42 });
    expect(t.lines.length).toBe(raceTrace.trim().split('\n').length - 1);
    expect(t.lines.some((l) => l.event === 'chosen')).toBe(true);
    expect(traceSummary(t)).toMatch(/^S1, S2, S3 · quorum 2 · seed 42 · \d+ events over \d+ ms$/);
    // a header alone, and a last line without its newline, are fine
    expect(readTrace(HEADER).lines).toEqual([]);
    expect(readTrace(`${HEADER}\n${PROPOSE}`).lines).toHaveLength(1);
  });

  it('reads the header of a broken variant and of Flexible Paxos, as the simulator writes them', () => {
    const extra = (fields: string) => HEADER.replace('"seed":42}', `"seed":42,${fields}}`);
    const t = readTrace(extra('"broken":["acceptor-amnesia"],"quorums":{"prepare":3,"accept":1}'));
    expect(t.header.broken).toEqual(['acceptor-amnesia']);
    expect(t.header.quorums).toEqual({ prepare: 3, accept: 1 });
    expect(refusal(extra('"quorums":{"prepare":4,"accept":1}')).message).toContain('"quorums" must be');
    expect(refusal(extra('"quorums":{"prepare":2}')).message).toContain('"quorums" must be');
    expect(refusal(extra('"broken":"acceptor-amnesia"')).message).toContain('"broken" must be');
  });

  it('refuses an empty file', () => {
    expect(refusal('').message).toBe('the file is empty');
    expect(refusal('\n\n').message).toBe('the file is empty');
  });

  it('checks the header: format, version, protocol, nodes, quorum, seed', () => {
    expect(refusal('hello\n').message).toMatch(/^line 1: is not a trace header: it is not JSON/);
    expect(refusal(HEADER.replace('paxos-trace', 'paxos-scenario')).message).toBe('line 1: "format" is "paxos-scenario"; a trace says "paxos-trace"');
    expect(refusal(HEADER.replace('"version":1', '"version":2')).message).toBe('line 1: this trace is format version 2, newer than this page reads (version 1)');
    expect(refusal(HEADER.replace('"basic"', '"multi"')).message).toMatch(/Multi-Paxos trace/);
    expect(refusal(HEADER.replace('"basic"', '"raft"')).message).toBe('line 1: "protocol" is "raft"; expected "basic"');
    expect(refusal(HEADER.replace('["S1","S2","S3"]', '[]')).message).toMatch(/"nodes" must list/);
    expect(refusal(HEADER.replace('["S1","S2","S3"]', '["S1","S1"]')).message).toMatch(/names a node twice/);
    expect(refusal(HEADER.replace('"quorum":2', '"quorum":4')).message).toMatch(/"quorum"/);
    expect(refusal(HEADER.replace('"seed":42', '"seed":-1')).message).toMatch(/"seed"/);
    expect(refusal(HEADER.replace('}', ',"x":1}')).message).toBe('line 1: the header has no field "x"');
  });

  it('steps start at 1 and go up by one', () => {
    expect(refusal(trace(HEADER, PROPOSE.replace('"step":1', '"step":2'))).message).toBe("line 2: has step 2; steps go up by one from 1, so this line's step is 1");
    expect(refusal(trace(HEADER, PROPOSE, PROPOSE)).message).toBe("line 3: has step 1; steps go up by one from 1, so this line's step is 2");
    expect(refusal(trace(HEADER, PROPOSE.replace('"step":1,', ''))).message).toBe('line 2: has no "step" (a whole number)');
  });

  it('time never goes back', () => {
    const e = refusal(trace(HEADER, PROPOSE.replace('"time":0', '"time":50'), SEND));
    expect(e.line).toBe(3);
    expect(e.message).toBe("line 3: time 0 is before the previous line's time 50; time never goes back");
    expect(refusal(trace(HEADER, PROPOSE.replace('"time":0', '"time":"soon"'))).message).toMatch(/no "time"/);
  });

  it('knows every event kind, and only those', () => {
    expect(refusal(trace(HEADER, PROPOSE.replace('"propose"', '"vote"'))).message).toMatch(/^line 2: "event" is "vote"; the events are "propose", "send"/);
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"heal","node":"S1"}')).message).toBe('line 2: a "heal" line has no field "node"');
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"crash"}')).message).toBe('line 2: a "crash" line needs "node"');
    expect(readTrace(trace(HEADER, '{"step":1,"time":0,"event":"heal"}')).lines).toHaveLength(1);
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"violation","property":"liveness","detail":"x"}')).message).toMatch(/"property" must be one of/);
  });

  it('knows the nodes of the header', () => {
    expect(refusal(trace(HEADER, PROPOSE.replace('"S1"', '"S9"'))).message).toBe('line 2: "node" is "S9", which is not one of the header\'s nodes (S1, S2, S3)');
    expect(refusal(trace(HEADER, PROPOSE, SEND.replace('"to":"S2"', '"to":"S7"'))).message).toMatch(/^line 3: "to" is "S7"/);
    expect(refusal(trace(HEADER, SEND.replace('"step":2', '"step":1').replace('"node":"S1"}}', '"node":"S4"}}'))).message).toMatch(/names node "S4"/);
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"partition","groups":[["S1"],["S2"]]}')).message).toMatch(/every node in exactly one group/);
  });

  it('checks messages', () => {
    const send = (msg: string) => trace(HEADER, `{"step":1,"time":0,"event":"send","id":1,"from":"S1","to":"S2","msg":${msg}}`);
    expect(refusal(send('{"type":"hello"}')).message).toMatch(/"msg" must be a message whose "type" is one of/);
    expect(refusal(send('{"type":"prepare"}')).message).toBe('line 2: a prepare message needs "ballot"');
    expect(refusal(send('{"type":"decide","value":""}')).message).toMatch(/non-empty string/);
    expect(readTrace(send('{"type":"promise","ballot":{"round":1,"node":"S1"},"accepted":null}')).lines).toHaveLength(1);
  });

  it('a name of Object.prototype is no event, message type or field: refused with the line and the reason', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(refusal(trace(HEADER, PROPOSE, PROPOSE.replace('"step":1', '"step":2').replace('"propose"', `"${name}"`))).message).toMatch(
        new RegExp(`^line 3: "event" is "${name}"; the events are "propose", "send"`),
      );
      const e = refusal(trace(HEADER, `{"step":1,"time":0,"event":"send","id":1,"from":"S1","to":"S2","msg":{"type":"${name}"}}`));
      expect(e.line).toBe(2);
      expect(e.message).toMatch(/^line 2: "msg" must be a message whose "type" is one of "prepare", "promise"/);
    }
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"heal","__proto__":{"x":1}}')).message).toBe('line 2: a "heal" line has no field "__proto__"');
    expect(refusal(trace(HEADER, '{"step":1,"time":0,"event":"send","id":1,"from":"S1","to":"S2","msg":{"type":"decide","value":"x","constructor":1}}')).message).toBe(
      'line 2: a decide message has no field "constructor"',
    );
    // Node names are the header's: these are as good as S1.
    const odd = HEADER.replace('["S1","S2","S3"]', '["constructor","__proto__","toString"]');
    const t = readTrace(trace(odd, '{"step":1,"time":0,"event":"propose","node":"__proto__","value":"v"}', '{"step":2,"time":0,"event":"send","id":1,"from":"__proto__","to":"constructor","msg":{"type":"prepare","ballot":{"round":1,"node":"toString"}}}'));
    expect(t.lines.map((l) => l.event)).toEqual(['propose', 'send']);
  });

  it('refuses blank lines and lines that are not JSON, saying which', () => {
    expect(refusal(trace(HEADER, PROPOSE, '', SEND)).message).toBe('line 3: is blank; a trace has one event per line and no blank lines');
    const e = refusal(trace(HEADER, PROPOSE, SEND.slice(0, 40)));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^line 3: is not JSON/);
    expect(refusal(trace(HEADER, '[1,2]')).message).toBe('line 2: is not a JSON object');
    expect(readTrace(trace(HEADER, PROPOSE, SEND, DELIVER)).lines.map((l) => l.event)).toEqual(['propose', 'send', 'deliver']);
  });
});
