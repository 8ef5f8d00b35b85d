// The classroom's "Your node" panel: a student writes a Basic Paxos node in JavaScript
// (docs/node-protocol.md) and runs it on the island in place of the playground's own node,
// in a worker of its own (node-worker.ts); the live checker, the Check panel and its
// counterexamples then judge it. The code stays in this browser (localStorage). Fetched with
// the classroom (main.ts), never with the page.

import { h, setText } from './dom';
import { L, t } from './i18n';
import type { Playground } from './playground';
import starter from '../../examples/nodes/starter.js?raw';
import './i18n-en-classroom'; // its English texts

/** Where the code is kept between visits. */
export const NODE_KEY = 'paxos-playground:node';

export class NodePanel {
  readonly el: HTMLElement;

  constructor(pg: Playground) {
    const code = h('textarea', {
      class: 'pg-own-code',
      spellcheck: 'false',
      autocapitalize: 'off',
      rows: 16,
      'aria-label': L('nd.code'),
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
    const again = h('button', { type: 'button', class: 'pg-linkbtn' }, L('nd.starter'));
    const status = h('p', { class: 'pg-own-status', role: 'status' }, L('nd.own'));
    const faultText = h('pre', { class: 'pg-own-fault-text' });
    const fault = h('div', { class: 'pg-own-fault', role: 'alert', hidden: true }, h('strong', {}, L('nd.fault')), faultText);
    const said = (message: string) => {
      setText(faultText, message.replace(/^your node broke the node protocol: /, ''));
      fault.hidden = false;
    };
    const running = (on: boolean) => {
      stop.hidden = !on;
      setText(status, t(on ? 'nd.running' : 'nd.own'));
    };
    const go = async (source: string | null) => {
      fault.hidden = true;
      run.disabled = stop.disabled = true;
      if (source !== null) setText(status, t('nd.starting'));
      try {
        await pg.useNode(source);
      } catch (e) {
        said(e instanceof Error ? e.message : String(e));
      } finally {
        run.disabled = stop.disabled = false;
        running(pg.node() !== null);
      }
    };
    run.addEventListener('click', () => (keep(), void go(code.value)));
    stop.addEventListener('click', () => void go(null));
    again.addEventListener('click', () => {
      code.value = starter;
      keep();
    });
    // A request the node broke the protocol on is refused: the playground says so, and here
    // the whole message (with the request that showed it) stays until the next run.
    pg.on('error', (e) => {
      if (pg.node() !== null && /node protocol/.test(e.message)) said(e.message);
    });
    this.el = h(
      'section',
      { class: 'pg-section pg-own', 'aria-label': L('nd.title') },
      h('h2', {}, L('nd.title')),
      h('p', { class: 'pg-own-intro' }, L('nd.intro')),
      code,
      h('div', { class: 'pg-row' }, run, stop, again),
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
