// <paxos-playground>: the playground as a custom element, for blogs and course pages
// (docs/embedding.md). Everything lives in a shadow root: the page's CSS does not reach in,
// the playground's CSS does not reach out. Its styles are a constructable stylesheet
// (adoptedStyleSheets), which a strict Content Security Policy (`style-src 'self'`) allows;
// no inline script or style is needed. Each element has its own Web Worker and state.
//
//   <script type="module" src="paxos-playground.js"></script>
//   <paxos-playground scenario="race.json" seed="24" controls="minimal" steps="44-53"
//                     allow="step back" height="420px"></paxos-playground>

import styleText from '../basic/style.css?inline';
import embedText from './embed.css?inline';
import shareText from '../share/share.css?inline';
import { createPlayground, takeLocks } from '../basic/playground';
import { DEFAULT_SCENARIO, type Chosen, type Playground, type PlaygroundOptions, type UpdateInfo, type Violation } from '../core/api';
import { lockPlayground, parseAllow, parseSteps, type PlaygroundLock } from './lock';
import type { Snapshot, TraceLine } from '../core/protocol';
import { errorOf } from '../core/errors';

takeLocks(lockPlayground);

const HOST_CSS = `
:host { display: block; position: relative; box-sizing: border-box; min-height: 260px; font-size: 14px; }
:host([controls='minimal']), :host([controls='none']) { height: 440px; }
:host([hidden]) { display: none; }
.pg-host { height: 100%; display: flex; flex-direction: column; }
.pg-host > .paxos-pg { flex: 1 1 auto; min-height: 0; }
.pg-host > .paxos-pg.pg-controls-full { flex: 1 0 auto; }
.pg-embed-error { margin: 8px 0; padding: 8px 12px; border-radius: 6px; color: #b91c1c; background: #fef2f2;
  font: 14px/1.4 system-ui, sans-serif; }
`;

let sheet: CSSStyleSheet | null = null;
/** One stylesheet for every element on the page, shared by their shadow roots. */
function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`${styleText}\n${embedText}\n${shareText}\n${HOST_CSS}`);
  }
  return sheet;
}

const OBSERVED = ['scenario', 'nodes', 'seed', 'autoplay', 'controls', 'lang', 'height', 'steps', 'from-step', 'to-step', 'allow', 'speed'];

/** Details of the element's events (CustomEvent.detail). */
export interface UpdateDetail extends UpdateInfo {
  snapshot: Snapshot;
  lines: TraceLine[];
}
export interface ChosenDetail {
  chosen: Chosen;
  snapshot: Snapshot;
}
export interface ViolationDetail {
  violation: Violation;
  snapshot: Snapshot;
}

