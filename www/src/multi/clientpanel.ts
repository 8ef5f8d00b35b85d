// The client panel: send a ZooKeeper operation to one server, and every request's history.

import { h, uid } from '../dom';
import type { MultiAction, MultiView, ZkOpName } from '../protocol';
import { resultText } from './sentences';

const OPS: ZkOpName[] = ['setData', 'create', 'delete', 'getData', 'exists', 'getChildren', 'sync'];
const WITH_DATA = new Set<ZkOpName>(['setData', 'create']);
const WITH_VERSION = new Set<ZkOpName>(['setData', 'delete']);

function field(label: string, control: HTMLElement): HTMLElement {
  const id = uid('mp-field');
  control.id = id;
  return h('div', { class: 'mp-field' }, h('label', { for: id }, label), control);
}

export class ClientPanel {
  readonly el: HTMLElement;
  private server = h('select');
  private op = h('select');
  private path = h('input', { type: 'text', value: '/laws/electricity', spellcheck: 'false', autocomplete: 'off' });
  private data = h('input', { type: 'text', value: '3元/度', autocomplete: 'off' });
  private version = h('input', { type: 'number', min: 0, step: 1, placeholder: 'any', inputmode: 'numeric' });
  private body = h('tbody');
  private names = '';
  private key = '';

  constructor(act: (a: MultiAction) => void) {
    this.op.append(...OPS.map((o) => h('option', { value: o }, o)));
    this.op.addEventListener('change', () => this.enable());
    const form = h(
      'form',
      { class: 'mp-client-form', 'aria-label': 'Client request' },
      field('Server', this.server),
      field('Operation', this.op),
      field('Path', this.path),
      field('Data', this.data),
      field('Version', this.version),
      h('button', { type: 'submit' }, 'Send'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const op = this.op.value as ZkOpName;
      const a: MultiAction = { action: 'client', server: this.server.value, op };
      if (op !== 'sync') a.path = this.path.value;
      if (WITH_DATA.has(op)) a.data = this.data.value;
      if (WITH_VERSION.has(op) && this.version.value.trim() !== '') a.version = Number(this.version.value);
      act(a);
    });
    this.el = h(
      'section',
      { class: 'mp-panel mp-client', 'aria-label': 'Clients' },
      h('h2', {}, 'Clients'),
      form,
      h(
        'div',
        { class: 'mp-scroll mp-history', tabindex: 0 },
        h(
          'table',
          { 'aria-label': 'Requests' },
          h('thead', {}, h('tr', {}, ...['#', 'server', 'op', 'path', 'data', 'sent at', 'answered at', 'result', 'read', 'zxid'].map((t) => h('th', {}, t)))),
          this.body,
        ),
      ),
    );
    this.enable();
  }

  private enable(): void {
    const op = this.op.value as ZkOpName;
    this.path.disabled = op === 'sync';
    this.data.disabled = !WITH_DATA.has(op);
    this.version.disabled = !WITH_VERSION.has(op);
  }

  update(view: MultiView): void {
    const names = view.names.join(',');
    if (names !== this.names) {
      this.names = names;
      const keep = this.server.value;
      this.server.replaceChildren(...view.names.map((n) => h('option', { value: n }, n)));
      if (view.names.includes(keep)) this.server.value = keep;
    }
    const key = JSON.stringify(view.requests);
    if (key === this.key) return;
    this.key = key;
    const rows = view.requests
      .slice()
      .reverse()
      .map((q) => {
        const r = q.result;
        const result = r === null ? 'waiting' : r.ok ? (r.stale ? `ok — stale: ${r.stale}` : 'ok') : `error: ${r.error ?? 'failed'}`;
        const read = r && r.ok && (r.data !== undefined || r.children !== undefined || r.exists !== undefined) ? resultText(r) : '';
        const cls = r === null ? 'mp-waiting' : r.stale ? 'mp-stale' : r.ok ? 'mp-ok' : 'mp-error';
        return h(
          'tr',
          { class: cls, 'data-request': q.id },
          h('td', {}, String(q.id)),
          h('td', {}, q.server),
          h('td', {}, q.op),
          h('td', {}, q.path ?? ''),
          h('td', {}, q.data ?? ''),
          h('td', {}, `${q.at} ms`),
          h('td', {}, q.answeredAt === null ? '—' : `${q.answeredAt} ms`),
          h('td', { class: 'mp-result' }, result),
          h('td', {}, read),
          h('td', {}, r?.zxid ?? ''),
        );
      });
    if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 10, class: 'mp-empty' }, 'No requests yet.')));
    this.body.replaceChildren(...rows);
  }
}

