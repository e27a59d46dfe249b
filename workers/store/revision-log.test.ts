import { describe, expect, it } from 'vitest';
import { TestRng } from '../apiserver/testkit';
import { RevisionLog } from './revision-log';
import type { StoreEvent } from './types';

const KEYS = ['/registry/pods/a/p1', '/registry/pods/b/p2', '/registry/pods/a/p3', '/registry/nodes/n1', '/registry/leases/kube-node-lease/n1', '/registry/podtemplates/a/t', '/top', 'plain'];
const PREFIXES = ['', '/', '/registry/', '/registry/pods', '/registry/pods/', '/registry/pods/a/', '/registry/pods/a/p1', '/registry/nodes/', '/registry/pod', '/registry/missing/', 'plain', '/top'];

function event(key: string, revision: number): StoreEvent {
  return { type: 'ADDED', key, revision, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: key } } };
}

// Following nextUnder from `after` gives the revisions whose keys start with the prefix.
function replay(log: RevisionLog, prefix: string, after: number): number[] {
  const out: number[] = [];
  for (let e = log.nextUnder(prefix, after); e !== undefined; e = log.nextUnder(prefix, e.revision)) if (e.key.startsWith(prefix)) out.push(e.revision);
  return out;
}

describe('RevisionLog.nextUnder', () => {
  it.each([1, 7, 2024])('replays what a scan of every revision finds, across compactions (seed %i)', (seed) => {
    const rng = new TestRng(seed);
    const log = new RevisionLog();
    const keyOf: string[] = [];
    let latest = 0;
    for (let step = 0; step < 12_000; step++) {
      if (rng.int(50) === 0 && latest > log.floor) log.compact(log.floor + 1 + rng.int(latest - log.floor));
      else {
        latest++;
        keyOf[latest] = KEYS[rng.int(KEYS.length)];
        log.push(event(keyOf[latest], latest));
      }
      if (step % 997 !== 0 && step !== 11_999) continue;
      for (const prefix of PREFIXES) {
        // Sometimes from below the floor: the walk starts at the oldest retained revision then.
        const after = Math.max(0, log.floor - 20) + rng.int(latest - log.floor + 21);
        const want: number[] = [];
        for (let r = Math.max(after, log.floor) + 1; r <= latest; r++) if (keyOf[r].startsWith(prefix)) want.push(r);
        expect(replay(log, prefix, after), `seed ${seed}, step ${step}, prefix ${JSON.stringify(prefix)} after ${after}`).toEqual(want);
      }
    }
  });
});
