// Share links and files (docs/sharing.md), as the page first shows them: the Share button of
// the playback bar, the messages about links above the island, and the "Scenario and trace
// files" section (export and open a scenario, export and open a trace). What they do —
// making and opening links, reading files, the trace reader (sharing.ts) — is fetched on
// first use: a press or a picked file waits for it a moment (the control is marked busy).

import { h, setText, uid } from '../core/dom';
import { L, t, type Message } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { busy, once } from '../core/lazy';
import { shareParam, type Recording, type ReplayOptions } from './recorder';
import type { Sharing } from './sharing';
import { messageOf } from '../core/errors';

export interface ShareActions {
  recording(): Recording | null;
  replay(recording: Recording, options?: ReplayOptions): Promise<unknown>;
  load(scenario: string): Promise<unknown>;
  scenario(): string;
  exportTrace(): Promise<void>;
}


export class SharePanel {
  /** The Share button, for the playback bar. */
  readonly shareBtn = h('button', { type: 'button', class: 'pg-btn pg-share-btn', title: L('sh.shareTitle') }, L('sh.share'));
  /** Messages about links, for the banners above the island. */
  readonly notice: HTMLElement;
  /** The files section, for the settings row (the trace reader's dialog goes in it too). */
  readonly el: HTMLElement;
  /** Messages about files, in the files section. */
  readonly fileError = h('p', { class: 'pg-error', role: 'alert' });
  readonly fileStatus = h('p', { class: 'pg-hint pg-file-status', role: 'status' });
  #alert = h('p', { class: 'pg-share-text' });
  #status = h('p', { class: 'pg-share-text' });
  #alertBox: HTMLElement;
  #statusBox: HTMLElement;
  #exportScenarioBtn = h('button', { type: 'button', class: 'pg-btn' }, L('sh.exportScenario'));
  #exportTraceBtn = h('button', { type: 'button', class: 'pg-btn' }, L('m.export'));
  #scenarioIn = h('input', { type: 'file', accept: '.json,application/json', class: 'pg-file' });
  #traceIn = h('input', { type: 'file', accept: '.jsonl,.json,.txt,application/jsonl,application/x-ndjson,text/plain', class: 'pg-file' });
  /** What the controls do, fetched once. */
  #sharing = once(() => import('./sharing').then(({ Sharing }) => new Sharing(this)));

  constructor(readonly act: ShareActions) {
    const dismiss = (box: () => HTMLElement) => {
      const b = h('button', { type: 'button', class: 'pg-btn pg-mini pg-share-close', 'aria-label': L('sh.dismiss') }, '×');
      b.addEventListener('click', () => (box().hidden = true));
      return b;
    };
    this.#alertBox = h('div', { class: 'pg-banner pg-banner-error pg-share-notice', role: 'alert', hidden: true }, this.#alert, dismiss(() => this.#alertBox));
    this.#statusBox = h('div', { class: 'pg-banner pg-share-notice pg-share-ok', role: 'status', hidden: true }, this.#status, dismiss(() => this.#statusBox));
    this.notice = h('div', { class: 'pg-share-notices' }, this.#alertBox, this.#statusBox);

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
        h('div', { class: 'pg-row pg-files-buttons' }, this.#exportScenarioBtn, this.#exportTraceBtn),
        fieldOf(L('sh.openScenario'), this.#scenarioIn),
        fieldOf(L('sh.openTrace'), this.#traceIn),
      ),
      this.fileError,
      this.fileStatus,
      h(
        'p',
        { class: 'pg-hint' },
        L('sh.filesHint'),
      ),
    );

    // Fetched on the first sign of interest in the Share button; a press waits for it. Should
    // the fetch fail, the control's message says so.
    const fetch = () => void this.#sharing().catch(() => {});
    for (const e of ['pointerenter', 'focus'] as const) this.shareBtn.addEventListener(e, fetch, { once: true });
    const fileFailed = () => setText(this.fileError, t('lazy.failed'));
    // A file input keeps its file after a failed fetch: cleared, so picking it again works.
    const pickFailed = (input: HTMLInputElement) => () => {
      input.value = '';
      fileFailed();
    };
    const use = (control: HTMLElement, f: (s: Sharing) => unknown, failed: (e: unknown) => void) => () =>
      void busy(control, this.#sharing()).then(f, failed);
    this.shareBtn.addEventListener(
      'click',
      use(this.shareBtn, (s) => s.share(), (e) => this.say(t('sh.linkFailed', { error: messageOf(e) }))),
    );
    this.#exportScenarioBtn.addEventListener('click', use(this.#exportScenarioBtn, (s) => s.exportScenario(), fileFailed));
    this.#exportTraceBtn.addEventListener('click', () => {
      this.clearFileMessages();
      this.act.exportTrace().catch((e: unknown) => setText(this.fileError, t('sh.exportFailed', { error: messageOf(e) })));
    });
    this.#scenarioIn.addEventListener('change', use(this.#scenarioIn, (s) => s.picked(this.#scenarioIn, 'scenario'), pickFailed(this.#scenarioIn)));
    this.#traceIn.addEventListener('change', use(this.#traceIn, (s) => s.picked(this.#traceIn, 'trace'), pickFailed(this.#traceIn)));
    this.enable(false);
  }

  enable(on: boolean): void {
    for (const c of [this.shareBtn, this.#exportScenarioBtn, this.#exportTraceBtn, this.#scenarioIn, this.#traceIn]) c.disabled = !on;
  }

  /** The link to this exact moment. */
  async link(): Promise<string> {
    return (await this.#sharing()).link();
  }

  /** Opens a share fragment (nothing to do, and nothing fetched, when it holds no link). */
  async open(fragment: string): Promise<void> {
    if (shareParam(fragment) === null) return;
    let sharing: Sharing;
    try {
      sharing = await this.#sharing();
    } catch (e) {
      this.say(t('sh.cannotOpenUnchanged', { error: messageOf(e) }));
      throw e;
    }
    await sharing.open(fragment);
  }

  // ---- Messages ------------------------------------------------------------------------

  /** An alert above the island (a link that cannot be made or opened). */
  say(text: string): void {
    this.#statusBox.hidden = true;
    setText(this.#alert, text);
    this.#alertBox.hidden = false;
  }

  /** A status above the island (a link made or opened). */
  tell(text: string): void {
    setText(this.#status, text);
    this.#statusBox.hidden = false;
  }

  /** Hides the alert, and the status unless `keepStatus`. */
  hideNotices(keepStatus = false): void {
    this.#alertBox.hidden = true;
    if (!keepStatus) this.#statusBox.hidden = true;
  }

  clearFileMessages(): void {
    setText(this.fileError, '');
    setText(this.fileStatus, '');
  }
}
