import { describe, expect, it } from 'vitest';
import { Code, newStatus } from './framework/status';
import { expandAttempt, newAttemptRecord, sealRecord, SchedulingResultsStore, type AttemptRecord } from './results';

function attempt(pod: string, timeMs: number, nodes: string[] = ['a', 'b']): AttemptRecord {
  const r = newAttemptRecord();
  Object.assign(r, { pod, uid: `uid-${pod}`, profile: 'default-scheduler', attempt: 1, timeMs, outcome: 'Scheduled', message: 'ok', selectedNode: nodes[0] });
  r.filterPlugins = ['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit'];
  r.nodeList = nodes.map((name) => ({ name }));
  r.rows = Int32Array.from(nodes.keys());
  return r;
}

describe('expandAttempt', () => {
  it('turns the compact record into per-node filter and score rows', () => {
    const r = attempt('default/p', 5, ['a', 'b', 'c']);
    r.failedRows.push(1);
    r.failedStatuses.push(newStatus(Code.UnschedulableAndUnresolvable, 'node(s) had untolerated taint {k: }').withPlugin('TaintToleration'));
    const f = (...xs: number[]) => Float64Array.from(xs);
    r.scores = {
      rows: Int32Array.of(0, 2),
      perPlugin: [
        { plugin: 'NodeResourcesFit', weight: 1, raw: f(50, 70), normalized: f(50, 70) },
        { plugin: 'TaintToleration', weight: 3, raw: f(0, 0), normalized: f(100, 100) },
      ],
      totals: f(350, 370),
    };
    const x = expandAttempt(r);
    expect(x.nodes.map((n) => [n.node, n.filters.map((f) => `${f.plugin}:${f.code}`), n.finalScore])).toEqual([
      ['a', ['NodeUnschedulable:Success', 'TaintToleration:Success', 'NodeResourcesFit:Success'], 350],
      ['b', ['NodeUnschedulable:Success', 'TaintToleration:UnschedulableAndUnresolvable'], undefined],
      ['c', ['NodeUnschedulable:Success', 'TaintToleration:Success', 'NodeResourcesFit:Success'], 370],
    ]);
    expect(x.nodes[1].filters[1].reasons).toEqual(['node(s) had untolerated taint {k: }']);
    expect(x.nodes[2].scores).toEqual([
      { plugin: 'NodeResourcesFit', raw: 70, normalized: 70, weight: 1, weighted: 70 },
      { plugin: 'TaintToleration', raw: 0, normalized: 100, weight: 3, weighted: 300 },
    ]);
    // Plain data: survives structured cloning to the UI.
    expect(structuredClone(x)).toEqual(x);
  });
});

describe('SchedulingResultsStore', () => {
  it('keeps the newest attempts per pod and the most recently attempted pods', () => {
    const s = new SchedulingResultsStore(2, 2);
    s.record(attempt('ns/a', 1));
    s.record(attempt('ns/b', 2));
    s.record(attempt('ns/a', 3));
    s.record(attempt('ns/a', 4));
    expect(s.attempts('ns/a').map((a) => a.timeMs)).toEqual([3, 4]);
    s.record(attempt('ns/c', 5));
    expect(s.pods()).toEqual(['ns/a', 'ns/c']);
    expect(s.latest('ns/c')?.timeMs).toBe(5);
    expect(s.recent(2).map((a) => [a.pod, a.timeMs])).toEqual([
      ['ns/c', 5],
      ['ns/a', 4],
    ]);
  });

  it('caps the node rows kept overall, dropping the least recently attempted pods', () => {
    const s = new SchedulingResultsStore(100, 5, 5);
    s.record(attempt('ns/a', 1, ['n1', 'n2', 'n3']));
    s.record(attempt('ns/b', 2, ['n1', 'n2', 'n3']));
    expect(s.pods()).toEqual(['ns/b']);
  });

  it('notifies subscribers with summaries and bumps its version; forget drops a pod', () => {
    const s = new SchedulingResultsStore();
    const seen: string[] = [];
    const off = s.subscribe((x) => seen.push(`${x.pod} ${x.outcome} ${x.selectedNode}`));
    s.record(attempt('ns/a', 1));
    off();
    s.record(attempt('ns/b', 2));
    expect(seen).toEqual(['ns/a Scheduled a']);
    const v = s.version;
    s.forget('ns/a');
    expect(s.version).toBe(v + 1);
    expect(s.attempts('ns/a')).toEqual([]);
  });
});

describe('sealRecord', () => {
  // The framework's planes for three scored nodes, with the totals it sums (normalized x weight, in order).
  function cycleScores() {
    const perPlugin = [
      { plugin: 'NodeResourcesFit', weight: 1, raw: [50, 70, 61], normalized: [50, 70, 61] },
      { plugin: 'TaintToleration', weight: 3, raw: [0, 0, 0], normalized: [100, 100, 100] },
      { plugin: 'ImageLocality', weight: 1, raw: [0, -0, 0], normalized: [0, -0, 0] },
      { plugin: 'InterPodAffinity', weight: 2, raw: [-3, 5, 5], normalized: [0, 100, 100] },
    ].map((p) => (p.raw.every((x, i) => Object.is(x, p.normalized[i])) ? { ...p, normalized: p.raw } : p));
    const totals = [0, 1, 2].map((i) => perPlugin.reduce((t, p) => t + p.normalized[i] * p.weight, 0));
    return { perPlugin, totals };
  }

  it.each([
    ['every evaluated node scored', [4, 0, 2], [4, 0, 2]],
    ['some evaluated nodes filtered out', [4, 1, 0, 3, 2], [4, 0, 2]],
  ])('keeps what expandAttempt reads (%s)', (_case, evaluated, scored) => {
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const plain = attempt('ns/p', 1, nodes);
    plain.rows = evaluated;
    const { perPlugin, totals } = cycleScores();
    plain.scores = { rows: scored, perPlugin, totals };
    const sealed = attempt('ns/p', 1, nodes);
    sealed.rows = evaluated.slice();
    sealRecord(sealed, cycleScores(), scored.slice());
    expect(sealed.rows).toBeInstanceOf(Uint16Array);
    expect(expandAttempt(sealed)).toEqual(expandAttempt(plain));
    // One number for a plane every node shares, bytes for whole scores 0..255, float64 otherwise; -0 is not +0.
    const kind = (p: unknown) => (typeof p === 'number' ? 'constant' : p instanceof Uint8Array ? 'byte' : 'float');
    expect(sealed.scores!.perPlugin.map((p) => [kind(p.raw), kind(p.normalized)])).toEqual([
      ['byte', 'byte'],
      ['constant', 'constant'],
      ['float', 'float'],
      ['float', 'byte'],
    ]);
  });

  it('keeps rows past 65,536 nodes as 32-bit integers', () => {
    const r = attempt('ns/big', 1, []);
    r.nodeList = Array.from({ length: 70_000 }, (_, i) => ({ name: `n${i}` }));
    r.rows = [69_999, 5];
    sealRecord(r, undefined, undefined);
    expect(r.rows).toBeInstanceOf(Int32Array);
    expect(expandAttempt(r).nodes.map((x) => x.node)).toEqual(['n69999', 'n5']);
  });
});
