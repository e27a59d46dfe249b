import { beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptions } from '../../api/schema/schema';
import type { KubeObject } from '../../api/types';
import { resourceFor } from '../../api/registry';
import { printTable } from './index';

// Tables and OpenAPI documents carry the field descriptions, which load lazily (the apiserver's handle awaits them).
beforeAll(() => loadDescriptions());

const NOW = Date.UTC(2026, 0, 1, 1, 0, 0);
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

function obj(apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, creationTimestamp: ago(300), ...meta }, ...rest };
}

function print(group: string, version: string, resource: string, o: KubeObject, wide = true) {
  const t = printTable(resourceFor(group, version, resource)!, [o], { nowMs: NOW, wide }, {});
  return { columns: t.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name)), cells: t.rows[0].cells };
}

const nodeStatus = {
  conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True', reason: 'KubeletReady' }],
  addresses: [{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'worker-1' }],
  nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', containerRuntimeVersion: 'containerd://1.7.24' },
};

describe('nodes', () => {
  it('prints a ready control-plane node with its wide columns', () => {
    const n = obj('v1', 'Node', 'control-plane', { spec: {}, status: nodeStatus }, { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'control-plane' } });
    expect(print('', 'v1', 'nodes', n)).toEqual({
      columns: ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*'],
      cells: ['control-plane', 'Ready', 'control-plane', '5m', 'v1.32.0', '172.18.0.3', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.24'],
    });
  });

  it.each([
    ['cordoned', { unschedulable: true }, nodeStatus.conditions, {}, 'Ready,SchedulingDisabled', '<none>'],
    ['not ready, roles from both label forms', {}, [{ type: 'Ready', status: 'Unknown' }], { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'ingress' }, 'NotReady', 'ingress,worker'],
    ['no Ready condition yet, cordoned', { unschedulable: true }, [], {}, 'Unknown,SchedulingDisabled', '<none>'],
  ])('%s', (_n, spec, conditions, labels, status, roles) => {
    const n = obj('v1', 'Node', 'worker-1', { spec, status: { conditions } }, { labels });
    expect(print('', 'v1', 'nodes', n).cells).toEqual(['worker-1', status, roles, '5m', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

describe('services', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) => obj('v1', 'Service', 'web', { spec, status }, { namespace: 'default' });

  it.each([
    ['NodePort', svc({ type: 'NodePort', clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }, { port: 53, nodePort: 31053, protocol: 'UDP' }] }),
      ['web', 'NodePort', '10.96.12.34', '<none>', '80:30080/TCP,53:31053/UDP', '5m', 'app=web,tier=fe']],
    ['headless', svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' }, ports: [{ port: 5432, protocol: 'TCP' }] }),
      ['web', 'ClusterIP', 'None', '<none>', '5432/TCP', '5m', 'app=db']],
    ['ClusterIP with external IPs, no ports or selector', svc({ type: 'ClusterIP', clusterIPs: ['10.96.0.20'], externalIPs: ['203.0.113.9'] }),
      ['web', 'ClusterIP', '10.96.0.20', '203.0.113.9', '<none>', '5m', '<none>']],
    ['LoadBalancer pending', svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.30'], ports: [{ port: 443, nodePort: 32443, protocol: 'TCP' }] }),
      ['web', 'LoadBalancer', '10.96.0.30', '<pending>', '443:32443/TCP', '5m', '<none>']],
    ['LoadBalancer with ingress', svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.30'] }, { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { hostname: 'lb.example.com' }] } }),
      ['web', 'LoadBalancer', '10.96.0.30', '198.51.100.7,lb.example.com', '<none>', '5m', '<none>']],
    ['ExternalName', svc({ type: 'ExternalName', externalName: 'db.example.com' }),
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>']],
  ])('%s', (_n, s, want) => {
    expect(print('', 'v1', 'services', s).cells).toEqual(want);
  });

  it('clips long load-balancer addresses to 16 characters unless wide', () => {
    const s = svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.30'] }, { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { hostname: 'lb.example.com' }] } });
    expect(print('', 'v1', 'services', s, false).cells[3]).toBe('198.51.100.7,...');
  });
});

describe('events', () => {
  const core = obj('v1', 'Event', 'web-1.17f2a3b4c5d6e7f8', {
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', fieldPath: 'spec.containers{web}' },
    reason: 'BackOff', message: 'Back-off restarting failed container web in pod web-1_default(uid)\n', type: 'Warning',
    source: { component: 'kubelet', host: 'worker-1' }, firstTimestamp: ago(280), lastTimestamp: ago(30), count: 7,
  }, { namespace: 'default' });

  it('prints a core event, wide', () => {
    expect(print('', 'v1', 'events', core)).toEqual({
      columns: ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject*', 'Source*', 'Message', 'First Seen*', 'Count*', 'Name*'],
      cells: ['30s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{web}', 'kubelet, worker-1', 'Back-off restarting failed container web in pod web-1_default(uid)', '4m40s', 7, 'web-1.17f2a3b4c5d6e7f8'],
    });
  });

  it('prints only the narrow cells when not wide', () => {
    expect(print('', 'v1', 'events', core, false).cells).toEqual(['30s', 'Warning', 'BackOff', 'pod/web-1', 'Back-off restarting failed container web in pod web-1_default(uid)']);
  });

  it('prints a scheduler event with only eventTime (micro time, truncated to 9s) and a reporting controller', () => {
    const e = obj('v1', 'Event', 'web-2.1', {
      involvedObject: { kind: 'Pod', name: 'web-2' }, reason: 'Scheduled', message: 'Successfully assigned default/web-2 to worker-2', type: 'Normal',
      eventTime: '2026-01-01T00:59:50.123456Z', reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-control-plane', source: {},
    });
    expect(print('', 'v1', 'events', e).cells).toEqual([
      '9s', 'Normal', 'Scheduled', 'pod/web-2', '', 'default-scheduler, default-scheduler-control-plane', 'Successfully assigned default/web-2 to worker-2', '9s', 1, 'web-2.1',
    ]);
  });

  it('prints an events.k8s.io/v1 event with a series', () => {
    const e = obj('events.k8s.io/v1', 'Event', 'web-1.2', {
      regarding: { kind: 'Deployment', name: 'web' }, reason: 'ScalingReplicaSet', note: 'Scaled up replica set web-abc to 3', type: 'Normal',
      eventTime: ago(200), reportingController: 'deployment-controller', reportingInstance: '', series: { count: 4, lastObservedTime: ago(20) },
    });
    expect(print('events.k8s.io', 'v1', 'events', e).cells).toEqual([
      '20s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-abc to 3', '3m20s', 4, 'web-1.2',
    ]);
  });
});

describe('other core kinds', () => {
  it.each([
    ['namespaces', obj('v1', 'Namespace', 'team-a', { status: { phase: 'Terminating' } }), ['Name', 'Status', 'Age'], ['team-a', 'Terminating', '5m']],
    ['configmaps', obj('v1', 'ConfigMap', 'cfg', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), ['Name', 'Data', 'Age'], ['cfg', 3, '5m']],
    ['secrets', obj('v1', 'Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }), ['Name', 'Type', 'Data', 'Age'], ['tls', 'kubernetes.io/tls', 2, '5m']],
    ['serviceaccounts', obj('v1', 'ServiceAccount', 'default'), ['Name', 'Secrets', 'Age'], ['default', 0, '5m']],
    ['endpoints', obj('v1', 'Endpoints', 'web', {
      subsets: [{ addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }], ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] }],
    }), ['Name', 'Endpoints', 'Age'], ['web', '10.244.1.5:80,10.244.2.7:80,10.244.1.5:9090 + 1 more...', '5m']],
    ['endpoints', obj('v1', 'Endpoints', 'empty'), ['Name', 'Endpoints', 'Age'], ['empty', '<none>', '5m']],
    ['resourcequotas', obj('v1', 'ResourceQuota', 'compute', {
      status: { hard: { 'requests.cpu': '2', 'limits.memory': '4Gi', pods: '10', 'limits.cpu': '4' }, used: { 'requests.cpu': '500m', 'limits.memory': '1Gi', pods: '3' } },
    }), ['Name', 'Request', 'Limit', 'Age'], ['compute', 'pods: 3/10, requests.cpu: 500m/2', 'limits.cpu: 0/4, limits.memory: 1Gi/4Gi', '5m']],
    ['replicationcontrollers', obj('v1', 'ReplicationController', 'legacy', {
      spec: { replicas: 2, selector: { app: 'legacy' }, template: { spec: { containers: [{ name: 'a', image: 'nginx' }] } } }, status: { replicas: 2, readyReplicas: 1 },
    }), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'], ['legacy', 2, 2, 1, '5m', 'a', 'nginx', 'app=legacy']],
    ['persistentvolumes', obj('v1', 'PersistentVolume', 'pv-1', {
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'standard', claimRef: { namespace: 'default', name: 'data' }, volumeMode: 'Filesystem' },
      status: { phase: 'Bound' },
    }), ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode*'],
    ['pv-1', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '5m', 'Filesystem']],
    ['persistentvolumeclaims', obj('v1', 'PersistentVolumeClaim', 'data', {
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' }, status: { phase: 'Pending' },
    }), ['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*'],
    ['data', 'Pending', '', '', '', 'standard', '<unset>', '5m', '<unset>']],
  ])('%s', (resource, o, columns, cells) => {
    expect(print('', 'v1', resource, o)).toEqual({ columns, cells });
  });

  it('prints a bound claim with the volume capacity', () => {
    const pvc = obj('v1', 'PersistentVolumeClaim', 'data', {
      spec: { volumeName: 'pv-1', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
    }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' }, deletionTimestamp: ago(1) });
    expect(print('', 'v1', 'persistentvolumeclaims', pvc).cells).toEqual(['data', 'Terminating', 'pv-1', '10Gi', 'RWO', 'fast', '<unset>', '5m', 'Filesystem']);
  });
});
