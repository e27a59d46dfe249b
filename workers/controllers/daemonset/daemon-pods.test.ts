import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../store/freeze';
import { nodeShouldRunDaemonPod, type DaemonSet, type Node } from './daemon-pods';

const daemonSet = (spec: DaemonSet['spec']['template']['spec']): DaemonSet =>
  deepFreeze({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'default', uid: 'u' }, spec: { template: { spec } } }) as DaemonSet;
const node = (name: string, extra: Partial<Node> = {}): Node => deepFreeze({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { disk: 'ssd' } }, ...extra }) as Node;

describe('nodeShouldRunDaemonPod', () => {
  it('follows taints, selectors and tolerations (daemon pods tolerate node conditions and unschedulable)', () => {
    const plain = daemonSet({});
    expect(nodeShouldRunDaemonPod(node('a'), plain)).toEqual({ shouldRun: true, shouldContinueRunning: true });
    const cordoned = node('b', { spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } });
    expect(nodeShouldRunDaemonPod(cordoned, plain).shouldRun).toBe(true);
    const dedicated = node('c', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    expect(nodeShouldRunDaemonPod(dedicated, plain)).toEqual({ shouldRun: false, shouldContinueRunning: true });
    const evicting = node('d', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] } });
    expect(nodeShouldRunDaemonPod(evicting, plain)).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const tolerant = daemonSet({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
    expect(nodeShouldRunDaemonPod(evicting, tolerant).shouldRun).toBe(true);
    expect(nodeShouldRunDaemonPod(node('e'), daemonSet({ nodeSelector: { disk: 'hdd' } })).shouldRun).toBe(false);
  });

  it('answers for the objects as they are now: a replaced node or template gets a fresh verdict', () => {
    const ds = daemonSet({});
    const before = node('a');
    expect(nodeShouldRunDaemonPod(before, ds).shouldRun).toBe(true);
    // The informer replaces a changed node with a new frozen object; the old one keeps its verdict.
    const after = node('a', { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } });
    expect(nodeShouldRunDaemonPod(after, ds).shouldContinueRunning).toBe(false);
    expect(nodeShouldRunDaemonPod(before, ds).shouldContinueRunning).toBe(true);
    expect(nodeShouldRunDaemonPod(after, daemonSet({ tolerations: [{ key: 'maintenance', operator: 'Exists' }] })).shouldRun).toBe(true);
    // Objects that are not frozen may still change, so nothing is kept for them.
    const mutable: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'm' } };
    expect(nodeShouldRunDaemonPod(mutable, ds).shouldRun).toBe(true);
    mutable.spec = { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] };
    expect(nodeShouldRunDaemonPod(mutable, ds).shouldRun).toBe(false);
  });
});
