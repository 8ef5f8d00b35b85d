// A Multi-Paxos server in the node inspector (basic/inspector.ts, the same view as Basic
// Paxos's): its role, ballots, commit point, zxid, what waits, the sessions connected and
// where its tree differs from the leader's; and its history from the trace: leaders, crashes,
// timers, slots learned, requests, answers, watches and expiries, in the log's words.

import type { MultiTraceLine, MultiView } from '../core/protocol';
import type { InspectorKind } from '../basic/inspector';
import { L, t } from '../i18n/i18n';
import { ballotText, connectedAt, sentence, TraceMemory } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts
import '../i18n/i18n-en-panels'; // the inspector's

export const MULTI_INSPECTOR: InspectorKind<MultiView, MultiTraceLine> = {
  heading: L('m.in.history'),
  names: (v) => v.servers.map((s) => s.name),
  facts(v, name) {
    const s = v.servers.find((x) => x.name === name);
    if (!s) return null;
    const here = connectedAt(v.sessions, name);
    const first = s.log[0];
    const last = s.log[s.log.length - 1];
    return [
      [t('in.f.state'), s.up ? t('in.up') : t('m.in.down')],
      [t('m.in.role'), s.role === 'follower' && s.leader ? `${t('m.role.follower')} (${t('m.in.of', { node: s.leader })})` : t(`m.role.${s.role}`)],
      [t('in.f.ballot'), ballotText(s.ballot)],
      [t('m.card.promised'), ballotText(s.promised)],
      [t('m.card.commit'), t('m.card.commitValue', { commit: String(s.commit), applied: String(s.applied) })],
      ['zxid', s.zxid],
      [t('m.in.log'), first && last ? t('m.in.slots', { first: String(first.slot), last: String(last.slot) }) : '—'],
      [t('m.in.waiting'), String(s.waiting)],
      [t('m.sessions'), here.length ? here.join(', ') : '—'],
      [t('m.znodes'), String(s.tree.length)],
      [t('m.in.differs'), s.differs.length ? s.differs.join(', ') : '—'],
    ];
  },
  key: (v) => `${v.step} ${v.time}`,
  history(lines, name) {
    const memory = new TraceMemory();
    const out = [];
    for (const l of lines) {
      memory.note(l);
      if (!('node' in l) || l.node !== name) continue;
      out.push({ step: l.step, time: l.time, kind: l.event, text: sentence(l, memory) });
    }
    return out;
  },
};
