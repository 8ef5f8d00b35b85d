// The diagram's legend: a small SVG swatch per message type (its colour, dash and head), a
// lost message's cross and a copy's ring.

import type { TypeStyle } from '../spacetime';

const SVG_NS = 'http://www.w3.org/2000/svg';
function svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Message type `t`'s swatch, drawn in style `st`. */
export function legendSwatch(t: string, st: TypeStyle): SVGElement {
  const svg = svgEl('svg', { width: 34, height: 10, viewBox: '0 0 34 10', 'aria-hidden': 'true' });
  // The theme's colour (a presentation attribute cannot read var(); a style can).
  svg.style.color = `var(--pg-t-${t}, ${st.colour})`;
  svg.append(svgEl('line', { x1: 1, y1: 5, x2: 26, y2: 5, stroke: 'currentColor', 'stroke-width': st.width, 'stroke-dasharray': st.dash.join(' ') || 'none' }));
  const headPath =
    st.head === 'solid'
      ? svgEl('path', { d: 'M25,1 L33,5 L25,9 z', fill: 'currentColor' })
      : st.head === 'open'
        ? svgEl('path', { d: 'M25,1 L33,5 L25,9', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.6 })
        : st.head === 'bar'
          ? svgEl('path', { d: 'M31,0 L31,10', stroke: 'currentColor', 'stroke-width': 2.5 })
          : svgEl('path', { d: 'M25,5 L29,1 L33,5 L29,9 z', fill: 'currentColor' });
  svg.append(headPath);
  return svg;
}

export function crossSwatch(): SVGElement {
  const svg = svgEl('svg', { width: 14, height: 10, viewBox: '0 0 14 10', 'aria-hidden': 'true' });
  svg.style.color = 'var(--pg-cut, #dc2626)';
  svg.append(svgEl('path', { d: 'M3,1 L11,9 M11,1 L3,9', stroke: 'currentColor', 'stroke-width': 2.2 }));
  return svg;
}

export function ringSwatch(): SVGElement {
  const svg = svgEl('svg', { width: 14, height: 10, viewBox: '0 0 14 10', 'aria-hidden': 'true' });
  svg.style.color = 'var(--pg-t-prepare, #2563eb)';
  svg.append(svgEl('circle', { cx: 7, cy: 5, r: 3.5, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 }));
  return svg;
}
