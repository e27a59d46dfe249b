import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../defaults';
import { fieldErrorString } from '../errors';
import { resourceForKind } from '../registry';
import type { KubeObject } from '../types';
import { validateCreate, validateUpdate } from './index';

type Patch = (o: any) => void;

function make(base: Record<string, unknown>, patch?: Patch): KubeObject {
  const o = structuredClone(base) as KubeObject;
  const info = resourceForKind(o.apiVersion, o.kind)!;
  applyDefaults(o, info);
  patch?.(o);
  return o;
}

function errorsOf(o: KubeObject): string[] {
  return validateCreate(o, resourceForKind(o.apiVersion, o.kind)!).map(fieldErrorString);
}

function updateErrors(o: KubeObject, old: KubeObject): string[] {
  return validateUpdate(o, old, resourceForKind(o.apiVersion, o.kind)!).map(fieldErrorString);
}

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
const labels = { app: 'web' };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod.spec } },
};
const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80 }] } };

const subdomainMsg = (v: string) =>
  `Invalid value: "${v}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const labelMsg = (v: string) =>
  `Invalid value: "${v}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;

describe('metadata', () => {
  it.each<[string, Patch, string[]]>([
    ['valid', () => {}, []],
    ['bad name', (o) => (o.metadata.name = 'Bad_Name'), [`metadata.name: ${subdomainMsg('Bad_Name')}`]],
    ['no name', (o) => delete o.metadata.name, ['metadata.name: Required value: name or generateName is required']],
    ['generateName', (o) => { delete o.metadata.name; o.metadata.generateName = 'p-'; }, ['metadata.name: Required value: name or generateName is required']],
    ['no namespace', (o) => delete o.metadata.namespace, ['metadata.namespace: Required value']],
    ['bad label key', (o) => (o.metadata.labels = { 'a b': 'x' }), [
      `metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ]],
    ['bad label value', (o) => (o.metadata.labels = { a: '-x' }), [
      `metadata.labels: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]],
    ['huge annotations', (o) => (o.metadata.annotations = { a: 'x'.repeat(262144) }), ['metadata.annotations: Too long: may not be more than 262144 bytes']],
  ])('%s', (_, patch, want) => {
    expect(errorsOf(make(pod, patch))).toEqual(want);
  });

  it('forbids a namespace on cluster-scoped kinds and wants DNS labels for namespaces', () => {
    const ns = make({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b', namespace: 'x' } });
    expect(errorsOf(ns)).toEqual([`metadata.name: ${labelMsg('a.b')}`, 'metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('wants DNS-1035 labels for Services and DNS labels for StatefulSets', () => {
    expect(errorsOf(make(service, (o) => (o.metadata.name = '1web')))[0]).toMatch(/^metadata\.name: Invalid value: "1web": a DNS-1035 label/);
    const sts = make({ ...deployment, kind: 'StatefulSet', metadata: { name: 'a.b', namespace: 'default' } });
    expect(errorsOf(sts)).toEqual([`metadata.name: ${labelMsg('a.b')}`]);
  });
});

describe('Pod', () => {
  it.each<[string, Patch, string[]]>([
    ['no containers', (o) => (o.spec.containers = []), ['spec.containers: Required value']],
    ['no image', (o) => delete o.spec.containers[0].image, ['spec.containers[0].image: Required value']],
    ['bad container name', (o) => (o.spec.containers[0].name = 'App'), [`spec.containers[0].name: ${labelMsg('App')}`]],
    ['duplicate container', (o) => o.spec.containers.push({ ...o.spec.containers[0] }), ['spec.containers[1].name: Duplicate value: "app"']],
    ['port out of range', (o) => (o.spec.containers[0].ports = [{ containerPort: 70000, protocol: 'TCP' }]), [
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]],
    ['duplicate port names', (o) => (o.spec.containers[0].ports = [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { name: 'http', containerPort: 81, protocol: 'TCP' }]), [
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
    ]],
    ['bad protocol', (o) => (o.spec.containers[0].ports = [{ containerPort: 80, protocol: 'HTTP' }]), [
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]],
    ['request over limit', (o) => (o.spec.containers[0].resources = { requests: { cpu: '2' }, limits: { cpu: '1' } }), [
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]],
    ['negative request', (o) => (o.spec.containers[0].resources = { requests: { memory: '-1Mi' } }), [
      'spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0',
    ]],
    ['bad restartPolicy', (o) => (o.spec.restartPolicy = 'Sometimes'), [
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]],
    ['bad dnsPolicy', (o) => (o.spec.dnsPolicy = 'Cluster'), [
      'spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]],
    ['mount of a missing volume', (o) => (o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]), [
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]],
    ['duplicate volumes', (o) => (o.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]), ['spec.volumes[1].name: Duplicate value: "v"']],
    ['two volume sources', (o) => (o.spec.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/x', type: '' } }]), [
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    ]],
    ['liveness successThreshold', (o) => (o.spec.containers[0].livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 }), [
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]],
    ['probe without handler', (o) => (o.spec.containers[0].readinessProbe = { periodSeconds: 5 }), [
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]],
    ['env without name', (o) => (o.spec.containers[0].env = [{ value: 'x' }]), ['spec.containers[0].env[0].name: Required value']],
    ['toleration Exists with value', (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]), [
      'spec.tolerations[0].operator: Invalid value: {"key":"k","operator":"Exists","value":"v"}: value must be empty when `operator` is \'Exists\'',
    ]],
    ['toleration without key', (o) => (o.spec.tolerations = [{ operator: 'Equal', value: 'v' }]), [
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    ]],
    ['tolerationSeconds without NoExecute', (o) => (o.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]), [
      'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ]],
    ['bad nodeSelector', (o) => (o.spec.nodeSelector = { disktype: 'ss d' }), [
      expect.stringMatching(/^spec\.nodeSelector: Invalid value: "ss d": a valid label must be/) as unknown as string,
    ]],
    ['node affinity without terms', (o) => (o.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }), [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ]],
    ['node selector operator', (o) => (o.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Is', values: ['a'] }] }] } } }), [
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Is": supported values: "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"',
    ]],
    ['pod affinity without topologyKey', (o) => (o.spec.affinity = { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels } }] } }), [
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
    ]],
  ])('%s', (_, patch, want) => {
    expect(errorsOf(make(pod, patch))).toEqual(want);
  });

  it('allows image, activeDeadlineSeconds and added tolerations on update, nothing else', () => {
    const old = make(pod);
    const ok = make(pod, (o) => {
      o.spec.containers[0].image = 'nginx:1.27';
      o.spec.containers[0].imagePullPolicy = 'Always';
      o.spec.activeDeadlineSeconds = 60;
      o.spec.tolerations = [{ key: 'k', operator: 'Exists' }];
    });
    expect(updateErrors(ok, old)).toEqual([]);
    const bad = make(pod, (o) => (o.spec.restartPolicy = 'Never'));
    expect(updateErrors(bad, old)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
    const renamed = make(pod, (o) => (o.metadata.name = 'q'));
    expect(updateErrors(renamed, old)).toEqual(['metadata.name: Invalid value: "q": field is immutable']);
  });
});

