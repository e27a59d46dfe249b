import { describe, expect, it } from 'vitest';
import { SessionMeta } from './session-meta';

describe('SessionMeta', () => {
  it('round-trips the seed and virtual time, keeping the latest save', async () => {
    const meta = new SessionMeta('session-meta-test-1');
    expect(await meta.load()).toBeUndefined();
    await Promise.all([meta.save({ seed: 7, nowMs: 1000 }), meta.save({ seed: 7, nowMs: 2000 })]);
    expect(await meta.load()).toEqual({ seed: 7, nowMs: 2000 });
    await meta.clear();
    expect(await meta.load()).toBeUndefined();
  });

  it('keeps the session scenario beside the clock; the last save wins; clear forgets it', async () => {
    const meta = new SessionMeta('session-meta-test-2');
    expect(await meta.loadScenario()).toBeUndefined();
    const scenario = { version: 1 as const, seed: 7, script: [{ at: 1000, action: { type: 'cordon' as const, node: 'worker-1' } }] };
    void meta.saveScenario({ scenario: { version: 1, seed: 7 }, startMs: 5, recorded: 0 });
    await meta.saveScenario({ scenario, startMs: 5, recorded: 1, builtin: 'hello-nginx' });
    await meta.save({ seed: 7, nowMs: 3000 });
    expect(await meta.loadScenario()).toEqual({ scenario, startMs: 5, recorded: 1, builtin: 'hello-nginx' });
    expect(await meta.load()).toEqual({ seed: 7, nowMs: 3000 });
    await meta.clear();
    expect(await meta.loadScenario()).toBeUndefined();
  });
});
