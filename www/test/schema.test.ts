// docs/scenario.schema.json against every scenario the project ships: the examples, the
// model checker's models, the benchmark, and the scenario inside every exercise. The
// schema is a contract beside docs/scenario.md; a field the simulator reads and the schema
// refuses (or the other way round) fails here.
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import schema from '../../docs/scenario.schema.json';

const files = import.meta.glob(['../../examples/scenarios/*.json', '../../examples/check/*.json', '../../examples/check/counterexamples/*.json', '../../examples/bench/*.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const exercises = import.meta.glob('../../examples/exercises/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('the scenario JSON Schema', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  const errors = (name: string, scenario: unknown) =>
    validate(scenario) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);

  it('accepts every example, check model and benchmark scenario', () => {
    expect(Object.keys(files).length).toBeGreaterThan(20);
    expect(Object.entries(files).flatMap(([name, text]) => errors(name, JSON.parse(text)))).toEqual([]);
  });

  it('accepts the scenario of every exercise', () => {
    expect(Object.entries(exercises).flatMap(([name, text]) => errors(name, JSON.parse(text).scenario))).toEqual([]);
  });

  it('refuses what the simulator refuses: an unknown field, Flexible Paxos without a quorum', () => {
    const island = JSON.parse(files['../../examples/scenarios/island-race.json']!);
    expect(validate({ ...island, quorom: 2 })).toBe(false);
    expect(validate({ ...island, quorums: { prepare: 2 } })).toBe(false);
    expect(validate({ ...island, broken: ['no-such-variant'] })).toBe(false);
  });
});
