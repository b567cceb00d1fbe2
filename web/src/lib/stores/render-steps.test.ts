import { describe, expect, it } from 'vitest';
import { RenderSteps } from './render-steps.svelte';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('RenderSteps', () => {
  it('builds the first step, then a step more each time', () => {
    const steps = new RenderSteps(200);
    expect(steps.slice(rows(1234))).toHaveLength(200);
    steps.more();
    expect(steps.slice(rows(1234))).toEqual(rows(400));
  });

  it('gives a short list whole', () => {
    const list = rows(12);
    expect(new RenderSteps(200).slice(list)).toBe(list);
  });

  it('reaches a row far down, and a step past it, only when it is not built yet', () => {
    const steps = new RenderSteps(200);
    expect(steps.reach(150)).toBe(false);
    expect(steps.shown).toBe(200);
    expect(steps.reach(1099)).toBe(true);
    expect(steps.slice(rows(1234))).toHaveLength(1234);
    expect(steps.shown).toBe(1299);
  });
});
