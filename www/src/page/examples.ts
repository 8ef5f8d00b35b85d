// The example scenario files (examples/scenarios/*.json) and the tour's own
// (www/src/tour/*.json), whole: for the open scenarios menu (scenarios.ts) and the guided tour
// (tour.ts), which load them; both are fetched on first use, and these texts with them.

import { fileKey, scenarioText } from '../i18n/i18n';

const FILES = import.meta.glob('../../../examples/scenarios/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const TOUR_FILES = import.meta.glob('../tour/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface ScenarioFile {
  /** The file name without `.json`. */
  id: string;
  title: string;
  description: string;
  text: string;
  multi: boolean;
}

function read(path: string, text: string): ScenarioFile {
  const id = fileKey(path);
  const json = JSON.parse(text) as { title?: string; description?: string };
  return { id, title: json.title ?? id, description: json.description ?? '', text, multi: id.startsWith('multi-') };
}

/** The stories first, the broken variants last, each group by file name. */
const order = (f: ScenarioFile) => (f.id.startsWith('broken-') ? 1 : 0);
export const EXAMPLE_FILES: ScenarioFile[] = Object.entries(FILES)
  .map(([p, text]) => read(p, text))
  .sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id));
/** The tour's own scenarios (www/src/tour/*.json), by id. */
export const TOUR_SCENARIOS: Record<string, ScenarioFile> = Object.fromEntries(
  Object.entries(TOUR_FILES).map(([p, text]) => {
    const f = read(p, text);
    return [f.id, f];
  }),
);

/** An example's title and description in the current language. */
export const exampleText = (f: ScenarioFile) => scenarioText(f.id, f);
