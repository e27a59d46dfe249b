import { describe, expect, it } from 'vitest';
import { Code, fitErrorMessage, newDiagnosis, newStatus } from './status';

describe('fitErrorMessage', () => {
  it.each([
    [
      'counts reasons per node and sorts them as strings',
      [['cp', ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']], ['w1', ['Insufficient cpu']], ['w2', ['Insufficient cpu']]],
      '',
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.',
    ],
    [
      'a node with two reasons counts in both',
      [['w1', ['Insufficient cpu', 'Insufficient memory']], ['w2', ['Insufficient memory']]],
      'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
      '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    ],
    ['no statuses', [], '', '0/0 nodes are available:'],
  ] as [string, [string, string[]][], string, string][])('%s', (_n, statuses, post, want) => {
    const d = newDiagnosis();
    for (const [node, reasons] of statuses) d.nodeToStatus.set(node, newStatus(Code.Unschedulable, ...reasons));
    d.postFilterMsg = post;
    expect(fitErrorMessage(statuses.length, d)).toBe(want);
  });

  it('uses the PreFilter message instead of the histogram', () => {
    const d = newDiagnosis();
    d.preFilterMsg = "node(s) didn't match pod affinity rules";
    d.nodeToStatus.set('a', newStatus(Code.UnschedulableAndUnresolvable, 'x'));
    expect(fitErrorMessage(1, d)).toBe("0/1 nodes are available: node(s) didn't match pod affinity rules.");
  });
});
