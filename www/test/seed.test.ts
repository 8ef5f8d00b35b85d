// The seed field's rule (controls.ts): a seed is a whole number from 0 to 2^53 - 1, the
// simulator's MAX_SEED (crates/paxos-sim/src/scenario.rs); any other text is refused.
import { describe, expect, it } from 'vitest';
import { seedOk } from '../src/basic/controls';

describe('seedOk', () => {
  it('takes the whole numbers from 0 to 2^53 - 1', () => {
    for (const text of ['0', '42', '007', '9007199254740991']) expect([text, seedOk(text)]).toEqual([text, true]);
  });

  it('refuses what a number field holds for 1e400 (nothing), negatives, fractions, and numbers past 2^53 - 1', () => {
    for (const text of ['', '-5', '1.5', '1e3', '9007199254740992', '9007199254740993', ' 5', 'x']) expect([text, seedOk(text)]).toEqual([text, false]);
  });
});
