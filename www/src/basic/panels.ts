// The panels a playground fetches as they come near the viewport, or on first use
// (playground.ts): the space-time diagram and its model, the node inspector and the faults
// panel, with their English texts and styles (adopted by the playground into its own root:
// a <link> in the document would leak into the page around an embedded <paxos-playground>).
// Not in the first load.

import css from './panels.css?inline';

export { BASIC_DIAGRAM, SpaceTime } from './spacetime';
export { DiagramView } from './diagram/view';
export { BASIC_INSPECTOR, Inspector } from './inspector';
export { FaultsPanel } from './faults';

/** Their styles, for the playground to adopt where it is (the page, or an element's shadow root). */
export const PANELS_CSS: string = css;
