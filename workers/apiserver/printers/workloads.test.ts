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
  return { apiVersion, kind, metadata: { name, namespace: 'default', creationTimestamp: ago(300), ...meta }, ...rest };
}

function print(apiVersion: string, resource: string, o: KubeObject) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const t = printTable(resourceFor(group, version, resource)!, [o], { nowMs: NOW, wide: true }, {});
  return { columns: t.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name)), cells: t.rows[0].cells };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }, { name: 'log', image: 'busybox:1.36' }] } };
const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'edge'] }] };

describe('workload tables', () => {
  it.each([
    ['apps/v1', 'deployments', 'a deployment mid-rollout', obj('apps/v1', 'Deployment', 'web', {
      spec: { replicas: 3, selector, template }, status: { replicas: 4, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 },
    }), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'],
    ['web', '2/3', 1, 2, '5m', 'web,log', 'nginx:1.25,busybox:1.36', 'app=web,tier in (edge,fe)']],
    ['apps/v1', 'deployments', 'a new deployment without status', obj('apps/v1', 'Deployment', 'fresh', { spec: { replicas: 2, selector: {}, template } }),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'], ['fresh', '0/2', 0, 0, '5m', 'web,log', 'nginx:1.25,busybox:1.36', '']],
    ['apps/v1', 'replicasets', 'a replicaset', obj('apps/v1', 'ReplicaSet', 'web-7c5ddbdf54', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } }, template }, status: { replicas: 3, readyReplicas: 1 },
    }), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'],
    ['web-7c5ddbdf54', 3, 3, 1, '5m', 'web,log', 'nginx:1.25,busybox:1.36', 'app=web,pod-template-hash=7c5ddbdf54']],
    ['apps/v1', 'daemonsets', 'a daemonset', obj('apps/v1', 'DaemonSet', 'kube-proxy', {
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }] } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    }), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*'],
    ['kube-proxy', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '5m', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.0', 'k8s-app=kube-proxy']],
    ['apps/v1', 'statefulsets', 'a statefulset', obj('apps/v1', 'StatefulSet', 'db', { spec: { replicas: 3, selector, template }, status: { readyReplicas: 1 } }),
      ['Name', 'Ready', 'Age', 'Containers*', 'Images*'], ['db', '1/3', '5m', 'web,log', 'nginx:1.25,busybox:1.36']],
    ['apps/v1', 'controllerrevisions', 'a controller revision', obj('apps/v1', 'ControllerRevision', 'kube-proxy-6d4b7f', { revision: 2 }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid: 'u', controller: true }],
    }), ['Name', 'Controller', 'Revision', 'Age'], ['kube-proxy-6d4b7f', 'daemonset.apps/kube-proxy', 2, '5m']],
    ['batch/v1', 'jobs', 'a running job', obj('batch/v1', 'Job', 'pi', {
      spec: { completions: 5, parallelism: 2, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, template },
      status: { startTime: ago(130), active: 2, succeeded: 1 },
    }), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*'],
    ['pi', 'Running', '1/5', '2m10s', '5m', 'web,log', 'nginx:1.25,busybox:1.36', 'batch.kubernetes.io/controller-uid=abc']],
    ['batch/v1', 'jobs', 'a complete job', obj('batch/v1', 'Job', 'once', {
      spec: { parallelism: 1, template }, status: { startTime: ago(290), completionTime: ago(250), succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
    }), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*'], ['once', 'Complete', '1/1', '40s', '5m', 'web,log', 'nginx:1.25,busybox:1.36', '<none>']],
    ['batch/v1', 'jobs', 'a suspended work queue job', obj('batch/v1', 'Job', 'queue', {
      spec: { parallelism: 3, suspend: true, template }, status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    }), ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*'], ['queue', 'Suspended', '0/1 of 3', '', '5m', 'web,log', 'nginx:1.25,busybox:1.36', '<none>']],
    ['batch/v1', 'cronjobs', 'a cronjob', obj('batch/v1', 'CronJob', 'backup', {
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'backup-1' }], lastScheduleTime: ago(45) },
    }), ['Name', 'Schedule', 'Timezone', 'Suspend', 'Active', 'Last Schedule', 'Age', 'Containers*', 'Images*', 'Selector*'],
    ['backup', '*/5 * * * *', '<none>', 'False', 1, '45s', '5m', 'web,log', 'nginx:1.25,busybox:1.36', '<none>']],
    ['autoscaling/v2', 'horizontalpodautoscalers', 'a v2 HPA with three metrics', obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      },
      status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 41, averageValue: '205m' } } }] },
    }), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    ['web', 'Deployment/web', 'cpu: 41%/50%, memory: <unknown>/512Mi + 1 more...', '2', 10, 3, '5m']],
    ['autoscaling/v1', 'horizontalpodautoscalers', 'a v1 HPA before its first reading', obj('autoscaling/v1', 'HorizontalPodAutoscaler', 'web', {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, targetCPUUtilizationPercentage: 80 }, status: { currentReplicas: 0 },
    }), ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'], ['web', 'Deployment/web', 'cpu: <unknown>/80%', '<unset>', 5, 0, '5m']],
    ['policy/v1', 'poddisruptionbudgets', 'a PDB', obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } }),
      ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'], ['web', '50%', 'N/A', 1, '5m']],
    ['networking.k8s.io/v1', 'ingresses', 'an ingress with TLS', obj('networking.k8s.io/v1', 'Ingress', 'web', {
      spec: { ingressClassName: 'nginx', tls: [{ hosts: ['a.example.com'] }], rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }, {}, { host: 'c.example.com' }, { host: 'd.example.com' }] },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } },
    }), ['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age'], ['web', 'nginx', 'a.example.com,b.example.com,c.example.com + 2 more...', '172.18.0.5', '80, 443', '5m']],
    ['networking.k8s.io/v1', 'ingressclasses', 'an ingress class', obj('networking.k8s.io/v1', 'IngressClass', 'nginx', {
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' } },
    }), ['Name', 'Controller', 'Parameters', 'Age'], ['nginx', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/external-lb', '5m']],
    ['networking.k8s.io/v1', 'networkpolicies', 'a deny-all policy', obj('networking.k8s.io/v1', 'NetworkPolicy', 'deny-all', { spec: { podSelector: {}, policyTypes: ['Ingress'] } }),
      ['Name', 'Pod-Selector', 'Age'], ['deny-all', '<none>', '5m']],
    ['discovery.k8s.io/v1', 'endpointslices', 'an endpoint slice', obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abcde', {
      addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'named' }],
      endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }, { addresses: ['10.244.2.8'] }, { addresses: ['10.244.3.2'] }],
    }), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'], ['web-abcde', 'IPv4', '80,named', '10.244.1.5,10.244.2.7,10.244.2.8 + 1 more...', '5m']],
    ['rbac.authorization.k8s.io/v1', 'rolebindings', 'a role binding', obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'read-pods', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'jane' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', namespace: 'ci', name: 'builder' }, { kind: 'User', name: 'joe' }],
    }), ['Name', 'Role', 'Age', 'Users*', 'Groups*', 'ServiceAccounts*'], ['read-pods', 'Role/pod-reader', '5m', 'jane, joe', 'devs', 'ci/builder']],
    ['coordination.k8s.io/v1', 'leases', 'a node lease', obj('coordination.k8s.io/v1', 'Lease', 'worker-1', { spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40 } }),
      ['Name', 'Holder', 'Age'], ['worker-1', 'worker-1', '5m']],
    ['scheduling.k8s.io/v1', 'priorityclasses', 'a priority class', obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-node-critical', { value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' }),
      ['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy'], ['system-node-critical', 2000001000, false, '5m', 'PreemptLowerPriority']],
    ['storage.k8s.io/v1', 'storageclasses', 'the default storage class', obj('storage.k8s.io/v1', 'StorageClass', 'standard', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' }, {
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    }), ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'], ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '5m']],
  ])('%s %s: %s', (apiVersion, resource, _name, o, columns, cells) => {
    expect(print(apiVersion, resource, o)).toEqual({ columns, cells });
  });
});
