// The space-time diagram as a standalone SVG document (what "Export SVG" downloads): the
// same geometry and styles as the canvas (spacetime.ts), the legend on top.

import { t } from '../../i18n/i18n';
import '../../i18n/i18n-en-panels'; // its English texts
import { ballotText, timeText } from '../labels';
import { arrowText, contentHeight, geometry, laneX, LOOP, segment, SpaceTime, stepY, type Geometry } from '../spacetime';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (x: number) => (Math.round(x * 10) / 10).toString();

/** The whole diagram as a standalone SVG document (what "Export SVG" downloads). */
export function diagramSvg<M extends { type: string }, V>(m: SpaceTime<M, V>, names: readonly string[], opts: { width?: number; rowH?: number; title?: string } = {}): string {
  const { types, styles } = m.kind;
  const width = opts.width ?? Math.max(480, 140 * names.length + 80);
  // The legend's rows: as many types to a row as fit.
  const perRow = Math.max(1, Math.floor((width - 20) / 96));
  const legendH = 34 + 18 * (Math.ceil(types.length / perRow) - 1);
  const g0 = geometry(width, opts.rowH ?? 14, names);
  const g: Geometry = { ...g0, top: g0.top + legendH };
  const height = contentHeight(g, m.step);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n1(g.width)}" height="${n1(height)}" viewBox="0 0 ${n1(g.width)} ${n1(height)}" ` +
      `font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<title>${esc(opts.title ?? t('st.svgTitle'))}</title>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push('<defs>');
  for (const t of types) {
    const st = styles[t]!;
    const shape =
      st.head === 'solid'
        ? `<path d="M0,0 L8,4 L0,8 z" fill="${st.colour}"/>`
        : st.head === 'open'
          ? `<path d="M0,0 L8,4 L0,8" fill="none" stroke="${st.colour}" stroke-width="1.5"/>`
          : st.head === 'bar'
            ? `<path d="M7,0 L7,8" stroke="${st.colour}" stroke-width="2.5"/>`
            : `<path d="M0,4 L4,0 L8,4 L4,8 z" fill="${st.colour}"/>`;
    out.push(`<marker id="h-${t}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">${shape}</marker>`);
  }
  out.push('</defs>');
  // Legend
  types.forEach((t, i) => {
    const st = styles[t]!;
    const x = 10 + (i % perRow) * 96;
    const y = 16 + 18 * Math.floor(i / perRow);
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 30}" y2="${y}" stroke="${st.colour}" stroke-width="${st.width}"` +
        `${st.dash.length ? ` stroke-dasharray="${st.dash.join(' ')}"` : ''} marker-end="url(#h-${t})"/>` +
        `<text x="${x + 36}" y="${y + 4}" fill="#1d252d">${t}</text>`,
    );
  });
  // Lanes
  const bottom = height - 8;
  for (const name of names) {
    const x = laneX(g, name);
    out.push(`<line x1="${n1(x)}" y1="${g.top - 6}" x2="${n1(x)}" y2="${n1(bottom)}" stroke="#c4cad1" stroke-width="1.5"/>`);
    out.push(`<text x="${n1(x)}" y="${g.top - 12}" text-anchor="middle" font-weight="700" font-size="13" fill="#1d252d">${esc(name)}</text>`);
  }
  // Chosen
  if (m.chosen) {
    const y = stepY(g, m.chosen.step);
    out.push(
      `<line x1="${g.left - 6}" y1="${n1(y)}" x2="${n1(g.width - g.right + 6)}" y2="${n1(y)}" stroke="#157a3b" stroke-width="2"/>` +
        `<text x="4" y="${n1(y + 4)}" fill="#157a3b" font-weight="700">${esc(t('phase.decided'))}</text>` +
        `<title>${esc(t('st.chosenTitle', { value: m.chosen.value, b: ballotText(m.chosen.ballot), step: String(m.chosen.step), time: timeText(m.chosen.time) }))}</title>`,
    );
  }
  // Marks
  for (const k of m.marks) {
    if (k.kind === 'chosen') continue;
    const y = stepY(g, k.step);
    const title = `<title>${esc(t('st.markTitle', { text: k.text, step: String(k.step), time: timeText(k.time) }))}</title>`;
    if (k.node === null) {
      out.push(`<g><line x1="${g.left - 6}" y1="${n1(y)}" x2="${n1(g.width - g.right + 6)}" y2="${n1(y)}" stroke="#dc2626" stroke-dasharray="4 4"/>${title}</g>`);
    } else {
      const x = laneX(g, k.node);
      const glyph =
        k.kind === 'crash'
          ? `<path d="M${n1(x - 5)},${n1(y - 5)}L${n1(x + 5)},${n1(y + 5)}M${n1(x + 5)},${n1(y - 5)}L${n1(x - 5)},${n1(y + 5)}" stroke="#6b7280" stroke-width="2.5"/>`
          : `<circle cx="${n1(x)}" cy="${n1(y)}" r="3.5" fill="${k.kind === 'learn' ? '#157a3b' : k.kind === 'propose' || k.kind === 'leader' ? '#1d252d' : '#ffffff'}" stroke="#1d252d"/>`;
      out.push(`<g>${glyph}${title}</g>`);
    }
  }
  // Arrows
  for (const a of m.arrows) {
    const st = styles[a.msg.type]!;
    const s = segment(g, a, m.step);
    const dash = st.dash.length ? ` stroke-dasharray="${st.dash.join(' ')}"` : '';
    const head = a.fate === 'deliver' ? ` marker-end="url(#h-${a.msg.type})"` : '';
    const faint = a.fate === null ? ' opacity="0.45"' : '';
    const d = s.self
      ? `M${n1(s.x1)},${n1(s.y1)} C${n1(s.x1 + LOOP * 1.6)},${n1(s.y1)} ${n1(s.x2 + LOOP * 1.6)},${n1(s.y2)} ${n1(s.x2)},${n1(s.y2)}`
      : `M${n1(s.x1)},${n1(s.y1)} L${n1(s.x2)},${n1(s.y2)}`;
    let extra = '';
    if (a.fate === 'drop') {
      const c = 4.5;
      extra = `<path d="M${n1(s.x2 - c)},${n1(s.y2 - c)}L${n1(s.x2 + c)},${n1(s.y2 + c)}M${n1(s.x2 + c)},${n1(s.y2 - c)}L${n1(s.x2 - c)},${n1(s.y2 + c)}" stroke="#dc2626" stroke-width="2.2"/>`;
    }
    if (a.copyOf !== null) extra += `<circle cx="${n1(s.x1)}" cy="${n1(s.y1)}" r="4" fill="#ffffff" stroke="${st.colour}" stroke-width="1.5"/>`;
    out.push(
      `<g class="m-${a.msg.type}${a.fate ? ` ${a.fate}` : ''}"${faint}><path d="${d}" fill="none" stroke="${st.colour}" stroke-width="${st.width}"${dash}${head}/>${extra}<title>${esc(arrowText(a, m.kind.label))}</title></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
