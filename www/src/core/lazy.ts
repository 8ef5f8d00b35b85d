// Features fetched on first use: their modules are dynamic import() chunks, not part of the
// first load. `once` fetches a module (and builds what it gives) a single time however many
// ask; `busy` marks the control a person used while that takes a moment (aria-busy, the wait
// cursor of page.css / style.css), so the first click still does what it says, a moment
// later; `whenNear` builds a section below the fold as it comes near the viewport;
// `failed` tells the person when a part could not be fetched, so a click is never silent.

import { h, setText, uid } from './dom';
import { t, type Message } from '../i18n/i18n';

/**
 * The place of a section still on its way: a region with its title, busy, that keeps about
 * its size (`.pg-later`), so that the page's landmarks are all there from the first frame.
 */
export function placeholder(title: Message): HTMLElement {
  const id = uid('pg-h');
  return h('section', { class: 'pg-section pg-later', 'aria-busy': 'true', 'aria-labelledby': id }, h('h2', { id }, title));
}

/** `make()` run once: every call gets the same promise (after a failure, the next call tries again). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () =>
    (p ??= make().catch((e: unknown) => {
      p = null;
      console.error('a part of the page could not be loaded', e);
      throw e;
    }));
}

/** Marks `el` busy (aria-busy) until `p` settles; returns `p`. */
export function busy<T>(el: Element, p: Promise<T>): Promise<T> {
  el.setAttribute('aria-busy', 'true');
  const done = () => el.removeAttribute('aria-busy');
  p.then(done, done);
  return p;
}

/**
 * Calls `f` when `el` comes within `margin` (a rootMargin: half the viewport's height by
 * default, time enough to fetch while a person scrolls) of the viewport, until it succeeds:
 * after a failure, `el` going away and coming near again tries again (never in a loop while
 * it stays in view). At once where IntersectionObserver is missing. Returns a function that
 * stops watching.
 */
export function whenNear(el: Element, f: () => Promise<unknown>, margin = '50% 0px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    void f().catch(() => {});
    return () => {};
  }
  let armed = true;
  let trying = false;
  const io = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) {
        armed = true;
        return;
      }
      if (!armed || trying) return;
      armed = false;
      trying = true;
      f().then(
        () => io.disconnect(),
        () => (trying = false),
      );
    },
    { rootMargin: margin },
  );
  io.observe(el);
  return () => io.disconnect();
}

/**
 * Says, as an alert beside `near`'s root (the page, or the <paxos-playground> element's
 * shadow root), that a part of the page could not be fetched (`once` has logged why); it
 * goes after 8 s or on a click. A later use tries the fetch again.
 */
export function failed(near: Node): void {
  const root = near.getRootNode();
  const host = root instanceof ShadowRoot ? root : document.body;
  const note = h('div', { class: 'pg-load-failed', role: 'alert' });
  setText(note, t('lazy.failed'));
  const remove = () => note.remove();
  note.addEventListener('click', remove);
  setTimeout(remove, 8000);
  host.append(note);
}
