// The client panel: send a ZooKeeper operation to one server, and every request's history.

import { L, t, type Message } from '../i18n/i18n';
import { h, uid } from '../core/dom';
import type { MultiAction, MultiView, ZkOpName } from '../core/protocol';
import { resultText } from './sentences';
import '../i18n/i18n-en-multi'; // its English texts

const OPS: ZkOpName[] = ['setData', 'create', 'delete', 'getData', 'exists', 'getChildren', 'sync'];
const WITH_DATA = new Set<ZkOpName>(['setData', 'create']);
const WITH_VERSION = new Set<ZkOpName>(['setData', 'delete']);

function field(label: string | Message, control: HTMLElement): HTMLElement {
  const id = uid('mp-field');
  control.id = id;
  return h('div', { class: 'mp-field' }, h('label', { for: id }, label), control);
}

export class ClientPanel {
  readonly el: HTMLElement;
  #server = h('select');
  #op = h('select');
  #path = h('input', { type: 'text', value: '/laws/electricity', spellcheck: 'false', autocomplete: 'off' });
  #data = h('input', { type: 'text', value: '3元/度', autocomplete: 'off' });
  #version = h('input', { type: 'number', min: 0, step: 1, placeholder: L('m.any'), inputmode: 'numeric' });
  #body = h('tbody');
  #names = '';
  #key = '';

  constructor(act: (a: MultiAction) => void) {
    this.#op.append(...OPS.map((o) => h('option', { value: o }, o)));
    this.#op.addEventListener('change', () => this.#enable());
    const form = h(
      'form',
      { class: 'mp-client-form', 'aria-label': L('m.clientRequest') },
      field(L('m.server'), this.#server),
      field(L('m.operation'), this.#op),
      field(L('m.path'), this.#path),
      field(L('m.data'), this.#data),
      field(L('m.version'), this.#version),
      h('button', { type: 'submit' }, L('m.send')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const op = this.#op.value as ZkOpName;
      const a: MultiAction = { action: 'client', server: this.#server.value, op };
      if (op !== 'sync') a.path = this.#path.value;
      if (WITH_DATA.has(op)) a.data = this.#data.value;
      if (WITH_VERSION.has(op) && this.#version.value.trim() !== '') a.version = Number(this.#version.value);
      act(a);
    });
    this.el = h(
      'section',
      { class: 'mp-panel mp-client', 'aria-label': L('m.clients') },
      h('h2', {}, L('m.clients')),
      form,
      h(
        'div',
        { class: 'mp-scroll mp-history', tabindex: 0 },
        h(
          'table',
          { 'aria-label': L('m.requests') },
          h('thead', {}, h('tr', {}, ...(['m.col.id', 'm.col.server', 'm.col.op', 'm.col.path', 'm.col.data', 'm.col.sent', 'm.col.answered', 'm.col.result', 'm.col.read', 'm.col.zxid'] as const).map((k) => h('th', {}, L(k))))),
          this.#body,
        ),
      ),
    );
    this.#enable();
  }

  #enable(): void {
    const op = this.#op.value as ZkOpName;
    this.#path.disabled = op === 'sync';
    this.#data.disabled = !WITH_DATA.has(op);
    this.#version.disabled = !WITH_VERSION.has(op);
  }

  relang(): void {
    this.#key = '';
  }

  update(view: MultiView): void {
    const names = view.names.join(',');
    if (names !== this.#names) {
      this.#names = names;
      const keep = this.#server.value;
      this.#server.replaceChildren(...view.names.map((n) => h('option', { value: n }, n)));
      if (view.names.includes(keep)) this.#server.value = keep;
    }
    const key = JSON.stringify(view.requests);
    if (key === this.#key) return;
    this.#key = key;
    const rows = view.requests
      .slice()
      .reverse()
      .map((q) => {
        const r = q.result;
        const result = r === null ? t('m.waiting') : r.ok ? (r.stale ? t('m.okStale', { stale: r.stale }) : t('mres.ok')) : t('mres.error', { error: r.error ?? t('mres.failed') });
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
          h('td', {}, t('unit.ms', { n: String(q.at) })),
          h('td', {}, q.answeredAt === null ? '—' : t('unit.ms', { n: String(q.answeredAt) })),
          h('td', { class: 'mp-result' }, result),
          h('td', {}, read),
          h('td', {}, r?.zxid ?? ''),
        );
      });
    if (!rows.length) rows.push(h('tr', {}, h('td', { colspan: 10, class: 'mp-empty' }, t('m.noRequests'))));
    this.#body.replaceChildren(...rows);
  }
}

