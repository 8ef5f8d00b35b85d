// The panels a playground fetches as they come near the viewport, or on first use
// (playground.ts): the space-time diagram and its model, the node inspector and the faults
// panel, with their English texts and styles. Not in the first load.

import './panels.css';

export { SpaceTime } from './spacetime';
export { DiagramView } from './diagram';
export { Inspector } from './inspector';
export { FaultsPanel } from './faults';
