// The Multi-Paxos example scenarios, bundled as text (examples/scenarios/multi-*.json):
// four stories of the log and ZooKeeper's lock and leader election recipes.

import failover from '../../../examples/scenarios/multi-leader-failover.json?raw';
import stale from '../../../examples/scenarios/multi-stale-read-then-sync.json?raw';
import finishes from '../../../examples/scenarios/multi-new-leader-finishes-slot.json?raw';
import twoLeaders from '../../../examples/scenarios/multi-two-leaders.json?raw';
import lock from '../../../examples/scenarios/multi-lock-recipe.json?raw';
import election from '../../../examples/scenarios/multi-leader-election-recipe.json?raw';

export interface MultiScenario {
  id: string;
  title: string;
  description: string;
  text: string;
}

function scenario(id: string, text: string): MultiScenario {
  const json = JSON.parse(text) as { title?: string; description?: string };
  return { id, title: json.title ?? id, description: json.description ?? '', text };
}

export const SCENARIOS: MultiScenario[] = [
  scenario('multi-leader-failover', failover),
  scenario('multi-stale-read-then-sync', stale),
  scenario('multi-new-leader-finishes-slot', finishes),
  scenario('multi-two-leaders', twoLeaders),
  scenario('multi-lock-recipe', lock),
  scenario('multi-leader-election-recipe', election),
];
