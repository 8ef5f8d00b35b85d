// Tiny DOM helpers. Data only ever goes in as text (textContent / text nodes), never as
// HTML: values typed by people are shown exactly as typed.

// A `Message` (i18n.ts's L(key)) as a child or attribute value is said in the current
// language and said again, in place, whenever the language changes.

import { Message, onLang } from '../i18n/i18n';

type Attrs = Record<string, string | number | boolean | undefined | Message>;
type Child = Node | string | null | undefined | false | Message;

interface Bound {
  node: WeakRef<Node>;
  attr: string | null;
  msg: Message;
}
let bound: Bound[] = [];
let pruneAt = 2000;
function keep(b: Bound): void {
  bound.push(b);
  if (bound.length > pruneAt) {
    bound = bound.filter((x) => x.node.deref() !== undefined);
    pruneAt = Math.max(2000, bound.length * 2);
  }
}

onLang(() => {
  bound = bound.filter((b) => {
    const n = b.node.deref();
    if (!n) return false;
    const text = String(b.msg);
    if (b.attr === null) {
      if (n.textContent !== text) n.textContent = text;
    } else if ((n as Element).getAttribute(b.attr) !== null) (n as Element).setAttribute(b.attr, text);
    return true;
  });
});

/** Keeps attribute `name` of `e` saying `msg` in the current language. */
export function bindAttr(e: Element, name: string, msg: Message): void {
  e.setAttribute(name, String(msg));
  keep({ node: new WeakRef(e), attr: name, msg });
}

/** A text node saying `msg`, kept in the current language. */
export function tnode(msg: Message): Text {
  const n = document.createTextNode(String(msg));
  keep({ node: new WeakRef(n), attr: null, msg });
  return n;
}

/** Sets `e`'s text to `msg`, kept in the current language. */
export function setMsg(e: Element, msg: Message): void {
  e.replaceChildren(tnode(msg));
}

function setAttrs(e: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (v instanceof Message) bindAttr(e, k, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(e: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c instanceof Message ? tnode(c) : c);
  }
}

/** An HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

/** Sets an element's text only when it changed (saves style and layout work). */
export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

/** Sets an attribute only when it changed. */
export function setAttr(e: Element, name: string, value: string): void {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

let counter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds the styles of a part fetched later to the page, or to the element's shadow root, that
 * `el` is in (call once `el` is there), once per style sheet text. A constructable sheet:
 * a strict CSP (style-src 'self') allows it, and a shadow root keeps it to itself.
 */
export function adoptStyles(el: Node, css: string): void {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  const where = el.getRootNode();
  if ((where instanceof Document || where instanceof ShadowRoot) && !where.adoptedStyleSheets.includes(sheet)) {
    where.adoptedStyleSheets = [...where.adoptedStyleSheets, sheet];
  }
}

/** Saves `text` as a file named `name` (the browser's download). */
export function saveFile(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
