// The classroom's "Your node" panel: a student writes a Basic Paxos node in JavaScript
// (docs/node-protocol.md) and runs it on the island in place of the playground's own node,
// in a worker of its own (node-worker.ts); the live checker, the Check panel and its
// counterexamples then judge it. The code stays in this browser (localStorage). Fetched with
// the classroom (main.ts), never with the page.

import { h, setText, uid } from '../core/dom';
import { L, t } from '../i18n/i18n';
import type { Playground } from '../core/api';
import starter from '../../../examples/nodes/starter.js?raw';
import surviveACrash from '../../../examples/nodes/exercises/survive-a-crash.js?raw';
import findTheBug from '../../../examples/nodes/exercises/find-the-bug.js?raw';
import '../i18n/i18n-en-classroom'; // its English texts
import { messageOf } from '../core/errors';

/** Where the code is kept between visits. */
export const NODE_KEY = 'paxos-playground:node';

export class NodePanel {
  readonly el: HTMLElement;

  constructor(pg: Playground) {
    const intro = h('p', { class: 'pg-own-intro', id: uid('pg-own') }, L('nd.intro'));
    const code = h('textarea', {
      class: 'pg-own-code',
      spellcheck: 'false',
      autocapitalize: 'off',
      rows: 16,
      'aria-label': L('nd.code'),
      'aria-describedby': intro.id,
    });
    code.value = stored() ?? starter;
    const keep = () => {
      try {
        localStorage.setItem(NODE_KEY, code.value);
      } catch {
        // a browser that keeps nothing (private mode): the code lives as long as the page
      }
    };
    code.addEventListener('input', keep);
    const run = h('button', { type: 'button', class: 'pg-btn pg-primary' }, L('nd.run'));
    const stop = h('button', { type: 'button', class: 'pg-btn', hidden: true }, L('nd.stop'));
    // The starter, and the two exercises (each file's first comment says the task).
    const files = (
      [
        ['nd.starter', starter],
        ['nd.exCrash', surviveACrash],
        ['nd.exBug', findTheBug],
      ] as const
    ).map(([label, text]) => {
      const b = h('button', { type: 'button', class: 'pg-linkbtn' }, L(label));
      b.addEventListener('click', () => {
        code.value = text;
        keep();
        code.focus();
      });
      return b;
    });
    const status = h('p', { class: 'pg-own-status', role: 'status' }, L('nd.own'));
    const faultText = h('pre', { class: 'pg-own-fault-text', tabindex: 0 });
    const fault = h('div', { class: 'pg-own-fault', role: 'alert', hidden: true }, h('strong', {}, L('nd.fault')), faultText);
    const said = (message: string) => {
      setText(faultText, message.replace(/^your node broke the node protocol: /, ''));
      fault.hidden = false;
    };
    const running = (on: boolean) => {
      stop.hidden = !on;
      setText(status, t(on ? 'nd.running' : 'nd.own'));
    };
    let busy = false;
    const go = async (source: string | null) => {
      fault.hidden = true;
      busy = run.disabled = stop.disabled = true;
      if (source !== null) setText(status, t('nd.starting'));
      try {
        await pg.useNode(source);
      } catch (e) {
        said(messageOf(e));
      } finally {
        busy = run.disabled = stop.disabled = false;
        running(pg.node() !== null);
        // The button pressed was disabled, or hidden: the focus comes back to Run.
        if (!this.el.contains(document.activeElement) || stop.hidden) run.focus();
      }
    };
    // The node may change elsewhere too (a share link that carries one).
    running(pg.node() !== null);
    pg.on('update', () => busy || running(pg.node() !== null));
    run.addEventListener('click', () => (keep(), void go(code.value)));
    stop.addEventListener('click', () => void go(null));
    // A request the node broke the protocol on is refused, one it never answered fails: the
    // playground says so, and here the whole message (with the request that showed it)
    // stays until the next run.
    pg.on('error', (e) => {
      if (pg.node() !== null) said(e.message);
    });
    this.el = h(
      'section',
      { class: 'pg-section pg-own', 'aria-label': L('nd.title') },
      h('h2', {}, L('nd.title')),
      intro,
      code,
      h('div', { class: 'pg-row' }, run, stop),
      h('p', { class: 'pg-own-files' }, L('nd.files'), ' ', files[0]!, ' · ', files[1]!, ' · ', files[2]!),
      status,
      fault,
    );
  }
}

function stored(): string | null {
  try {
    return localStorage.getItem(NODE_KEY);
  } catch {
    return null;
  }
}