const int = (v: string | null): number | undefined => {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

export class PaxosPlaygroundElement extends HTMLElement {
  static observedAttributes = OBSERVED;

  /** The playground's API (docs/api.md); null until the scenario is read. */
  playground: Playground | null = null;
  /** Resolves with the API once the playground is interactive (and at its first locked step). */
  ready: Promise<Playground>;

  #shadow: ShadowRoot;
  #host: HTMLElement;
  #generation = 0;
  #pending = false;
  #resolveReady!: (pg: Playground) => void;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [styles()];
    this.#host = document.createElement('div');
    this.#host.className = 'pg-host';
    this.#shadow.append(this.#host);
    this.ready = this.#newReady();
  }

  connectedCallback(): void {
    this.#showHeight();
    if (!this.playground && !this.#pending) void this.#build();
  }

  disconnectedCallback(): void {
    // Moved within the page: connectedCallback builds it again.
    this.#teardown();
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after) return;
    if (name === 'height') return this.#showHeight();
    if (!this.isConnected) return;
    // Several attributes set in a row rebuild once.
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (!this.isConnected) return;
      this.#teardown();
      this.ready = this.#newReady();
      void this.#build();
    });
  }

  #newReady(): Promise<Playground> {
    return new Promise<Playground>((r) => (this.#resolveReady = r));
  }

  #showHeight(): void {
    const h = this.getAttribute('height');
    // CSSOM, not a style attribute in the markup: allowed by `style-src 'self'`.
    this.style.height = h ? (/^\d+(\.\d+)?$/.test(h.trim()) ? `${h.trim()}px` : h) : '';
  }

  #teardown(): void {
    this.#generation += 1;
    this.playground?.destroy();
    this.playground = null;
    this.#host.replaceChildren();
  }

  /** The scenario: the attribute's JSON text, or the file at its URL; then nodes and seed. */
  async #scenario(): Promise<string | object> {
    const attr = this.getAttribute('scenario')?.trim();
    let text: string | object = DEFAULT_SCENARIO;
    if (attr) {
      if (attr.startsWith('{')) text = attr;
      else {
        const url = new URL(attr, document.baseURI);
        const res = await fetch(url);
        if (!res.ok) throw new Error(`the scenario ${url.href} could not be read: ${res.status} ${res.statusText}`);
        text = await res.text();
      }
    }
    const nodes = int(this.getAttribute('nodes'));
    const seed = int(this.getAttribute('seed'));
    if (nodes === undefined && seed === undefined) return text;
    try {
      const s = (typeof text === 'string' ? JSON.parse(text) : { ...text }) as Record<string, unknown>;
      if (nodes !== undefined) s['nodes'] = nodes;
      if (seed !== undefined) s['seed'] = seed;
      return JSON.stringify(s, null, 2);
    } catch {
      return text; // the simulator says what is wrong with it
    }
  }

  #lock(): PlaygroundLock | undefined {
    const lock: { from?: number; to?: number; allow?: PlaygroundLock['allow'] } = {};
    const steps = this.getAttribute('steps');
    if (steps !== null) {
      const r = parseSteps(steps);
      if (r) Object.assign(lock, r);
      else console.warn(`<paxos-playground>: steps="${steps}" is not a range like "44-53"; ignored`);
    }
    const from = int(this.getAttribute('from-step'));
    const to = int(this.getAttribute('to-step'));
    if (from !== undefined) lock.from = from;
    if (to !== undefined) lock.to = to;
    const allow = this.getAttribute('allow');
    if (allow !== null) {
      const { allow: ok, unknown } = parseAllow(allow);
      if (unknown.length) console.warn(`<paxos-playground>: allow="${allow}": unknown action(s) ${unknown.join(', ')}; ignored`);
      lock.allow = ok;
    }
    return Object.keys(lock).length ? lock : undefined;
  }

  async #build(): Promise<void> {
    const generation = ++this.#generation;
    this.#pending = true;
    let scenario: string | object;
    try {
      scenario = await this.#scenario();
    } catch (e) {
      this.#pending = false;
      if (generation !== this.#generation) return;
      const err = errorOf(e);
      const p = document.createElement('p');
      p.className = 'pg-embed-error';
      p.setAttribute('role', 'alert');
      p.textContent = err.message;
      this.#host.replaceChildren(p);
      this.dispatchEvent(new CustomEvent('error', { detail: { error: err, message: err.message } }));
      return;
    }
    this.#pending = false;
    if (generation !== this.#generation || !this.isConnected) return;
    const controls = this.getAttribute('controls');
    const lock = this.#lock();
    const speed = Number(this.getAttribute('speed'));
    // `lang` is passed on to the playground (its language option).
    const options: PlaygroundOptions = {
      scenario,
      autoplay: this.hasAttribute('autoplay') && this.getAttribute('autoplay') !== 'false',
      controls: controls === 'minimal' || controls === 'none' ? controls : 'full',
      ...(lock ? { lock } : {}),
      ...(speed > 0 ? { speed } : {}),
    };
    // createPlayground keeps it hidden until that language's texts are here (i18n.ts).
    const lang = this.getAttribute('lang');
    if (lang) options.lang = lang;
    const pg = createPlayground(this.#host, options);
    this.playground = pg;
    const fire = (type: string, detail: unknown) => this.dispatchEvent(new CustomEvent(type, { detail }));
    pg.on('update', (snapshot, lines, info) => fire('update', { snapshot, lines, ...info } satisfies UpdateDetail));
    pg.on('chosen', (chosen, snapshot) => fire('chosen', { chosen, snapshot } satisfies ChosenDetail));
    pg.on('violation', (violation, snapshot) => fire('violation', { violation, snapshot } satisfies ViolationDetail));
    pg.on('error', (error) => fire('error', { error, message: error.message }));
    await pg.ready();
    if (generation !== this.#generation) return;
    this.#resolveReady(pg);
    fire('ready', { playground: pg });
  }
}

if (!customElements.get('paxos-playground')) customElements.define('paxos-playground', PaxosPlaygroundElement);

declare global {
  interface HTMLElementTagNameMap {
    'paxos-playground': PaxosPlaygroundElement;
  }
}
