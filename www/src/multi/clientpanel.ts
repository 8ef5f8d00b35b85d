// The client panel: send a ZooKeeper operation to one server, with or without a session;
// the sessions (their server, state and watches); every request's history.

import { L, t, type Message } from '../i18n/i18n';
import { h, uid } from '../core/dom';
import type { MultiAction, MultiView, SessionView, ZkOpName } from '../core/protocol';
import { opText, resultText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

const OPS: ZkOpName[] = ['setData', 'create', 'delete', 'getData', 'exists', 'getChildren', 'sync', 'connect', 'close', 'disconnect'];
const WITH_PATH = new Set<ZkOpName>(['setData', 'create', 'delete', 'getData', 'exists', 'getChildren']);
const WITH_DATA = new Set<ZkOpName>(['setData', 'create']);
const WITH_VERSION = new Set<ZkOpName>(['setData', 'delete']);
const READS = new Set<ZkOpName>(['getData', 'exists', 'getChildren']);
/** Operations that need a session to send them in. */
const IN_SESSION = new Set<ZkOpName>(['close', 'disconnect']);

function field(label: string | Message, control: HTMLElement): HTMLElement {
  const id = uid('mp-field');
  control.id = id;
  return h('div', { class: 'mp-field' }, h('label', { for: id }, label), control);
}

function check(label: string | Message, box: HTMLInputElement): HTMLElement {
  const id = uid('mp-check');
  box.id = id;
  return h('div', { class: 'mp-field mp-check' }, box, h('label', { for: id }, label));
}

/** Sessions a client can still send in: not closed or expired. */
const live = (s: SessionView) => s.state !== 'closed' && s.state !== 'expired';

export class ClientPanel {
  readonly el: HTMLElement;
  #server = h('select');
  #session = h('select');
  #op = h('select');
  #path = h('input', { type: 'text', value: '/laws/electricity', spellcheck: 'false', autocomplete: 'off' });
  #data = h('input', { type: 'text', value: '3元/度', autocomplete: 'off' });
  #version = h('input', { type: 'number', min: 0, step: 1, placeholder: L('m.any'), inputmode: 'numeric' });
  #timeout = h('input', { type: 'number', min: 300, max: 60000, step: 100, value: 1000, inputmode: 'numeric' });
  #watch = h('input', { type: 'checkbox' });
  #ephemeral = h('input', { type: 'checkbox' });
  #sequential = h('input', { type: 'checkbox' });
  #sessionsBody = h('tbody');
  #body = h('tbody');
  #names = '';
  #sessionsKey = '';
  #optionsKey = '';
  /** The server of the session picked, as last drawn: when it moves, the server picker follows. */
  #pickedServer: string | null = null;
  #key = '';
  #sessions: SessionView[] = [];

  constructor(act: (a: MultiAction) => void) {
    this.#op.append(...OPS.map((o) => h('option', { value: o }, o)));
    this.#op.addEventListener('change', () => this.#enable());
    this.#session.addEventListener('change', () => {
      // A session's requests go to its server: pick it.
      const s = this.#chosen();
      if (s?.server) this.#server.value = s.server;
      this.#enable();
    });
    const form = h(
      'form',
      { class: 'mp-client-form', 'aria-label': L('m.clientRequest') },
      field(L('m.server'), this.#server),
      field(L('m.session'), this.#session),
      field(L('m.operation'), this.#op),
      field(L('m.path'), this.#path),
      field(L('m.data'), this.#data),
      field(L('m.version'), this.#version),
      field(L('m.timeout'), this.#timeout),
      check(L('m.watch'), this.#watch),
      check(L('m.ephemeral'), this.#ephemeral),
      check(L('m.sequential'), this.#sequential),
      h('button', { type: 'submit' }, L('m.send')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const op = this.#op.value as ZkOpName;
      const a: MultiAction = { action: 'client', server: this.#server.value, op };
      const session = this.#session.value ? Number(this.#session.value) : undefined;
      if (session !== undefined) a.session = session;
      if (WITH_PATH.has(op)) a.path = this.#path.value;
      if (WITH_DATA.has(op)) a.data = this.#data.value;
      if (WITH_VERSION.has(op) && this.#version.value.trim() !== '') a.version = Number(this.#version.value);
      if (op === 'connect' && session === undefined && this.#timeout.value.trim() !== '') a.timeout = Number(this.#timeout.value);
      // A box that does not apply (greyed out) is not sent, even if it stayed ticked.
      if (!this.#watch.disabled && this.#watch.checked) a.watch = true;
      if (!this.#ephemeral.disabled && this.#ephemeral.checked) a.ephemeral = true;
      if (!this.#sequential.disabled && this.#sequential.checked) a.sequential = true;
      act(a);
    });
    const head = (keys: readonly Parameters<typeof L>[0][]) => h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', {}, L(k)))));
    this.el = h(
      'section',
      { class: 'mp-panel mp-client', 'aria-label': L('m.clients') },
      h('h2', {}, L('m.clients')),
      form,
      h('h3', {}, L('m.sessions')),
      h(
        'div',
        { class: 'mp-scroll mp-sessions', tabindex: 0 },
        h('table', { 'aria-label': L('m.sessions') }, head(['m.col.session', 'm.col.server', 'm.col.state', 'm.col.timeout', 'm.col.seen', 'm.col.waiting', 'm.col.watches']), this.#sessionsBody),
      ),
      h(
        'div',
        { class: 'mp-scroll mp-history', tabindex: 0 },
        h(
          'table',
          { 'aria-label': L('m.requests') },
          head(['m.col.id', 'm.col.session', 'm.col.server', 'm.col.op', 'm.col.sent', 'm.col.answered', 'm.col.result', 'm.col.read', 'm.col.zxid']),
          this.#body,
        ),
      ),
    );
    this.#enable();
  }

  #chosen(): SessionView | undefined {
    return this.#sessions.find((s) => String(s.id) === this.#session.value);
  }

  #enable(): void {
    const op = this.#op.value as ZkOpName;
    const session = this.#session.value !== '';
    this.#path.disabled = !WITH_PATH.has(op);
    this.#data.disabled = !WITH_DATA.has(op);
    this.#version.disabled = !WITH_VERSION.has(op);
    this.#timeout.disabled = op !== 'connect' || session;
    this.#watch.disabled = !READS.has(op) || !session;
    this.#ephemeral.disabled = op !== 'create' || !session;
    this.#sequential.disabled = op !== 'create';
    if (IN_SESSION.has(op) && !session) {
      // close and disconnect need a session: the first connected one.
      const first = this.#sessions.find((s) => live(s) && s.server !== null);
      if (first && this.#session.querySelector(`option[value="${first.id}"]`)) {
        this.#session.value = String(first.id);
        if (first.server) this.#server.value = first.server;
        this.#enable();
      }
    }
  }

  relang(): void {
    this.#key = '';
    this.#sessionsKey = '';
    this.#optionsKey = '';
    this.#fillSessions(true);
  }

  update(view: MultiView): void {
    const names = view.names.join(',');
    if (names !== this.#names) {
      this.#names = names;
      const keep = this.#server.value;
      this.#server.replaceChildren(...view.names.map((n) => h('option', { value: n }, n)));
      if (view.names.includes(keep)) this.#server.value = keep;
    }
    this.#sessions = view.sessions;
    this.#fillSessions(false);
    const key = JSON.stringify(view.requests);
    if (key === this.#key) return;
    this.#key = key;
    const rows = view.requests
      .slice()
      .reverse()
      .map((q) => {
        const r = q.result;
        const waiting = q.dropped ? t('m.dropped') : q.op === 'disconnect' ? '—' : t('m.waiting');
        const result = r === null ? waiting : r.ok ? (r.stale ? t('m.okStale', { stale: r.stale }) : t('mres.ok')) : t('mres.error', { error: r.error ?? t('mres.failed') });
        const read = r && r.ok && (r.data !== undefined || r.children !== undefined || r.exists !== undefined || r.path !== undefined || r.session !== undefined) ? resultText(r) : '';
        const cls = r === null ? 'mp-waiting' : r.stale ? 'mp-stale' : r.ok ? 'mp-ok' : 'mp-error';
        return h(
          'tr',
          { class: cls, 'data-request': q.id },
          h('td', {}, String(q.id)),
          h('td', {}, q.session ? String(q.session) : ''),
          h('td', {}, q.server),
          h('td', {}, opText({ ...q, session: undefined })),
          h('td', {}, t('unit.ms', { n: String(q.at) })),
          h('td', {}, q.answeredAt === null ? '—' : t('unit.ms', { n: String(q.answeredAt) })),
          h('td', { class: 'mp-result' }, result),
          h('td', {}, read),
          h('td', {}, r?.zxid ?? ''),
        );
      });
    if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 9, class: 'mp-empty' }, t('m.noRequests'))));
    this.#body.replaceChildren(...rows);
  }

  /** The session picker and the sessions' table, when they changed (`force`: redraw). */
  #fillSessions(force: boolean): void {
    const key = JSON.stringify(this.#sessions);
    if (!force && key === this.#sessionsKey) return;
    this.#sessionsKey = key;
    // The picker is redrawn only when a session comes, moves or ends (not on every step: an
    // open list would close). An ended session stays, greyed out and still picked, so the
    // next request is refused saying why rather than sent without a session.
    const optionsKey = JSON.stringify(this.#sessions.map((s) => [s.id, s.server, s.state]));
    if (force || optionsKey !== this.#optionsKey) {
      this.#optionsKey = optionsKey;
      const keep = this.#session.value;
      const options = this.#sessions.map((s) =>
        h('option', { value: String(s.id), disabled: !live(s) }, live(s) ? t('m.sessionOption', { session: String(s.id), server: s.server ?? '—' }) : t('m.sessionEnded', { session: String(s.id), state: t(`m.session.${s.state}`) })),
      );
      this.#session.replaceChildren(h('option', { value: '' }, t('m.noSession')), ...options);
      this.#session.value = options.some((o) => o.value === keep) ? keep : '';
      const picked = this.#chosen();
      if (picked?.server && picked.server !== this.#pickedServer) this.#server.value = picked.server;
      this.#pickedServer = picked?.server ?? null;
    }
    const rows = this.#sessions.map((s) =>
      h(
        'tr',
        { class: `mp-session mp-session-${s.state}`, 'data-session': s.id },
        h('td', {}, String(s.id)),
        h('td', {}, s.server ?? '—'),
        h('td', {}, h('span', { class: `mp-status mp-session-state` }, t(`m.session.${s.state}`))),
        h('td', {}, t('unit.ms', { n: String(s.timeout) })),
        h('td', {}, s.seen),
        h('td', {}, s.waiting ? String(s.waiting) : ''),
        h('td', { class: 'mp-watches' }, s.watches.map((w) => t(`m.watch.${w.kind}`, { path: w.path })).join(' · ')),
      ),
    );
    if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 7, class: 'mp-empty' }, t('m.noSessions'))));
    this.#sessionsBody.replaceChildren(...rows);
    this.#enable();
  }
}
