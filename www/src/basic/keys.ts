// The playground's keyboard shortcuts (listed in the "?" dialog, help.ts): space plays or
// pauses, ←/→ step through time, M the manual network, N/D/X/C pick and move messages, B
// the branch before, I the inspector, A announcements, ? the dialog. Keys typed into a field,
// or inside an open menu or dialog, are not the playground's.

import type { Playground } from '../core/api';
import type { Controller } from '../core/controller';
import type { MsgAction } from './inflight';
import { t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { msgLabel } from './labels';

export interface KeyHost {
  ctl: Controller;
  api: Playground;
  root: HTMLElement;
  /** Whether keys act now (interactive, no dialog open or on its way). */
  listening(): boolean;
  /** A control's request: its failure shows in the error banner. */
  ui<T>(p: Promise<T>): Promise<T>;
  forwardBy(n: number): Promise<unknown>;
  msgAct(kind: MsgAction, id: number): Promise<unknown>;
  /** The message ids in the in-flight list's order. */
  flightIds(): number[];
  say(text: string): void;
  toggleManual(): void;
  toggleAnnouncements(): void;
  nextInspected(): void;
  help(): void;
}

/** Listens to the document's keys until the returned function is called. */
export function listenToKeys(k: KeyHost): () => void {
  const { ctl, ui } = k;

  function selectNext(dir: 1 | -1): void {
    const ids = k.flightIds();
    if (!ids.length) return k.say(t('pg.noFlight'));
    const selected = ctl.selected;
    const i = selected === null ? -1 : ids.indexOf(selected);
    const next = ids[i < 0 ? (dir === 1 ? 0 : ids.length - 1) : (i + dir + ids.length) % ids.length]!;
    ctl.select(next);
    const f = ctl.snapshot?.inFlight.find((m) => m.id === next);
    if (f) k.say(t('pg.selected', { msg: msgLabel(f.msg), from: f.from, to: f.to }));
  }

  function onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || !k.listening()) return;
    // Inside a shadow root (the <paxos-playground> element) only keys pressed inside count:
    // several playgrounds can share a page.
    const target = (e.composedPath()[0] ?? e.target) as HTMLElement;
    const page = !(k.root.getRootNode() instanceof ShadowRoot) && (target === document.body || target === document.documentElement);
    if (!(page || k.root.contains(target))) return;
    // Keys inside an open dialog are its own; one just closed may still hold the focus for a
    // moment (it hands it back on its close event): those keys are the playground's.
    if (target.closest('.pg-menu, dialog[open]')) return;
    const tag = target.tagName;
    const type = tag === 'INPUT' ? (target as HTMLInputElement).type : '';
    if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable || (tag === 'INPUT' && !['range', 'checkbox', 'file', 'button'].includes(type))) return;
    const activates = tag === 'BUTTON' || tag === 'A' || tag === 'INPUT' || target.getAttribute('role') === 'button' || target.closest('.pg-log-list') !== null;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const hist = ctl.history;
    switch (key) {
      case ' ':
        if (activates) return;
        if (ctl.playing) k.api.pause();
        else k.api.play();
        break;
      case 'ArrowLeft':
        if (type === 'range') return;
        ui(k.api.back(e.shiftKey ? 10 : 1));
        break;
      case 'ArrowRight':
        if (type === 'range') return;
        ui(e.shiftKey ? k.forwardBy(10) : k.api.forward());
        break;
      case 'm':
        k.toggleManual();
        break;
      case 'n':
        selectNext(e.shiftKey ? -1 : 1);
        break;
      case 'd':
      case 'x':
      case 'c':
        if (ctl.selected === null) {
          k.say(t('pg.selectFirst'));
          break;
        }
        ui(k.msgAct(key === 'd' ? 'deliver' : key === 'x' ? 'drop' : 'duplicate', ctl.selected));
        break;
      case 'b':
        if (hist && hist.branches.length > 1) {
          const prev = ctl.previousBranch;
          const to = prev !== null && prev !== hist.branch ? prev : (hist.branches[hist.branch]?.parent ?? (hist.branch === 0 ? 1 : 0));
          ui(k.api.switchBranch(to));
        }
        break;
      case 'i':
        k.nextInspected();
        break;
      case 'a':
        k.toggleAnnouncements();
        break;
      case '?':
        k.help();
        break;
      case 'Escape':
        if (ctl.selected === null) return;
        ctl.select(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
