// Pure helpers of the Check panel and the Exercises menu (tested in www/test/classroom.test.ts).

import type { CheckGoal, CheckView } from '../core/protocol';
import { t } from '../i18n/i18n';
import '../i18n/i18n-en-classroom'; // its English texts
import './classroom.css'; // its styles, on the standalone page (the element has no classroom)

export interface Exercise {
  id: string;
  title: string;
  task: string;
  hints: string[];
  teacher: string;
  manual: boolean;
  /** The file's text, sent as is with loadExercise. */
  text: string;
}

/** Reads a paxos-exercise file; throws on anything else. */
export function parseExercise(text: string): Exercise {
  const x = JSON.parse(text) as Record<string, unknown>;
  if (x['format'] !== 'paxos-exercise' || typeof x['id'] !== 'string') throw new Error('not a paxos-exercise file');
  const scenario = (x['scenario'] ?? {}) as { network?: { mode?: string } };
  return {
    id: x['id'],
    title: String(x['title'] ?? x['id']),
    task: String(x['task'] ?? ''),
    hints: Array.isArray(x['hints']) ? x['hints'].map(String) : [],
    teacher: String(x['teacher'] ?? ''),
    manual: scenario.network?.mode === 'manual',
    text,
  };
}

export const doneKey = (id: string) => `paxos-playground:done:${id}`;

/** The one-line result of a check run. */
export function checkResult(r: CheckView, goal: CheckGoal['type']): string {
  switch (r.outcome) {
    case 'running':
      return t('cl.running');
    case 'exhausted':
      return goal === 'violation' || goal === 'breaks'
        ? t('cl.noViolation', { n: r.distinct })
        : t('cl.unreachable');
    case 'bounded':
      return t('cl.bounded');
    case 'found': {
      const what = [r.property, r.detail].filter(Boolean).join(': ') || t('cl.theGoal');
      const k = r.moves ?? 0;
      return k === 1 ? t('cl.foundOne', { what }) : t('cl.found', { what, n: k });
    }
  }
}

/** The progress line: explored, distinct, depth, states per second. */
export function progressText(r: CheckView, seconds: number): string {
  const rate = seconds > 0 ? Math.round(r.explored / seconds) : 0;
  return t('cl.progress', { explored: r.explored, distinct: r.distinct, depth: String(r.depth), rate });
}

export function specText(a: { distinct: number; generated: number; depth: number; safe: boolean }): string {
  const same = a.distinct === 3921 && a.generated === 23563 && a.depth === 17 ? t('cl.sameTlc') : '';
  return t('cl.spec', { distinct: a.distinct, generated: a.generated, depth: String(a.depth) }) + same + (a.safe ? '' : t('cl.unsafe'));
}
