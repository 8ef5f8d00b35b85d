// Share links and files (docs/sharing.md): the Share button of the playback bar, the
// "Scenario and trace files" section (export and open a scenario, export and open a trace),
// the messages they give, and the trace viewer, a read-only reader of a paxos-trace file
// that steps through its lines as sentences. Nothing here simulates: a link or a scenario
// goes to the simulator; a trace file is only read.

import './share.css';
import { h, setText, uid } from './dom';
import { L, t, type Message } from './i18n';
import { decodeShare, encodeShare, fileRefusal, seedOf, shareParam, type Recording } from './share';
import { readTrace, traceSummary, type TraceFile } from './tracefile';
import { Narrator, type Sentence } from './sentences';
import { timeText } from './labels';

export interface ShareActions {
  recording(): Recording | null;
  replay(recording: Recording): Promise<unknown>;
  load(scenario: string): Promise<unknown>;
  scenario(): string;
  exportTrace(): Promise<void>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Saves `text` as a file named `name`. */
function save(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `event 12 of 40` */
const positionText = (at: { position: number; length: number }) => `event ${at.position} of ${at.length}`;

/** A page URL with its fragment replaced. */
const withFragment = (fragment: string) => `${location.href.replace(/#.*$/, '')}#${fragment}`;

export class SharePanel {
  /** The Share button, for the playback bar. */
  readonly shareBtn = h('button', { type: 'button', class: 'pg-btn pg-share-btn', title: L('sh.shareTitle') }, L('sh.share'));
  /** Messages about links, for the banners above the island. */
  readonly notice: HTMLElement;
  /** The files section, for the settings row. */
  readonly el: HTMLElement;
  private alert = h('p', { class: 'pg-share-text' });
  private status = h('p', { class: 'pg-share-text' });
  private alertBox: HTMLElement;
  private statusBox: HTMLElement;
  private exportScenarioBtn = h('button', { type: 'button', class: 'pg-btn' }, L('sh.exportScenario'));
  private exportTraceBtn = h('button', { type: 'button', class: 'pg-btn' }, L('m.export'));
  private scenarioIn = h('input', { type: 'file', accept: '.json,application/json', class: 'pg-file' });
  private traceIn = h('input', { type: 'file', accept: '.jsonl,.json,.txt,application/jsonl,application/x-ndjson,text/plain', class: 'pg-file' });
  private fileError = h('p', { class: 'pg-error', role: 'alert' });
  private fileStatus = h('p', { class: 'pg-hint pg-file-status', role: 'status' });
  private viewer = new TraceViewer();

  constructor(private act: ShareActions) {
    const dismiss = (box: () => HTMLElement) => {
      const b = h('button', { type: 'button', class: 'pg-btn pg-mini pg-share-close', 'aria-label': L('sh.dismiss') }, '×');
      b.addEventListener('click', () => (box().hidden = true));
      return b;
    };
    this.alertBox = h('div', { class: 'pg-banner pg-banner-error pg-share-notice', role: 'alert', hidden: true }, this.alert, dismiss(() => this.alertBox));
    this.statusBox = h('div', { class: 'pg-banner pg-share-notice pg-share-ok', role: 'status', hidden: true }, this.status, dismiss(() => this.statusBox));
    this.notice = h('div', { class: 'pg-share-notices' }, this.alertBox, this.statusBox);

    const fieldOf = (label: Message, input: HTMLInputElement) => {
      input.id = uid('pg-f');
      return h('div', { class: 'pg-field' }, h('label', { for: input.id }, label), input);
    };
    const heading = uid('pg-h');
    this.el = h(
      'section',
      { class: 'pg-section pg-files', 'aria-labelledby': heading },
      h('h2', { id: heading }, L('sh.files')),
      h(
        'div',
        { class: 'pg-files-row' },
        h('div', { class: 'pg-row pg-files-buttons' }, this.exportScenarioBtn, this.exportTraceBtn),
        fieldOf(L('sh.openScenario'), this.scenarioIn),
        fieldOf(L('sh.openTrace'), this.traceIn),
      ),
      this.fileError,
      this.fileStatus,
      h(
        'p',
        { class: 'pg-hint' },
        L('sh.filesHint'),
      ),
      this.viewer.el,
    );

    this.shareBtn.addEventListener('click', () => void this.share());
    this.exportScenarioBtn.addEventListener('click', () => this.exportScenario());
    this.exportTraceBtn.addEventListener('click', () => {
      this.clearFileMessages();
      this.act.exportTrace().catch((e: unknown) => setText(this.fileError, t('sh.exportFailed', { error: messageOf(e) })));
    });
    this.scenarioIn.addEventListener('change', () => this.picked(this.scenarioIn, (f, t) => this.openScenario(f, t)));
    this.traceIn.addEventListener('change', () => this.picked(this.traceIn, (f, t) => this.openTrace(f, t)));
    this.enable(false);
  }

  enable(on: boolean): void {
    for (const c of [this.shareBtn, this.exportScenarioBtn, this.exportTraceBtn, this.scenarioIn, this.traceIn]) c.disabled = !on;
  }

  // ---- Links ---------------------------------------------------------------------------

  /** The link to this exact moment. */
  async link(): Promise<string> {
    const r = this.act.recording();
    if (!r) throw new Error(t('sh.nothingLoaded'));
    return withFragment(await encodeShare(r));
  }

  private async share(): Promise<void> {
    this.alertBox.hidden = true;
    let url: string;
    try {
      url = await this.link();
    } catch (e) {
      return this.say(t('sh.linkFailed', { error: messageOf(e) }));
    }
    history.replaceState(history.state, '', url);
    const at = this.act.recording()?.at;
    const where = at ? t('sh.where', { position: positionText(at), step: String(at.step) }) : t('sh.thisMoment');
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // no clipboard (permission, an insecure page): the address bar has it
    }
    this.tell(t(copied ? 'sh.copied' : 'sh.inBar', { where, n: url.length }));
  }

  /** Opens a share fragment: the whole of it is read first, then replayed. */
  async open(fragment: string): Promise<void> {
    const value = shareParam(fragment);
    if (value === null) return;
    this.alertBox.hidden = true;
    this.statusBox.hidden = true;
    let rec: Recording;
    try {
      rec = await decodeShare(value);
    } catch (e) {
      this.say(t('sh.cannotOpenUnchanged', { error: messageOf(e) }));
      throw e;
    }
    try {
      await this.act.replay(rec);
    } catch (e) {
      this.say(t('sh.cannotOpen', { error: messageOf(e) }));
      throw e;
    }
    this.tell(t('sh.opened', { position: positionText(rec.at), step: String(rec.at.step), time: timeText(rec.at.now) }));
  }

  private say(text: string): void {
    this.statusBox.hidden = true;
    setText(this.alert, text);
    this.alertBox.hidden = false;
  }

  private tell(text: string): void {
    setText(this.status, text);
    this.statusBox.hidden = false;
  }

  // ---- Files ---------------------------------------------------------------------------

  private clearFileMessages(): void {
    setText(this.fileError, '');
    setText(this.fileStatus, '');
  }

  /** Reads a picked file, refusing one that is too big or empty before reading it. */
  private picked(input: HTMLInputElement, use: (file: File, text: string) => Promise<void>): void {
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    this.clearFileMessages();
    const refused = fileRefusal(f.size);
    if (refused) {
      setText(this.fileError, t('sh.fileRefused', { file: f.name, error: refused }));
      return;
    }
    f.text().then(
      (text) => use(f, text),
      (e: unknown) => setText(this.fileError, t('sh.fileUnreadable', { file: f.name, error: messageOf(e) })),
    );
  }

  private async openScenario(f: File, text: string): Promise<void> {
    if (!text.trim()) {
      setText(this.fileError, t('sh.fileEmpty', { file: f.name }));
      return;
    }
    try {
      await this.act.load(text);
      setText(this.fileStatus, t('sh.openedFile', { file: f.name }));
    } catch (e) {
      setText(this.fileError, t('sh.fileLoadFailed', { file: f.name, error: messageOf(e) }));
    }
  }

  private async openTrace(f: File, text: string): Promise<void> {
    let trace: TraceFile;
    try {
      trace = readTrace(text);
    } catch (e) {
      setText(this.fileError, t('sh.notTrace', { file: f.name, error: messageOf(e) }));
      return;
    }
    setText(this.fileStatus, t('sh.reading', { file: f.name }));
    this.viewer.show(f.name, trace);
  }

  private exportScenario(): void {
    this.clearFileMessages();
    const text = this.act.scenario();
    let out = text;
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      // The seed is written out, even when the scenario left it to its default.
      if (!('seed' in o)) out = JSON.stringify({ ...o, seed: seedOf(text) }, null, 2);
    } catch {
      // what was loaded is what is saved
    }
    save(out.endsWith('\n') ? out : `${out}\n`, 'paxos-scenario.json', 'application/json');
  }
}

