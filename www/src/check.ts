// The Check panel: asks the model checker (in the worker) whether something can happen,
// from the start or from the current moment, with progress, Cancel, and "Load and replay".

import { h, setText } from './dom';
import { checkResult, progressText, specText } from './classroom';
import type { Playground } from './playground';
import type { CheckGoal, CheckSpec, CheckView, Response } from './protocol';

const BUDGET = 20_000;

export class CheckPanel {
  readonly el: HTMLElement;
  private running = false;
  private cancelled = false;

  constructor(pg: Playground) {
    const from = h(
      'select',
      { 'aria-label': 'From', class: 'pg-select' },
      h('option', { value: 'start' }, 'from the start'),
      h('option', { value: 'here' }, 'from here'),
    );
    const goal = h(
      'select',
      { 'aria-label': 'Goal', class: 'pg-select' },
      h('option', { value: 'violation' }, 'any safety violation'),
      h('option', { value: 'chosen' }, 'a chosen value'),
      h('option', { value: 'accepts' }, 'a node accepting a ballot'),
    );
    const value = h('input', { type: 'text', value: '2元/度', 'aria-label': 'Value', size: 8, class: 'pg-input' });
    const node = h('select', { 'aria-label': 'Node', class: 'pg-select' });
    const round = h('input', { type: 'number', min: 1, value: 2, 'aria-label': 'Round', class: 'pg-input pg-check-num' });
    const owner = h('select', { 'aria-label': 'Ballot owner', class: 'pg-select' });
    const valueRow = h('div', { class: 'pg-row', hidden: true }, 'value ', value);
    const acceptsRow = h('div', { class: 'pg-row', hidden: true }, node, ' accepts ballot ', round, '.', owner);
    const maxRound = h('input', { type: 'number', min: 1, value: 2, 'aria-label': 'Max round', class: 'pg-input pg-check-num' });
    const dup = h('input', { type: 'checkbox' });
    const crash = h('input', { type: 'checkbox' });
    const options = h(
      'div',
      { class: 'pg-row' },
      h('label', { class: 'pg-inline' }, 'max round ', maxRound),
      h('label', { class: 'pg-inline' }, dup, 'duplication'),
      h('label', { class: 'pg-inline' }, crash, 'one crash'),
    );
    const checkBtn = h('button', { type: 'button', class: 'pg-btn pg-primary' }, 'Check');
    const cancelBtn = h('button', { type: 'button', class: 'pg-btn', disabled: true }, 'Cancel');
    const specBtn = h('button', { type: 'button', class: 'pg-btn', title: 'Paxos.tla as written: 3 acceptors, 2 values, ballots 0..1' }, 'Spec mode (Paxos.tla)');
    const replayBtn = h('button', { type: 'button', class: 'pg-btn', hidden: true }, 'Load and replay');
    const progress = h('div', { class: 'pg-check-progress', 'aria-live': 'polite' });
    const result = h('div', { class: 'pg-check-result', role: 'status' });
    const spec = h('div', { class: 'pg-check-spec' });
    this.el = h(
      'section',
      { class: 'pg-section pg-check', 'aria-label': 'Check' },
      h('h2', {}, 'Check'),
      h('div', { class: 'pg-row' }, from, h('label', { class: 'pg-inline' }, 'goal ', goal)),
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
      if (this.running) return;
      const g = goalOf();
      const spec: CheckSpec = {
        from: from.value === 'here' ? 'here' : 'start',
        goal: g,
        maxRound: Math.max(1, Number(maxRound.value) || 2),
        duplicate: dup.checked,
        crash: crash.checked,
      };
      this.running = true;
      this.cancelled = false;
      checkBtn.disabled = true;
      cancelBtn.disabled = false;
      replayBtn.hidden = true;
      setText(result, '');
      setText(progress, 'starting…');
      const t0 = performance.now();
      void (async () => {
        try {
          let r = asCheck(await pg.check({ type: 'checkStart', spec }));
          while (r.outcome === 'running' && !this.cancelled) {
            setText(progress, progressText(r, (performance.now() - t0) / 1000));
            r = asCheck(await pg.check({ type: 'checkRun', budget: BUDGET }));
          }
          setText(progress, progressText(r, (performance.now() - t0) / 1000));
          if (this.cancelled) {
            await pg.check({ type: 'checkStop' });
            setText(result, 'cancelled');
          } else {
            setText(result, checkResult(r, g.type));
            replayBtn.hidden = r.outcome !== 'found';
          }
        } catch (e) {
          setText(result, `error: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          this.running = false;
          checkBtn.disabled = false;
          cancelBtn.disabled = true;
        }
      })();
    });
    cancelBtn.addEventListener('click', () => {
      this.cancelled = true;
    });
    replayBtn.addEventListener('click', () => {
      void pg.checkLoad().then(
        () => setText(result, `${result.textContent ?? ''} — loaded: step through it with →`),
        (e: unknown) => setText(result, `error: ${e instanceof Error ? e.message : String(e)}`),
      );
    });
    specBtn.addEventListener('click', () => {
      specBtn.disabled = true;
      setText(spec, 'checking Paxos.tla…');
      void pg
        .check({ type: 'checkSpec', acceptors: 3, values: 2, maxBallot: 1 })
        .then(
          (r) => setText(spec, r.type === 'spec' ? specText(r) : `unexpected answer ${r.type}`),
          (e: unknown) => setText(spec, `error: ${e instanceof Error ? e.message : String(e)}`),
        )
        .finally(() => (specBtn.disabled = false));
    });
  }
}
