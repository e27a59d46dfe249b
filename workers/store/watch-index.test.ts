/**
 * Indexed watches (pods by spec.nodeName): an indexed watcher hears exactly the events an unindexed
 * watcher filtered by "object or previous object has the value" hears, live and from history.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { SeededRng } from '../sim/rng';
import { Store } from './store';
import type { StoreEvent } from './types';
import type { WatchIndex } from './watch-hub';

const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
const index = (value: string): WatchIndex => ({ name: 'spec.nodeName', value, of: nodeOf });
const pod = (name: string, nodeName?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: nodeName ? { nodeName } : {} });
const key = (name: string) => `/registry/pods/ns/${name}`;
const brief = (e: StoreEvent) => `${e.revision} ${e.type} ${e.key}`;

describe('indexed watches', () => {
  it('hear their own value, and moves into and out of it', () => {
    const s = new Store();
    const a: string[] = [];
    const unscheduled: string[] = [];
    s.watch('/registry/pods/', 0, (e) => a.push(brief(e)), index('node-a'));
    s.watch('/registry/pods/', 0, (e) => unscheduled.push(brief(e)), index(''));
    s.create(key('p'), pod('p'));
    s.update(key('p'), pod('p', 'node-a'));
    s.create(key('q'), pod('q', 'node-b'));
    s.delete(key('p'));
    expect(a).toEqual(['2 MODIFIED /registry/pods/ns/p', '4 DELETED /registry/pods/ns/p']);
    expect(unscheduled).toEqual(['1 ADDED /registry/pods/ns/p', '2 MODIFIED /registry/pods/ns/p']);
  });

  it('match a filtered unindexed watcher over random writes, live and replayed (seeded)', () => {
    const rng = new SeededRng(99);
    const s = new Store();
    const values = ['', 'node-a', 'node-b', 'node-c'];
    const want = new Map(values.map((v) => [v, [] as string[]]));
    const got = new Map(values.map((v) => [v, [] as string[]]));
    s.watch('/registry/pods/', 0, (e) => {
      for (const v of values) if (nodeOf(e.object) === v || (e.prevObject && nodeOf(e.prevObject) === v)) want.get(v)!.push(brief(e));
    });
    for (const v of values) s.watch('/registry/pods/', 0, (e) => got.get(v)!.push(brief(e)), index(v));
    const live = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const name = `p${rng.int(20)}`;
      const node = values[rng.int(values.length)] || undefined;
      if (!live.has(name)) {
        s.create(key(name), pod(name, node));
        live.add(name);
      } else if (rng.int(4) === 0) {
        s.delete(key(name));
        live.delete(name);
      } else s.update(key(name), pod(name, node));
    }
    for (const v of values) expect(got.get(v), `value "${v}"`).toEqual(want.get(v));
    // A watcher started later replays the same events from history.
    for (const v of values) {
      const replay: string[] = [];
      const w = s.watch('/registry/pods/', 0, (e) => replay.push(brief(e)), index(v));
      w.cancel();
      expect(replay, `replay of "${v}"`).toEqual(want.get(v));
    }
  });

  it('stop hearing once cancelled', () => {
    const s = new Store();
    const a: string[] = [];
    const w = s.watch('/registry/pods/', 0, (e) => a.push(brief(e)), index('node-a'));
    s.create(key('p'), pod('p', 'node-a'));
    w.cancel();
    s.update(key('p'), pod('p', 'node-a'));
    expect(a).toEqual(['1 ADDED /registry/pods/ns/p']);
    expect(s.watcherCount).toBe(0);
  });
});
