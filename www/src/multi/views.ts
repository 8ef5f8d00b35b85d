// The Multi-Paxos view's space-time diagram and node inspector: the Basic page's own
// (basic/panels.ts, the same chunk), read through this protocol's kinds (diagram.ts,
// inspector.ts). Fetched as they come near the viewport or on first use (main.ts): not in
// the view's first load. They follow the controller's updates: the diagram's model keeps the
// trace lines the book keeps (all again after a load or going back).

import type { MultiTraceLine, MultiView } from '../core/protocol';
import type { MultiState } from './controller';
import { DiagramView, Inspector, SpaceTime } from '../basic/panels';
import { clientLanes, MULTI_DIAGRAM, type DiagramMsg } from './diagram';
import { MULTI_INSPECTOR } from './inspector';

export { PANELS_CSS } from '../basic/panels';

export class MultiViews {
  readonly diagram: DiagramView<DiagramMsg, string | null>;
  readonly inspector: Inspector<MultiView, MultiTraceLine>;
  #model = new SpaceTime(MULTI_DIAGRAM);
  /** The clients' lanes, after the servers'. */
  #lanes: string[] = [];

  /** `onSeek`: go to the moment right after a trace step (a click on the diagram or on a server's history). */
  constructor(onSeek: (step: number) => void) {
    this.diagram = new DiagramView(MULTI_DIAGRAM, { onSeek });
    this.inspector = new Inspector(onSeek, MULTI_INSPECTOR);
  }

  /** Shows update `s`; `whole`: read every line it holds (the first time, or after a load or going back). */
  show(s: MultiState, whole = false): void {
    if (whole || s.how === 'load' || s.dropped) {
      this.#model.rebuild(s.lines);
      this.#lanes = clientLanes(s.lines);
    } else {
      this.#model.append(s.added);
      clientLanes(s.added, this.#lanes);
    }
    this.diagram.update(this.#model, [...s.view.names, ...this.#lanes], s.moved);
    this.inspector.show(s.view, s.lines);
  }

  relang(): void {
    this.inspector.relang();
    this.diagram.schedule();
  }
}
