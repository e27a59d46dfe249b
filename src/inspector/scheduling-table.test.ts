import { describe, expect, it } from 'vitest';
import type { AttemptResult } from '../../workers/scheduler/results';
import { schedulingTable } from './scheduling-table';

const pending: AttemptResult = {
  pod: 'default/big',
  uid: 'u1',
  profile: 'default-scheduler',
  attempt: 1,
  timeMs: 0,
  outcome: 'Unschedulable',
  message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
  evaluatedNodes: 3,
  feasibleNodes: 0,
  unevaluatedNodes: 0,
  preFilter: [{ plugin: 'NodeResourcesFit', passed: true, code: 'Success', reasons: [] }],
  nodes: [
    {
      node: 'control-plane',
      filters: [
        { plugin: 'NodeUnschedulable', passed: true, code: 'Success', reasons: [] },
        { plugin: 'TaintToleration', passed: false, code: 'UnschedulableAndUnresolvable', reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"] },
      ],
      scores: [],
    },
    {
      node: 'worker-1',
      filters: [
        { plugin: 'NodeUnschedulable', passed: true, code: 'Success', reasons: [] },
        { plugin: 'TaintToleration', passed: true, code: 'Success', reasons: [] },
        { plugin: 'NodeResourcesFit', passed: false, code: 'Unschedulable', reasons: ['Insufficient cpu'] },
      ],
      scores: [],
    },
  ],
};

describe('schedulingTable', () => {
  it('puts plugins in rows and nodes in columns, with the failing reason and the filters never run', () => {
    const t = schedulingTable(pending);
    expect(t.nodes).toEqual(['control-plane', 'worker-1']);
    expect(t.filterRows.map((r) => r.plugin)).toEqual(['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit']);
    expect(t.filterRows[1].cells).toEqual([
      { state: 'fail', code: 'UnschedulableAndUnresolvable', reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }' },
      { state: 'pass' },
    ]);
    expect(t.filterRows[2].cells).toEqual([{ state: 'skipped' }, { state: 'fail', code: 'Unschedulable', reason: 'Insufficient cpu' }]);
    expect(t.verdicts).toEqual(['TaintToleration: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', 'NodeResourcesFit: Insufficient cpu']);
    expect(t.scoreRows).toEqual([]);
    expect(t.preFilterFailures).toEqual([]);
  });

  it('lists each score plugin per node and the final scores of a scheduled pod', () => {
    const t = schedulingTable({
      ...pending,
      outcome: 'Scheduled',
      selectedNode: 'b',
      preFilter: [],
      nodes: [
        { node: 'a', filters: [{ plugin: 'NodeResourcesFit', passed: true, code: 'Success', reasons: [] }], scores: [{ plugin: 'ImageLocality', raw: 0, normalized: 0, weight: 1, weighted: 0 }], finalScore: 0 },
        { node: 'b', filters: [{ plugin: 'NodeResourcesFit', passed: true, code: 'Success', reasons: [] }], scores: [{ plugin: 'ImageLocality', raw: 5, normalized: 50, weight: 1, weighted: 50 }], finalScore: 50 },
      ],
    });
    expect(t.scoreRows).toEqual([{ plugin: 'ImageLocality', cells: [{ normalized: 0, weight: 1, weighted: 0 }, { normalized: 50, weight: 1, weighted: 50 }] }]);
    expect(t.finalScores).toEqual([0, 50]);
    expect(t.verdicts).toEqual(['feasible, score 0', 'selected']);
  });

  it('reports a failing PreFilter', () => {
    const t = schedulingTable({ ...pending, nodes: [], preFilter: [{ plugin: 'VolumeBinding', passed: false, code: 'UnschedulableAndUnresolvable', reasons: ['pod has unbound immediate PersistentVolumeClaims'] }] });
    expect(t.preFilterFailures).toEqual([{ plugin: 'VolumeBinding', reason: 'pod has unbound immediate PersistentVolumeClaims' }]);
  });
});