describe('workloads', () => {
  it.each<[string, Patch, string[]]>([
    ['valid', () => {}, []],
    ['selector mismatch', (o) => (o.spec.template.metadata.labels = { app: 'other' }), [
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    ]],
    ['no selector', (o) => delete o.spec.selector, [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]],
    ['empty selector', (o) => (o.spec.selector = {}), ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']],
    ['negative replicas', (o) => (o.spec.replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['template restartPolicy', (o) => (o.spec.template.spec.restartPolicy = 'Never'), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]],
    ['both zero', (o) => (o.spec.strategy.rollingUpdate = { maxUnavailable: 0, maxSurge: '0%' }), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]],
    ['maxUnavailable over 100%', (o) => (o.spec.strategy.rollingUpdate.maxUnavailable = '150%'), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    ]],
    ['maxSurge may exceed 100%', (o) => (o.spec.strategy.rollingUpdate.maxSurge = '150%'), []],
    ['bad strategy type', (o) => (o.spec.strategy = { type: 'BlueGreen' }), [
      'spec.strategy: Unsupported value: {"type":"BlueGreen"}: supported values: "Recreate", "RollingUpdate"',
    ]],
    ['Recreate with rollingUpdate', (o) => (o.spec.strategy.type = 'Recreate'), [
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]],
    ['deadline under minReady', (o) => { o.spec.minReadySeconds = 700; }, [
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]],
    ['bad container in template', (o) => delete o.spec.template.spec.containers[0].image, ['spec.template.spec.containers[0].image: Required value']],
  ])('Deployment: %s', (_, patch, want) => {
    expect(errorsOf(make(deployment, patch))).toEqual(want);
  });

  it('keeps the selector immutable', () => {
    const old = make(deployment);
    const next = make(deployment, (o) => {
      o.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
      o.spec.template.metadata.labels = { app: 'web', tier: 'x' };
    });
    expect(updateErrors(next, old)).toEqual(['spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"x"}}: field is immutable']);
    expect(updateErrors(make(deployment, (o) => (o.spec.replicas = 5)), old)).toEqual([]);
  });

  it.each<[string, Patch, string[]]>([
    ['valid', () => {}, []],
    ['both set', (o) => (o.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: 1 }), [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero',
    ]],
    ['both zero', (o) => (o.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 0 }), [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]],
    ['no selector', (o) => delete o.spec.selector, [
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]],
    ['activeDeadlineSeconds', (o) => (o.spec.template.spec.activeDeadlineSeconds = 5), [
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported',
    ]],
  ])('DaemonSet: %s', (_, patch, want) => {
    expect(errorsOf(make({ ...deployment, kind: 'DaemonSet' }, patch))).toEqual(want);
  });

  it('StatefulSet updates may touch only replicas, template, strategies and minReadySeconds', () => {
    const sts = { ...deployment, kind: 'StatefulSet', spec: { ...deployment.spec, serviceName: 'web' } };
    const old = make(sts);
    expect(updateErrors(make(sts, (o) => (o.spec.replicas = 3)), old)).toEqual([]);
    expect(updateErrors(make(sts, (o) => (o.spec.serviceName = 'other')), old)).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('ReplicationController checks its map selector', () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc', namespace: 'default' }, spec: { selector: { app: 'x' }, template: deployment.spec.template } };
    expect(errorsOf(make(rc))).toEqual(['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`']);
  });

  it('Job wants OnFailure or Never and keeps its template', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: pod.spec } },
    };
    expect(errorsOf(make(job))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
    const old = make(job, (o) => (o.spec.template.spec.restartPolicy = 'Never'));
    expect(errorsOf(old)).toEqual([]);
    const changed = make(job, (o) => {
      o.spec.template.spec.restartPolicy = 'Never';
      o.spec.template.spec.containers[0].image = 'busybox';
    });
    expect(updateErrors(changed, old)).toHaveLength(1);
    expect(updateErrors(changed, old)[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
  });

  it.each([
    ['*/5 * * * *', []],
    ['@hourly', []],
    ['* * * *', ['spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]']],
    ['60 * * * *', ['spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60']],
    ['0 0 * JAN-MAR MON', []],
    ['@fortnightly', ['spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly']],
    ['TZ=UTC 0 * * * *', ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']],
  ])('CronJob schedule %s', (schedule, want) => {
    const cj = {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'default' },
      spec: { schedule, jobTemplate: { spec: { template: { spec: { ...pod.spec, restartPolicy: 'OnFailure' } } } } },
    };
    expect(errorsOf(make(cj))).toEqual(want);
  });
});

