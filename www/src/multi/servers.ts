// One card per server: role, ballots, commit point, the sessions connected to it, its log
// and its znode tree (ephemeral znodes marked with their session).

import { h, setText } from '../core/dom';
import { L, t } from '../i18n/i18n';
import type { MultiAction, ServerView, SessionView } from '../core/protocol';
import { ballotText, connectedAt, valueText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

type Act = (a: MultiAction) => void;

class ServerCard {
  readonly el: HTMLElement;
  #role: HTMLElement;
  #facts: HTMLElement;
  #crash: HTMLButtonElement;
  #election: HTMLButtonElement;
  #logBody: HTMLTableSectionElement;
  #treeBody: HTMLTableSectionElement;
  #logKey = '';
  #treeKey = '';
  #s: ServerView | null = null;
  #sessions: SessionView[] = [];

  constructor(readonly name: string, act: Act) {
    this.#role = h('span', { class: 'mp-role' });
    this.#facts = h('p', { class: 'mp-facts' });
    this.#crash = h('button', { type: 'button' }, t('pg.crashBtn', { node: name }));
    this.#crash.addEventListener('click', () => act({ action: this.#s?.up === false ? 'restart' : 'crash', node: name }));
    this.#election = h('button', { type: 'button', title: t('m.electionTitle', { node: name }) }, t('m.election', { node: name }));
    this.#election.addEventListener('click', () => act({ action: 'timeout', node: name }));
    this.#logBody = h('tbody');
    this.#treeBody = h('tbody');
    this.el = h(
      'section',
      { class: 'mp-card', 'aria-label': L('m.serverAria', { node: name }), 'data-server': name },
      h('header', { class: 'mp-card-head' }, h('h2', {}, name), this.#role),
      this.#facts,
      h('div', { class: 'mp-card-buttons' }, this.#crash, this.#election),
      h('h3', {}, L('m.log')),
      h(
        'div',
        { class: 'mp-scroll mp-log-table', tabindex: 0 }, // scrolls: reachable with the keyboard
        h('table', { 'aria-label': L('m.serverLog', { node: name }) }, h('thead', {}, h('tr', {}, h('th', {}, L('m.col.slot')), h('th', {}, L('m.col.ballot')), h('th', {}, L('m.col.value')), h('th', {}, L('m.col.status')))), this.#logBody),
      ),
      h('h3', {}, L('m.znodes')),
      h(
        'div',
        { class: 'mp-scroll', tabindex: 0 },
        h('table', { 'aria-label': L('m.serverZnodes', { node: name }) }, h('thead', {}, h('tr', {}, h('th', {}, L('m.col.pathData')), h('th', {}, L('m.col.version')), h('th', {}, 'mzxid'))), this.#treeBody),
      ),
    );
  }

  relang(): void {
    this.#logKey = '';
    this.#treeKey = '';
    if (this.#s) this.update(this.#s, this.#sessions);
  }

  update(s: ServerView, sessions: SessionView[]): void {
    this.#s = s;
    this.#sessions = sessions;
    const here = connectedAt(sessions, s.name);
    this.el.dataset.role = s.role;
    setText(this.#role, s.role === 'leader' ? t('m.leaderStar') : t(`m.role.${s.role}`));
    const following = s.role === 'follower' && s.leader ? t('m.follows', { node: s.leader }) : '';
    setText(
      this.#facts,
      t('m.facts', { b: ballotText(s.ballot), promised: ballotText(s.promised), commit: String(s.commit), applied: String(s.applied), zxid: String(s.zxid) }) +
        (s.waiting ? t('m.waitingN', { n: String(s.waiting) }) : '') +
        following +
        (here.length ? t('m.sessionsHere', { sessions: here.join(', ') }) : ''),
    );
    setText(this.#crash, s.up ? t('pg.crashBtn', { node: s.name }) : t('pg.restart', { node: s.name }));
    this.#election.disabled = !s.up;
    // A leader's timer is its heartbeat's; anyone else's, the election timeout's.
    const lead = s.role === 'leader';
    setText(this.#election, t(lead ? 'm.heartbeat' : 'm.election', { node: s.name }));
    this.#election.title = t(lead ? 'm.heartbeatTitle' : 'm.electionTitle', { node: s.name });

    const logKey = JSON.stringify(s.log);
    if (logKey !== this.#logKey) {
      this.#logKey = logKey;
      const rows = s.log
        .slice()
        .reverse()
        .map((e) =>
          h(
            'tr',
            { class: `mp-${e.status}` },
            h('td', {}, String(e.slot)),
            h('td', {}, ballotText(e.ballot)),
            h('td', { class: e.value === null ? 'mp-noop' : undefined }, valueText(e.value)),
            h('td', {}, h('span', { class: `mp-status mp-status-${e.status}` }, t(`m.status.${e.status}`))),
          ),
        );
      if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 4, class: 'mp-empty' }, t('m.empty'))));
      this.#logBody.replaceChildren(...rows);
    }

    const treeKey = JSON.stringify([s.tree, s.differs]);
    if (treeKey !== this.#treeKey) {
      this.#treeKey = treeKey;
      const differs = new Set(s.differs);
      this.#treeBody.replaceChildren(
        ...s.tree.map((z) =>
          h(
            'tr',
            { class: differs.has(z.path) ? 'mp-differs' : undefined, 'data-path': z.path },
            h(
              'td',
              {},
              `${z.path} = ${z.data}`,
              z.owner !== null ? h('span', { class: 'mp-ephemeral' }, t('m.ephemeralOf', { session: String(z.owner) })) : null,
              differs.has(z.path) ? h('span', { class: 'mp-differs-note' }, t('m.differs')) : null,
            ),
            h('td', {}, String(z.version)),
            h('td', {}, z.mzxid),
          ),
        ),
        // Paths the leader has and this server lacks.
        ...s.differs
          .filter((p) => !s.tree.some((z) => z.path === p))
          .map((p) => h('tr', { class: 'mp-differs', 'data-path': p }, h('td', { colspan: 3 }, t('m.missing', { path: p })))),
      );
    }
  }
}

export class ServerCards {
  readonly el = h('div', { class: 'mp-cards' });
  #cards = new Map<string, ServerCard>();

  constructor(private act: Act) {}

  relang(): void {
    for (const c of this.#cards.values()) c.relang();
  }

  update(servers: ServerView[], sessions: SessionView[]): void {
    const names = servers.map((s) => s.name).join(',');
    if (names !== [...this.#cards.keys()].join(',')) {
      this.#cards = new Map(servers.map((s) => [s.name, new ServerCard(s.name, this.act)]));
      this.el.replaceChildren(...[...this.#cards.values()].map((c) => c.el));
    }
    for (const s of servers) this.#cards.get(s.name)!.update(s, sessions);
  }
}
