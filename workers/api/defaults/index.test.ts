import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../registry';
import type { KubeObject } from '../types';
import { addDefaultTolerationSeconds, applyDefaults, defaultPullPolicy } from './index';

function defaulted(obj: Record<string, unknown>): KubeObject {
  const o = structuredClone({ metadata: { name: 'x', namespace: 'default' }, ...obj }) as KubeObject;
  const info = resourceForKind(o.apiVersion, o.kind);
  if (!info) throw new Error(`no resource for ${o.apiVersion} ${o.kind}`);
  applyDefaults(o, info);
  return o;
}

const container = { name: 'app', image: 'nginx:1.25' };
const podSpec = { containers: [container] };

describe('defaultPullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.local:5000/nginx', 'Always'],
    ['registry.local:5000/nginx:1.0', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
    ['nginx:latest@sha256:abcd', 'Always'],
  ])('%s -> %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('Pod defaults', () => {
  it('fills the PodSpec and container defaults', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: podSpec });
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.25',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
    });
  });

  it('leaves priority to the Priority admission plugin', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: podSpec });
    expect((pod.spec as Record<string, unknown>).priority).toBeUndefined();
    expect((pod.spec as Record<string, unknown>).preemptionPolicy).toBeUndefined();
  });

  it('keeps given values', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: { ...podSpec, restartPolicy: 'Never', dnsPolicy: 'Default' } });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'Default' });
  });

  it('defaults requests from limits on a Pod only', () => {
    const c = { ...container, resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } } };
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [c] } });
    const spec = pod.spec as { containers: { resources: unknown }[] };
    expect(spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    const rs = defaulted({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [c] } } },
    });
    const tpl = (rs.spec as { template: { spec: { containers: { resources: unknown }[] } } }).template.spec;
    expect(tpl.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } });
  });

  it('defaults ports, probes, env field refs and volumes', () => {
    const c = {
      ...container,
      ports: [{ containerPort: 80 }],
      livenessProbe: { httpGet: { port: 80 } },
      readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
      env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    };
    const volumes = [{ name: 'a' }, { name: 'b', configMap: { name: 'cm' } }, { name: 'c', secret: { secretName: 's' } }, { name: 'd', hostPath: { path: '/x' } }];
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [c], volumes } });
    const spec = pod.spec as Record<string, any>;
    const got = spec.containers[0];
    expect(got.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(got.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
    });
    expect(got.readinessProbe.periodSeconds).toBe(5);
    expect(got.env[0].valueFrom.fieldRef).toEqual({ fieldPath: 'spec.nodeName', apiVersion: 'v1' });
    expect(spec.volumes).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', configMap: { name: 'cm', defaultMode: 420 } },
      { name: 'c', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'd', hostPath: { path: '/x', type: '' } },
    ]);
  });

  it('copies containerPort to hostPort with hostNetwork', () => {
    const pod = defaulted({ apiVersion: 'v1', kind: 'Pod', spec: { hostNetwork: true, containers: [{ ...container, ports: [{ containerPort: 53 }] }] } });
    expect((pod.spec as any).containers[0].ports[0]).toEqual({ containerPort: 53, hostPort: 53, protocol: 'TCP' });
  });
});