describe('Service', () => {
  it.each<[string, Patch, string[]]>([
    ['valid', () => {}, []],
    ['no ports', (o) => (o.spec.ports = []), ['spec.ports: Required value']],
    ['headless without ports', (o) => { o.spec.ports = []; o.spec.clusterIP = 'None'; }, []],
    ['port range', (o) => (o.spec.ports[0].port = 0), ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['unnamed second port', (o) => o.spec.ports.push({ port: 81, protocol: 'TCP', targetPort: 81 }), [
      'spec.ports[0].name: Required value', 'spec.ports[1].name: Required value',
    ]],
    ['bad type', (o) => (o.spec.type = 'Internal'), [
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]],
    ['nodePort on ClusterIP', (o) => (o.spec.ports[0].nodePort = 30080), ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    ['externalTrafficPolicy on ClusterIP', (o) => (o.spec.externalTrafficPolicy = 'Local'), [
      "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set when `type` is 'NodePort' or 'LoadBalancer'",
    ]],
  ])('%s', (_, patch, want) => {
    expect(errorsOf(make(service, patch))).toEqual(want);
  });

  it('keeps the cluster IP', () => {
    const old = make(service, (o) => { o.spec.clusterIP = '10.96.0.10'; o.spec.clusterIPs = ['10.96.0.10']; });
    const next = make(service, (o) => { o.spec.clusterIP = '10.96.0.11'; o.spec.clusterIPs = ['10.96.0.11']; });
    expect(updateErrors(next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set']);
  });
});

describe('other kinds', () => {
  it.each<[Record<string, unknown>, string[]]>([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { 'a b': 'x' } }, [
      "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }, [
      'data[tls.key]: Required value',
    ]],
    [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'default' }, spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: labels } } }, [
      'spec.minAvailable: Invalid value: 1: minAvailable and maxUnavailable cannot be both set',
    ]],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'] }] }, [
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }] }, [
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
    ]],
    [{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 2000000000 }, [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]],
    [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 2 } }, [
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    ]],
    [{ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'default' }, spec: { leaseDurationSeconds: 0 } }, [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
    ]],
    [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' }, spec: { resources: { requests: { storage: '1Gi' } } } }, [
      'spec.accessModes: Required value: at least 1 access mode is required',
    ]],
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }, [
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]],
  ])('%j', (obj, want) => {
    expect(errorsOf(make(obj))).toEqual(want);
  });

  it('RoleBinding roleRef cannot change', () => {
    const base = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'default' }, roleRef: { kind: 'Role', name: 'a' } };
    const next = make(base, (o) => (o.roleRef.name = 'b'));
    expect(updateErrors(next, make(base))).toEqual([
      'roleRef: Invalid value: {"kind":"Role","name":"b","apiGroup":"rbac.authorization.k8s.io"}: cannot change roleRef',
    ]);
  });
});
