/** Every built-in scenario is a valid scenario with a title and a plain-text description, and survives a share link. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, builtinScenario } from './builtins';
import { decodeShareLink, encodeShareLink } from './share-link';

describe('built-in scenarios', () => {
  it('are the eight lessons of issue 4, in menu order', () => {
    expect(BUILTIN_SCENARIOS.map((b) => b.id)).toEqual([
      'hello-nginx',
      'scale-up-and-down',
      'rolling-update-and-rollback',
      'node-failure-and-self-healing',
      'pod-that-does-not-fit',
      'taints-tolerations-and-node-affinity',
      'service-load-balancing',
      'crash-loop-and-image-pull-back-off',
    ]);
    expect(builtinScenario('nope')).toBeUndefined();
  });

  it.each(BUILTIN_SCENARIOS.map((b) => [b.id]))('%s validates, with a title and a short plain-text description', async (id) => {
    const s = builtinScenario(id)!;
    expect(s.title).toMatch(/^[A-Z]/);
    expect(s.description!.length).toBeGreaterThan(80);
    expect(s.description!.length).toBeLessThan(700);
    expect(s.description).not.toMatch(/[<>]/);
    expect(s.manifests).toBeTruthy();
    expect(s.cluster?.nodes?.length).toBeGreaterThanOrEqual(3);
    expect(await decodeShareLink(await encodeShareLink(s))).toEqual(s);
  });
});
