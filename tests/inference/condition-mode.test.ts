import { describe, expect, it } from 'vitest';
import { AmbientMode, AmbientOutcome, ConditionMode, ambientModeFor, conditionModeFor } from '../../main/contract/condition-mode';
import { Ambient, GenerateResult } from '../../main/contract/domains/inference';
import { Condition } from '../../main/contract/domains/project-doc';

// One word per meaning (issue 19 item 4): the user's ConditionMode, the request's AmbientMode, the result's
// AmbientOutcome, and the one mapping between the user's words and the engine's.
describe('condition modes', () => {
  it('a span without its own clip asks for the cleanest clip (clean) or a match (joint, custom)', () => {
    expect(ConditionMode.options.map((m) => [m, ambientModeFor(m)])).toEqual([['clean', 'low'], ['joint', 'auto'], ['custom', 'auto']]);
  });

  it('every outcome reads back in the user\'s words; asking for a mode and reading back what was used agree', () => {
    expect(AmbientOutcome.options.map((o) => [o, conditionModeFor(o)])).toEqual([
      ['auto', 'joint'], ['low', 'clean'], ['none', 'custom'], ['file', 'custom'], ['low-fallback', 'clean'],
    ]);
    for (const m of ['clean', 'joint'] as const) expect(conditionModeFor(ambientModeFor(m))).toBe(m);
  });

  it('the request, the result and the document use these enums (and refuse the other\'s words)', () => {
    expect(Ambient.safeParse({ mode: 'low' }).success).toBe(true);
    expect(Ambient.safeParse({ mode: 'clean' }).success).toBe(false);
    expect(AmbientMode.options).toEqual(AmbientOutcome.options.filter((o) => o !== 'low-fallback'));
    expect(GenerateResult.shape.condition.shape.mode.options).toEqual(AmbientOutcome.options);
    expect(Condition.safeParse({ mode: 'clean', source: null }).success).toBe(true);
    expect(Condition.safeParse({ mode: 'low', source: null }).success).toBe(false);
  });
});