describe('workload defaults', () => {
  const template = { metadata: { labels: { app: 'a' } }, spec: podSpec };
  const selector = { matchLabels: { app: 'a' } };

  it('Deployment', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector, template } });
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' } },
    });
  });

  it('Deployment with Recreate gets no rollingUpdate', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector, template, strategy: { type: 'Recreate' } } });
    expect((d.spec as any).strategy).toEqual({ type: 'Recreate' });
  });

  it('DaemonSet', () => {
    const d = defaulted({ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { selector, template } });
    expect(d.spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('StatefulSet', () => {
    const s = defaulted({
      apiVersion: 'apps/v1', kind: 'StatefulSet',
      spec: { selector, template, serviceName: 'web', volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } }] },
    });
    expect(s.spec).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [{ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    });
  });

  it('Job', () => {
    const j = defaulted({ apiVersion: 'batch/v1', kind: 'Job', spec: { template } });
    expect(j.spec).toMatchObject({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.metadata.labels).toEqual({ app: 'a' });
  });

  it('Job with parallelism only is a work queue (no completions)', () => {
    const j = defaulted({ apiVersion: 'batch/v1', kind: 'Job', spec: { template, parallelism: 3 } });
    expect((j.spec as any).completions).toBeUndefined();
    expect((j.spec as any).parallelism).toBe(3);
  });

  it('CronJob', () => {
    const c = defaulted({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } });
    expect(c.spec).toMatchObject({
      concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Always' } } } },
    });
    expect((c.spec as any).jobTemplate.spec.backoffLimit).toBeUndefined();
  });

  it('ReplicationController takes selector and labels from the template', () => {
    const rc = defaulted({ apiVersion: 'v1', kind: 'ReplicationController', spec: { template } });
    expect(rc.spec).toMatchObject({ replicas: 1, selector: { app: 'a' } });
    expect(rc.metadata.labels).toEqual({ app: 'a' });
  });
});

describe('other kinds', () => {
  it.each([
    [{ ports: [{ port: 80 }] }, { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }],
    [{ type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }, { externalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 'http' }] }],
    [{ type: 'LoadBalancer', ports: [{ port: 80 }] }, { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }],
    [{ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }, { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }],
  ])('Service %j', (spec, expected) => {
    expect(defaulted({ apiVersion: 'v1', kind: 'Service', spec }).spec).toMatchObject(expected);
  });

  it('ExternalName Service has no internalTrafficPolicy', () => {
    const s = defaulted({ apiVersion: 'v1', kind: 'Service', spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect((s.spec as any).internalTrafficPolicy).toBeUndefined();
  });

  it('Namespace', () => {
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: { a: 'b' } } });
    expect(ns.metadata.labels).toEqual({ a: 'b', 'kubernetes.io/metadata.name': 'dev' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it.each([
    [{ apiVersion: 'v1', kind: 'Secret' }, { type: 'Opaque' }],
    [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', value: 10 }, { preemptionPolicy: 'PreemptLowerPriority' }],
    [{ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'x' }, { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }],
    [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: {} }, { spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    [{ apiVersion: 'v1', kind: 'PersistentVolume', spec: {} }, { spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' } }],
    [{ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', spec: { maxReplicas: 3 } }, { spec: { minReplicas: 1 } }],
    [
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: { maxReplicas: 3 } },
      { spec: { minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] } },
    ],
    [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's' }] },
      { roleRef: { apiGroup: 'rbac.authorization.k8s.io' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io' }, { apiGroup: '' }] },
    ],
    [
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } },
      { spec: { policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'TCP' }] }] } },
    ],
    [
      { apiVersion: 'v1', kind: 'LimitRange', spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '1Mi' } }] } },
      { spec: { limits: [{ default: { cpu: '1' }, defaultRequest: { cpu: '1', memory: '1Mi' } }] } },
    ],
  ])('%j', (obj, expected) => {
    expect(defaulted(obj)).toMatchObject(expected);
  });

  it('HPA v2 behavior fills the missing rules', () => {
    const h = defaulted({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: { maxReplicas: 3, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
    expect((h.spec as any).behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });
});

describe('addDefaultTolerationSeconds', () => {
  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const pod = (tolerations?: unknown[]): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], tolerations } });

  it.each([
    [undefined, [notReady, unreachable]],
    [[{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }], [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, unreachable,
    ]],
    [[{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    [[{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }], [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, notReady, unreachable,
    ]],
  ])('%j', (given, expected) => {
    const p = pod(given as unknown[] | undefined);
    addDefaultTolerationSeconds(p);
    expect((p.spec as any).tolerations).toEqual(expected);
  });
});
