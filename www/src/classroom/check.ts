// The Check panel: asks the model checker (in the worker) whether something can happen,
// from the start or from the current moment, with progress, Cancel, and "Load and replay".
// Below the playground: fetched as it comes near the viewport (main.ts).

import { h, setText } from '../core/dom';
import { L, t } from '../i18n/i18n';
import { checkResult, progressText, specText } from './classroom';
import type { Playground } from '../core/api';
import type { CheckGoal, CheckSpec, CheckView, Response } from '../core/protocol';
import '../i18n/i18n-en-classroom'; // its English texts
import { messageOf } from '../core/errors';

const BUDGET = 20_000;

export class CheckPanel {
  readonly el: HTMLElement;
  #running = false;
  #cancelled = false;

  constructor(pg: Playground) {
    const from = h(
      'select',
      { 'aria-label': L('ck.from'), class: 'pg-select' },
      h('option', { value: 'start' }, L('ck.fromStart')),
      h('option', { value: 'here' }, L('ck.fromHere')),
    );
    const goal = h(
      'select',
      { 'aria-label': L('ck.goal'), class: 'pg-select' },
      h('option', { value: 'violation' }, L('ck.anyViolation')),
      h('option', { value: 'chosen' }, L('ck.aChosen')),
      h('option', { value: 'accepts' }, L('ck.accepting')),
    );
    const value = h('input', { type: 'text', value: '2元/度', 'aria-label': L('ctl.value'), size: 8, class: 'pg-input' });
    const node = h('select', { 'aria-label': L('logview.node'), class: 'pg-select' });
    const round = h('input', { type: 'number', min: 1, value: 2, 'aria-label': L('ck.round'), class: 'pg-input pg-check-num' });
    const owner = h('select', { 'aria-label': L('ck.owner'), class: 'pg-select' });
    const valueRow = h('div', { class: 'pg-row', hidden: true }, L('ck.valueLabel'), ' ', value);
    const acceptsRow = h('div', { class: 'pg-row', hidden: true }, node, ' ', L('ck.acceptsBallot'), ' ', round, '.', owner);
    const maxRound = h('input', { type: 'number', min: 1, value: 2, 'aria-label': L('ck.maxRoundAria'), class: 'pg-input pg-check-num' });
    const dup = h('input', { type: 'checkbox' });
    const crash = h('input', { type: 'checkbox' });
    const options = h(
      'div',
      { class: 'pg-row' },
      h('label', { class: 'pg-inline' }, L('ck.maxRound'), ' ', maxRound),
      h('label', { class: 'pg-inline' }, dup, L('ck.duplication')),
      h('label', { class: 'pg-inline' }, crash, L('ck.oneCrash')),
    );
    const checkBtn = h('button', { type: 'button', class: 'pg-btn pg-primary' }, L('ck.check'));
    const cancelBtn = h('button', { type: 'button', class: 'pg-btn', disabled: true }, L('ck.cancel'));
    const specBtn = h('button', { type: 'button', class: 'pg-btn', title: L('ck.specTitle') }, L('ck.spec'));
    const replayBtn = h('button', { type: 'button', class: 'pg-btn', hidden: true }, L('ck.replay'));
    const progress = h('div', { class: 'pg-check-progress', 'aria-live': 'polite' });
    const result = h('div', { class: 'pg-check-result', role: 'status' });
    const spec = h('div', { class: 'pg-check-spec' });
    this.el = h(
      'section',
      { class: 'pg-section pg-check', 'aria-label': L('ck.check') },
      h('h2', {}, L('ck.check')),
      h('div', { class: 'pg-row' }, from, h('label', { class: 'pg-inline' }, L('ck.goalLabel'), ' ', goal)),
      valueRow,
      acceptsRow,
      options,
      h('div', { class: 'pg-row' }, checkBtn, cancelBtn, replayBtn),
      progress,
      result,
      h('div', { class: 'pg-row' }, specBtn),
      spec,
    );

    const fillNodes = () => {
      const names = pg.state()?.nodes.map((n) => n.name) ?? [];
      for (const sel of [node, owner]) {
        if ([...sel.options].map((o) => o.value).join() === names.join()) continue;
        const keep = sel.value;
        sel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
        if (names.includes(keep)) sel.value = keep;
      }
    };
    fillNodes();
    pg.on('update', fillNodes);
    goal.addEventListener('change', () => {
      valueRow.hidden = goal.value !== 'chosen';
      acceptsRow.hidden = goal.value !== 'accepts';
      fillNodes();
    });

    const goalOf = (): CheckGoal => {
      if (goal.value === 'chosen') return { type: 'chosen', value: value.value };
      if (goal.value === 'accepts') return { type: 'accepts', node: node.value, ballot: { round: Number(round.value) || 1, node: owner.value } };
      return { type: 'violation' };
    };
    const asCheck = (r: Response): CheckView => {
      if (r.type !== 'check') throw new Error(`expected a check report, got ${r.type}`);
      return r.report;
    };

    checkBtn.addEventListener('click', () => {
      if (this.#running) return;
      const g = goalOf();
      const spec: CheckSpec = {
        from: from.value === 'here' ? 'here' : 'start',
        goal: g,
        maxRound: Math.max(1, Number(maxRound.value) || 2),
        duplicate: dup.checked,
        crash: crash.checked,
      };
      this.#running = true;
      this.#cancelled = false;
      checkBtn.disabled = true;
      cancelBtn.disabled = false;
      replayBtn.hidden = true;
      setText(result, '');
      setText(progress, t('ck.starting'));
      const t0 = performance.now();
      void (async () => {
        try {
          let r = asCheck(await pg.check({ type: 'checkStart', spec }));
          while (r.outcome === 'running' && !this.#cancelled) {
            setText(progress, progressText(r, (performance.now() - t0) / 1000));
            r = asCheck(await pg.check({ type: 'checkRun', budget: BUDGET }));
          }
          setText(progress, progressText(r, (performance.now() - t0) / 1000));
          if (this.#cancelled) {
            await pg.check({ type: 'checkStop' });
            setText(result, t('ck.cancelled'));
          } else {
            setText(result, checkResult(r, g.type));
            replayBtn.hidden = r.outcome !== 'found';
          }
        } catch (e) {
          setText(result, t('mres.error', { error: messageOf(e) }));
        } finally {
          this.#running = false;
          checkBtn.disabled = false;
          cancelBtn.disabled = true;
        }
      })();
    });
    cancelBtn.addEventListener('click', () => {
      this.#cancelled = true;
    });
    replayBtn.addEventListener('click', () => {
      void pg.checkLoad().then(
        () => setText(result, t('ck.loaded', { result: result.textContent ?? '' })),
        (e: unknown) => setText(result, t('mres.error', { error: messageOf(e) })),
      );
    });
    specBtn.addEventListener('click', () => {
      specBtn.disabled = true;
      setText(spec, t('ck.checkingSpec'));
      void pg
        .check({ type: 'checkSpec', acceptors: 3, values: 2, maxBallot: 1 })
        .then(
          (r) => setText(spec, r.type === 'spec' ? specText(r) : t('ck.unexpected', { type: r.type })),
          (e: unknown) => setText(spec, t('mres.error', { error: messageOf(e) })),
        )
        .finally(() => (specBtn.disabled = false));
    });
  }
}
