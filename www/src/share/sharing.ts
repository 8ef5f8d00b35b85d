// What the Share button, share links and the files section do (docs/sharing.md): make the
// link to this moment and copy it, open a link (read whole, then replayed), export and open
// a scenario, open a trace in the reader (traceviewer.ts). Nothing here simulates: a link or
// a scenario goes to the simulator; a trace file is only read. Fetched on first use; the
// panel it works in (sharepanel.ts) is on the page from the start.

import { adoptStyles, h, saveFile, setText, uid } from '../core/dom';
import { numberText, t } from '../i18n/i18n';
import { decodeShare, encodeShare, fileRefusal, seedOf, shareParam, type Recording } from './share';
import { readTrace, type TraceFile } from './tracefile';
import { TraceViewer } from './traceviewer';
import { timeText } from '../basic/labels';
import { type SharePanel } from './sharepanel';
import { messageOf } from '../core/errors';
import { ReplayNotice } from './replaying';
import '../i18n/i18n-en-share'; // its English texts
import '../i18n/i18n-en-replay'; // its English texts


/** The code a link carries, as it is shown before it runs. */
const CODE_CSS = `.paxos-pg .pg-share-code { max-height: 14em; overflow: auto; font-size: 12px; white-space: pre-wrap;
  background: var(--pg-surface); border: 1px solid var(--pg-line); padding: 6px; }`;

/** A link's replay shows its progress once it has taken this long, ms. */
const SLOW = 300;

/** `event 12 of 40` */
const positionText = (at: { position: number; length: number }) => `event ${at.position} of ${at.length}`;

/** A page URL with its fragment replaced. */
const withFragment = (fragment: string) => `${location.href.replace(/#.*$/, '')}#${fragment}`;

export class Sharing {
  #viewer: TraceViewer | null = null;

  constructor(private readonly panel: SharePanel) {}

  // ---- Links ---------------------------------------------------------------------------

  /** The link to this exact moment. */
  async link(): Promise<string> {
    const r = this.panel.act.recording();
    if (!r) throw new Error(t('sh.nothingLoaded'));
    return withFragment(await encodeShare(r));
  }

