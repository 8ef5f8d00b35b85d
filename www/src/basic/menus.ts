// The menus that open on the island: a node's (crash or restart, propose from it, inspect,
// cut off or heal), a message's (deliver, drop, duplicate) and a link's (cut, slow down,
// mend). Each item calls the playground's API, so author locks (lock.ts) guard them too.
// Fetched with the menu (popup.ts) on the first click on the island.

import type { Playground } from '../core/api';
import type { Controller } from '../core/controller';
import type { Action } from '../embed/lock';
import { adoptStyles, h } from '../core/dom';
import css from './menus.css?inline';
import { t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import '../i18n/i18n-en-menus'; // its own English texts
import { msgLabel, timeText } from './labels';
import { Popup } from './popup';

export interface MenuHost {
  ctl: Controller;
  api: Playground;
  /** Where the menus are placed. */
  stage: HTMLElement;
  /** Whether an author lock allows `a`. */
  allows(a: Action): boolean;
  /** Whether the playground takes input yet. */
  interactive(): boolean;
  proposeFrom(node: string): void;
  inspect(node: string): void;
}

/** The island's three menus, for its callbacks (island/view.ts), and the menu they open in. */
export function islandMenus(m: MenuHost) {
  const { ctl, stage, allows } = m;
  const popup = new Popup();
  adoptStyles(stage, css); // the page, or an element's shadow root
  stage.append(popup.el);
  return {
    popup,
    node(name: string, card: SVGGElement): void {
      const snap = ctl.snapshot;
      const n = snap?.nodes.find((x) => x.name === name);
      if (!n || !snap || !m.interactive()) return;
      if (popup.open && popup.about === `node ${name}`) return popup.close();
      const r = card.getBoundingClientRect();
      popup.show({
        about: `node ${name}`,
        title: t(n.up ? 'pg.nodeTitleUp' : 'pg.nodeTitleDown', { node: name }),
        label: t('pg.nodeActions', { node: name }),
        items: [
          n.up
            ? allows('crash') ? { label: t('pg.crash', { node: name }), danger: true, run: () => m.api.crash(name) } : null
            : allows('restart') ? { label: t('pg.restart', { node: name }), run: () => m.api.restart(name) } : null,
          n.up && allows('propose') ? { label: t('pg.proposeFrom', { node: name }), moves: true, run: () => m.proposeFrom(name) } : null,
          { label: t('pg.inspect', { node: name }), moves: true, run: () => m.inspect(name) },
          !allows('partition')
            ? null
            : snap.partition
              ? { label: t('pg.heal'), run: () => m.api.heal() }
              : { label: t('pg.cutOff', { node: name }), run: () => m.api.partition([[name]]) },
        ],
        x: r.left + r.width / 2,
        y: r.bottom - 18,
        host: stage,
        back: card,
      });
    },

    message(id: number, x: number, y: number): void {
      const f = ctl.snapshot?.inFlight.find((m) => m.id === id);
      if (!f || !m.interactive()) return;
      ctl.select(id);
      popup.show({
        about: `message ${id}`,
        title: msgLabel(f.msg),
        detail: t('pg.msgDetail', { from: f.from, to: f.to, when: f.arrivesAt === null ? t('pg.status.waiting') : t('pg.lands', { time: timeText(f.arrivesAt) }) }),
        label: t('pg.msgFrom', { from: f.from, to: f.to }),
        items: [
          allows('deliver') ? { label: t('pg.deliver'), run: () => m.api.deliver(id) } : null,
          allows('drop') ? { label: t('pg.drop'), danger: true, run: () => m.api.drop(id) } : null,
          allows('duplicate') ? { label: t('pg.duplicate'), run: () => m.api.duplicate(id) } : null,
        ],
        x,
        y,
        host: stage,
      });
    },

    link(a: string, b: string, x: number, y: number): void {
      const snap = ctl.snapshot;
      if (!snap || !m.interactive() || !allows('network')) return;
      const f = snap.links.find((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
      const extra = h('input', { type: 'number', class: 'pg-input pg-num', min: 0, max: 60000, step: 10, value: f?.extra ?? 0, inputmode: 'numeric' });
      const setBtn = h('button', { type: 'button', role: 'menuitem', class: 'pg-btn' }, t('pg.setExtra'));
      setBtn.addEventListener('click', () =>
        popup.run(() => m.api.setLink({ between: [a, b], cut: f?.cut ?? false, extra: Math.max(0, Math.round(Number(extra.value) || 0)) })),
      );
      const form = h('div', { class: 'pg-menu-form' }, h('label', { class: 'pg-field' }, t('pg.extraDelay'), extra), setBtn);
      const state = f ? [f.cut ? t('pg.cut') : '', f.extra ? t('pg.slower', { n: String(f.extra) }) : ''].filter(Boolean).join(t('pg.sep')) : t('pg.working');
      popup.show({
        about: `link ${a} ${b}`,
        title: t('pg.link', { a, b }),
        detail: state,
        label: t('pg.linkActions', { a, b }),
        items: [
          f?.cut ? null : { label: t('pg.cutLink', { a, b }), danger: true, run: () => m.api.setLink({ between: [a, b], cut: true, extra: f?.extra ?? 0 }) },
          f ? { label: t('pg.mendLink', { a, b }), run: () => m.api.setLink({ between: [a, b] }) } : null,
          form,
        ],
        x,
        y,
        host: stage,
      });
    },
  };
}
