// The panels below the island and in the settings: the space-time diagram, the node
// inspector and the faults panel (panels.ts). They are fetched after the first interactive
// frame, as they come near the viewport, or at once when asked for (Inspect, the I key);
// until then their places show their titles and keep their size.

import type { Playground } from '../core/api';
import type { Controller } from '../core/controller';
import type { Msg, Snapshot, TraceLine } from '../core/protocol';
import type { DiagramView, FaultsPanel, Inspector, SpaceTime } from './panels';
import { adoptStyles, h } from '../core/dom';
import { L } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import '../i18n/i18n-en-island'; // the island's
import { failed, once, placeholder, whenNear } from '../core/lazy';

interface Panels {
  model: SpaceTime;
  diagram: DiagramView<Msg, string>;
  inspector: Inspector<Snapshot, TraceLine>;
  faults: FaultsPanel;
}

export class Lower {
  /** The diagram's and the inspector's place. */
  readonly el = h('div', { class: 'pg-lower' }, placeholder(L('dg.title')), placeholder(L('in.title')));
  /** The faults panel's place, in the settings. */
  readonly faultsSlot = placeholder(L('f.title'));
  /** The playground's root: the panels' styles go to its document or shadow root. */
  root: HTMLElement | null = null;
  #panels: Panels | null = null;
  #interactive = false;
  #stopWatching: (() => void)[] = [];
  readonly #load = once(() => this.#fetch());

  constructor(
    private readonly ctl: Controller,
    private readonly host: { seekStep: (step: number) => void; api: () => Playground },
  ) {
    ctl.on('cleared', () => this.#panels?.model.clear());
    ctl.on('shown', ({ update: r, dropped, moved }) => {
      const p = this.#panels;
      if (!p) return;
      if (dropped) p.model.truncate(r.since);
      p.model.append(r.lines);
      this.#show(r.snapshot, moved);
    });
  }

  /** The first interactive frame: the panels are fetched as they come near. */
  enable(): void {
    this.#interactive = true;
    this.#panels?.faults.enable(true);
    this.#stopWatching = [this.el, this.faultsSlot].map((el) => whenNear(el, this.#load));
  }

  /** The inspector, fetched first if it is not here yet (the node menu, the I key). */
  withInspector(f: (i: Inspector<Snapshot, TraceLine>) => void): void {
    void this.#load().then((p) => f(p.inspector), () => this.root && failed(this.root));
  }

  relang(): void {
    this.#panels?.faults.relang();
    this.#panels?.inspector.relang();
    if (this.ctl.snapshot) this.#show(this.ctl.snapshot, true);
  }

  close(): void {
    for (const stop of this.#stopWatching) stop();
  }

  #show(s: Snapshot, moved: boolean): void {
    const p = this.#panels;
    if (!p) return;
    p.faults.show(s);
    p.inspector.show(s, this.ctl.book.lines);
    p.diagram.update(p.model, s.nodes.map((n) => n.name), moved);
  }

  async #fetch(): Promise<Panels> {
    const m = await import('./panels');
    const model = new m.SpaceTime(m.BASIC_DIAGRAM);
    model.append(this.ctl.book.lines);
    const api = this.host.api();
    const p = {
      model,
      diagram: new m.DiagramView(m.BASIC_DIAGRAM, { onSeek: this.host.seekStep }),
      inspector: new m.Inspector(this.host.seekStep, m.BASIC_INSPECTOR),
      faults: new m.FaultsPanel({
        partition: (groups) => api.partition(groups),
        heal: () => api.heal(),
        setLink: (link) => api.setLink(link),
      }),
    };
    if (this.root) adoptStyles(this.root, m.PANELS_CSS); // the page, or an element's shadow root (not if destroyed)
    this.el.replaceChildren(p.diagram.el, p.inspector.el);
    this.faultsSlot.replaceWith(p.faults.el);
    this.#panels = p;
    p.faults.enable(this.#interactive);
    if (this.ctl.snapshot) this.#show(this.ctl.snapshot, true);
    return p;
  }
}