  /** The Share button: the link goes to the address bar, and to the clipboard if allowed. */
  async share(): Promise<void> {
    const panel = this.panel;
    panel.hideNotices(true);
    let url: string;
    try {
      url = await this.link();
    } catch (e) {
      return panel.say(t('sh.linkFailed', { error: messageOf(e) }));
    }
    history.replaceState(history.state, '', url);
    const at = panel.act.recording()?.at;
    const where = at ? t('sh.where', { position: positionText(at), step: String(at.step) }) : t('sh.thisMoment');
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // no clipboard (permission, an insecure page): the address bar has it
    }
    panel.tell(t(copied ? 'sh.copied' : 'sh.inBar', { where, n: url.length }));
  }

  /** Opens a share fragment: the whole of it is read first, then replayed. */
  async open(fragment: string): Promise<void> {
    const value = shareParam(fragment);
    if (value === null) return;
    const panel = this.panel;
    panel.hideNotices();
    let rec: Recording;
    try {
      rec = await decodeShare(value);
    } catch (e) {
      panel.say(t('sh.cannotOpenUnchanged', { error: messageOf(e) }));
      throw e;
    }
    // A link that carries a student's node runs its code only if the person says so (the
    // replay then runs on it); one without runs on the playground's own node.
    if (rec.node !== undefined && !(await this.#askToRun(rec.node))) {
      panel.tell(t('sh.nodeSkipped'));
      return;
    }
    // A replay that takes a while shows its progress, and can be stopped where it has come.
    const stop = new AbortController();
    const abort = () => stop.abort();
    const notice = new ReplayNotice('status');
    panel.notice.append(notice.el);
    const start = performance.now();
    let sent = 0;
    const progress = (done: number, total: number) => {
      sent = done;
      if (performance.now() - start > SLOW) notice.progress('rp.opening', done, total, abort);
    };
    try {
      await panel.act.replay(rec, { progress, signal: stop.signal });
    } catch (e) {
      panel.say(t('sh.cannotOpen', { error: messageOf(e) }));
      throw e;
    } finally {
      notice.el.remove();
    }
    if (sent < rec.requests.length) {
      const at = panel.act.recording()?.at ?? rec.at;
      const total = numberText(rec.requests.length);
      panel.tell(t('rp.linkStopped', { done: numberText(sent), total, position: positionText(at), step: String(at.step), time: timeText(at.now) }));
      return;
    }
    panel.tell(t('sh.opened', { position: positionText(rec.at), step: String(rec.at.step), time: timeText(rec.at.now) }));
  }

  /** Shows the code a link carries and asks whether to run it. */
  #askToRun(code: string): Promise<boolean> {
    return new Promise((answer) => {
      const run = h('button', { type: 'button', class: 'pg-btn' }, t('sh.nodeRun'));
      const skip = h('button', { type: 'button', class: 'pg-btn pg-primary' }, t('sh.nodeSkip'));
      const question = h('p', { id: uid('pg-ask') }, t('sh.nodeAsk'));
      const shown = h('pre', { class: 'pg-share-code', id: uid('pg-code'), tabindex: 0 }, code);
      const ask = h(
        'div',
        { class: 'pg-banner pg-share-notice', role: 'alertdialog', 'aria-labelledby': question.id, 'aria-describedby': shown.id },
        question,
        shown,
        h('div', { class: 'pg-row' }, run, skip),
      );
      const before = document.activeElement as HTMLElement | null;
      const done = (yes: boolean) => (ask.remove(), before?.focus?.(), answer(yes));
      run.addEventListener('click', () => done(true));
      skip.addEventListener('click', () => done(false));
      ask.addEventListener('keydown', (e) => e.key === 'Escape' && done(false));
      this.panel.notice.append(ask);
      adoptStyles(ask, CODE_CSS); // fetched with this module, not with the page
      // Someone else's code: not running it is the default.
      skip.focus();
    });
  }

  // ---- Files ---------------------------------------------------------------------------

  /** Reads the file picked in `input`, refusing one that is too big or empty before reading it. */
  picked(input: HTMLInputElement, kind: 'scenario' | 'trace'): void {
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    const { fileError } = this.panel;
    this.panel.clearFileMessages();
    const refused = fileRefusal(f.size);
    if (refused) {
      setText(fileError, t('sh.fileRefused', { file: f.name, error: refused }));
      return;
    }
    f.text().then(
      (text) => (kind === 'scenario' ? this.#openScenario(f, text) : this.#openTrace(f, text)),
      (e: unknown) => setText(fileError, t('sh.fileUnreadable', { file: f.name, error: messageOf(e) })),
    );
  }

  async #openScenario(f: File, text: string): Promise<void> {
    const { fileError, fileStatus } = this.panel;
    if (!text.trim()) {
      setText(fileError, t('sh.fileEmpty', { file: f.name }));
      return;
    }
    try {
      await this.panel.act.load(text);
      setText(fileStatus, t('sh.openedFile', { file: f.name }));
    } catch (e) {
      setText(fileError, t('sh.fileLoadFailed', { file: f.name, error: messageOf(e) }));
    }
  }

  #openTrace(f: File, text: string): void {
    let trace: TraceFile;
    try {
      trace = readTrace(text);
    } catch (e) {
      setText(this.panel.fileError, t('sh.notTrace', { file: f.name, error: messageOf(e) }));
      return;
    }
    setText(this.panel.fileStatus, t('sh.reading', { file: f.name }));
    if (!this.#viewer) {
      this.#viewer = new TraceViewer();
      this.panel.el.append(this.#viewer.el);
    }
    this.#viewer.show(f.name, trace);
  }

  exportScenario(): void {
    this.panel.clearFileMessages();
    const text = this.panel.act.scenario();
    let out = text;
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      // The seed is written out, even when the scenario left it to its default.
      if (!('seed' in o)) out = JSON.stringify({ ...o, seed: seedOf(text) }, null, 2);
    } catch {
      // what was loaded is what is saved
    }
    saveFile(out.endsWith('\n') ? out : `${out}\n`, 'paxos-scenario.json', 'application/json');
  }
}
