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
});