/** The trace reader: a dialog that steps through a trace file's lines, as sentences. */
export class TraceViewer {
  readonly el: HTMLDialogElement;
  private title = h('h2', { id: uid('pg-h') });
  private summary = h('p', { class: 'pg-hint' });
  private range = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, class: 'pg-viewer-range', 'aria-label': L('sh.line') });
  private where = h('output', { class: 'pg-viewer-where' });
  private now = h('p', { class: 'pg-viewer-now', 'aria-live': 'polite' });
  private raw = h('pre', { class: 'pg-viewer-raw' });
  private list = h('ol', { class: 'pg-viewer-list', 'aria-label': L('sh.everyLine') });
  private buttons: Record<'first' | 'prev' | 'next' | 'last', HTMLButtonElement>;
  private trace: TraceFile | null = null;
  private sentences: Sentence[] = [];
  private at = 0;

  constructor() {
    const btn = (label: Message, text: string, to: () => number) => {
      const b = h('button', { type: 'button', class: 'pg-btn', 'aria-label': label }, ...text.split(/([◀▶])/).map((x) => (/[◀▶]/.test(x) ? h('span', { 'aria-hidden': 'true' }, x) : x)));
      b.addEventListener('click', () => this.go(to()));
      return b;
    };
    this.buttons = {
      first: btn(L('sh.firstLine'), t('sh.first'), () => 0),
      prev: btn(L('sh.prevLine'), t('sh.prev'), () => this.at - 1),
      next: btn(L('sh.nextLine'), t('sh.next'), () => this.at + 1),
      last: btn(L('sh.lastLine'), t('sh.last'), () => this.sentences.length),
    };
    this.range.addEventListener('input', () => this.go(Number(this.range.value)));
    this.where.htmlFor.add((this.range.id = uid('pg-r')));
    this.list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest('li');
      if (li?.dataset['index']) this.go(Number(li.dataset['index']));
    });
    const close = h('button', { type: 'submit', class: 'pg-btn pg-primary' }, L('help.close'));
    this.el = h(
      'dialog',
      { class: 'pg-help pg-viewer', 'aria-labelledby': this.title.id },
      this.title,
      this.summary,
      h('div', { class: 'pg-viewer-nav', role: 'group', 'aria-label': L('sh.move') }, this.buttons.first, this.buttons.prev, this.range, this.buttons.next, this.buttons.last),
      this.where,
      this.now,
      this.raw,
      this.list,
      h('p', { class: 'pg-hint' }, L('sh.readerHint')),
      h('form', { method: 'dialog' }, close),
    );
    this.el.addEventListener('keydown', (e) => {
      if ((e.target as HTMLElement).tagName === 'INPUT') return;
      const to = { ArrowLeft: this.at - 1, ArrowRight: this.at + 1, Home: 0, End: this.sentences.length }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      this.go(to);
    });
  }

  show(name: string, trace: TraceFile): void {
    this.trace = trace;
    this.sentences = new Narrator().narrate(trace.lines);
    setText(this.title, t('sh.traceTitle', { file: name }));
    setText(this.summary, traceSummary(trace));
    this.range.max = String(this.sentences.length);
    this.list.replaceChildren(
      ...this.sentences.map((s, i) =>
        h('li', { 'data-index': i + 1, class: `pg-viewer-line pg-log-${s.kind}` }, h('span', { class: 'pg-viewer-step' }, `${s.step}`), h('span', { class: 'pg-viewer-time' }, timeText(s.time)), ' ', s.text),
      ),
    );
    this.at = -1;
    if (!this.el.open) this.el.showModal();
    this.go(0);
  }

  /** Shows the moment after `i` lines (0: the start, nothing happened yet). */
  go(i: number): void {
    const n = this.sentences.length;
    i = Math.max(0, Math.min(n, Math.round(i)));
    const previous = this.at;
    this.at = i;
    this.range.value = String(i);
    this.buttons.first.disabled = this.buttons.prev.disabled = i === 0;
    this.buttons.next.disabled = this.buttons.last.disabled = i === n;
    // A button that goes disabled would drop the focus: it moves to the slider.
    if (document.activeElement instanceof HTMLButtonElement && document.activeElement.disabled && this.el.contains(document.activeElement)) this.range.focus();
    const s = this.sentences[i - 1];
    const line = this.trace?.lines[i - 1];
    setText(this.where, i === 0 ? t('sh.start', { n }) : t('sh.lineOf', { i, n, step: String(s!.step), time: timeText(s!.time) }));
    setText(this.now, s ? s.text : t('sh.nothingYet'));
    setText(this.raw, line ? JSON.stringify(line) : JSON.stringify(this.trace?.header ?? {}));
    const items = this.list.children;
    if (previous > 0) items[previous - 1]?.removeAttribute('aria-current');
    const li = items[i - 1] as HTMLElement | undefined;
    if (li) {
      li.setAttribute('aria-current', 'step');
      li.scrollIntoView({ block: 'nearest' });
    }
    this.list.classList.toggle('pg-viewer-started', i > 0);
  }
}
