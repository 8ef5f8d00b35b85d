// One card per server: role, ballots, commit point, its log and its znode tree.

import { h, setText } from '../dom';
import type { MultiAction, ServerView } from '../protocol';
import { ballotText, valueText } from './sentences';

type Act = (a: MultiAction) => void;

class ServerCard {
  readonly el: HTMLElement;
  private role: HTMLElement;
  private facts: HTMLElement;
  private crash: HTMLButtonElement;
  private election: HTMLButtonElement;
  private logBody: HTMLTableSectionElement;
  private treeBody: HTMLTableSectionElement;
  private logKey = '';
  private treeKey = '';
  private s: ServerView | null = null;

  constructor(readonly name: string, act: Act) {
    this.role = h('span', { class: 'mp-role' });
    this.facts = h('p', { class: 'mp-facts' });
    this.crash = h('button', { type: 'button' }, `Crash ${name}`);
    this.crash.addEventListener('click', () => act({ action: this.s?.up === false ? 'restart' : 'crash', node: name }));
    this.election = h('button', { type: 'button', title: `${name}'s election timeout runs out now: it tries to lead` }, `Start election at ${name}`);
    this.election.addEventListener('click', () => act({ action: 'timeout', node: name }));
    this.logBody = h('tbody');
    this.treeBody = h('tbody');
    this.el = h(
      'section',
      { class: 'mp-card', 'aria-label': `Server ${name}`, 'data-server': name },
      h('header', { class: 'mp-card-head' }, h('h2', {}, name), this.role),
      this.facts,
      h('div', { class: 'mp-card-buttons' }, this.crash, this.election),
      h('h3', {}, 'Log'),
      h(
        'div',
        { class: 'mp-scroll mp-log-table', tabindex: 0 }, // scrolls: reachable with the keyboard
        h('table', { 'aria-label': `${name}'s log` }, h('thead', {}, h('tr', {}, h('th', {}, 'slot'), h('th', {}, 'ballot'), h('th', {}, 'value'), h('th', {}, 'status'))), this.logBody),
      ),
      h('h3', {}, 'Znodes'),
      h(
        'div',
        { class: 'mp-scroll', tabindex: 0 },
        h('table', { 'aria-label': `${name}'s znodes` }, h('thead', {}, h('tr', {}, h('th', {}, 'path = data'), h('th', {}, 'version'), h('th', {}, 'mzxid'))), this.treeBody),
      ),
    );
  }

  update(s: ServerView): void {
    this.s = s;
    this.el.dataset.role = s.role;
    setText(this.role, s.role === 'leader' ? '★ leader' : s.role);
    const following = s.role === 'follower' && s.leader ? ` · follows ${s.leader}` : '';
    setText(
      this.facts,
      `ballot ${ballotText(s.ballot)} · promised ${ballotText(s.promised)} · commit ${s.commit} · applied ${s.applied} · zxid ${s.zxid}${s.waiting ? ` · ${s.waiting} waiting` : ''}${following}`,
    );
    setText(this.crash, s.up ? `Crash ${s.name}` : `Restart ${s.name}`);
    this.election.disabled = !s.up;

    const logKey = JSON.stringify(s.log);
    if (logKey !== this.logKey) {
      this.logKey = logKey;
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
            h('td', {}, h('span', { class: `mp-status mp-status-${e.status}` }, e.status)),
          ),
        );
      if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 4, class: 'mp-empty' }, 'empty')));
      this.logBody.replaceChildren(...rows);
    }

    const treeKey = JSON.stringify([s.tree, s.differs]);
    if (treeKey !== this.treeKey) {
      this.treeKey = treeKey;
      const differs = new Set(s.differs);
      this.treeBody.replaceChildren(
        ...s.tree.map((z) =>
          h(
            'tr',
            { class: differs.has(z.path) ? 'mp-differs' : undefined, 'data-path': z.path },
            h('td', {}, `${z.path} = ${z.data}`, differs.has(z.path) ? h('span', { class: 'mp-differs-note' }, ' differs from leader') : null),
            h('td', {}, String(z.version)),
            h('td', {}, z.mzxid),
          ),
        ),
        // Paths the leader has and this server lacks.
        ...s.differs
          .filter((p) => !s.tree.some((z) => z.path === p))
          .map((p) => h('tr', { class: 'mp-differs', 'data-path': p }, h('td', { colspan: 3 }, `${p} missing — differs from leader`))),
      );
    }
  }
}

export class ServerCards {
  readonly el = h('div', { class: 'mp-cards' });
  private cards = new Map<string, ServerCard>();

  constructor(private act: Act) {}

  update(servers: ServerView[]): void {
    const names = servers.map((s) => s.name).join(',');
    if (names !== [...this.cards.keys()].join(',')) {
      this.cards = new Map(servers.map((s) => [s.name, new ServerCard(s.name, this.act)]));
      this.el.replaceChildren(...[...this.cards.values()].map((c) => c.el));
    }
    for (const s of servers) this.cards.get(s.name)!.update(s);
  }
}
