// A list of any length that puts on the page only the rows in view, and a few around them:
// the log and the trace reader. Rows are all one height (the CSS variable --pg-row); the
// list's top and bottom padding stand for the rows not drawn, so it is as tall as all of them.
// The same few row elements are drawn again as the view moves. Each row says its place
// (aria-posinset, aria-setsize), so a screen reader still hears "line 12 of 50,000".

/**
 * Rows [start, end) to draw for a view `height` px tall scrolled to `top`: those in view and
 * 4 more on each side. A `top` past the end (the list just became shorter) counts as the end.
 */
export function rowsInView(top: number, height: number, row: number, count: number): [number, number] {
  const start = Math.max(0, Math.floor(Math.min(top, count * row - height) / row) - 4);
  return [Math.min(start, count), Math.min(count, Math.ceil((top + height) / row) + 4)];
}

/** The scroll position that brings row `i` wholly into view, moving as little as possible. */
export function scrollToRow(i: number, top: number, height: number, row: number): number {
  const y = i * row;
  return y < top ? y : y + row > top + height ? y + row - height : top;
}

export class VirtualList {
  count = 0;
  #rows: HTMLLIElement[] = [];
  #start = 0;

  /**
   * `scroller` scrolls and holds `list` alone; `draw(li, i)` fills a row element with row
   * `i` (its text, class and data; its place is set here).
   */
  constructor(
    readonly scroller: HTMLElement,
    readonly list: HTMLOListElement,
    private row: number,
    private draw: (li: HTMLLIElement, i: number) => void,
  ) {
    list.style.setProperty('--pg-row', `${row}px`);
    scroller.addEventListener('scroll', () => this.render());
    new ResizeObserver(() => this.render()).observe(scroller);
  }

  /** There are `n` rows now; those in view are drawn again. */
  size(n: number): void {
    this.count = n;
    this.render();
  }

  /** The index of the row that has the keyboard focus, or -1. */
  focused(): number {
    const k = this.#rows.indexOf((this.list.getRootNode() as Document | ShadowRoot).activeElement as HTMLLIElement);
    return k < 0 ? k : this.#start + k;
  }

  /** Gives row `i` the keyboard focus, scrolled into view first unless `scroll` is false (then, while it is out of view, the scroller has the focus). */
  focus(i: number, scroll = true): void {
    if (scroll) this.reveal(i);
    else this.render();
    (this.#rows[i - this.#start] ?? this.scroller).focus({ preventScroll: true });
  }

  /** Scrolls row `i` into view; draws the rows in view. */
  reveal(i: number): void {
    const s = this.scroller;
    s.scrollTop = scrollToRow(i, s.scrollTop, s.clientHeight, this.row);
    this.render();
  }

  /** Draws the rows in view, reusing the row elements. */
  render(): void {
    const { scroller: s, list, row } = this;
    const rows = this.#rows;
    const active = this.focused();
    const [start, end] = rowsInView(s.scrollTop, s.clientHeight, row, this.count);
    while (rows.length < end - start) rows.push(list.appendChild(document.createElement('li')));
    while (rows.length > end - start) rows.pop()!.remove();
    this.#start = start;
    list.style.padding = `${start * row}px 0 ${(this.count - end) * row}px`;
    rows.forEach((li, k) => {
      li.setAttribute('aria-posinset', `${start + k + 1}`);
      li.setAttribute('aria-setsize', `${this.count}`);
      this.draw(li, start + k);
    });
    // The focused row keeps the focus as the elements move under it; once it is out of
    // view, the scroller has it, so the keyboard stays in the list.
    if (active >= 0) (rows[active - start] ?? s).focus({ preventScroll: true });
  }
}
