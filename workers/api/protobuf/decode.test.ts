import { describe, expect, it } from 'vitest';
import { decodeProtobufBody } from './body';
import { decodeMessage } from './decode';
import { encodeObject, envelope, Writer } from './test-encoder';

/** ObjectMeta with upstream's numbers: name = 1, namespace = 3, labels = 11, annotations = 12. */
function meta(name: string, namespace?: string, labels?: Record<string, string>): Writer {
  const w = new Writer().string(1, name);
  if (namespace) w.string(3, namespace);
  for (const [k, v] of Object.entries(labels ?? {})) w.message(11, new Writer().string(1, k).string(2, v));
  // Go always writes the non-nullable creationTimestamp (8), empty when zero.
  return w.message(8, new Writer());
}

describe('protobuf decoding of hand-built bodies (field numbers from upstream generated.proto)', () => {
  it('ConfigMap: data (2) and binaryData (3) maps, immutable (4)', () => {
    const cm = new Writer()
      .message(1, meta('x', 'default', { app: 'web' }))
      .message(2, new Writer().string(1, 'a').string(2, 'b'))
      .message(2, new Writer().string(1, 'c').string(2, ''))
      .message(3, new Writer().string(1, 'bin').bytes(2, [0, 1, 2, 255]))
      .varint(4, true);
    expect(decodeProtobufBody(envelope('v1', 'ConfigMap', cm))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default', labels: { app: 'web' } },
      data: { a: 'b', c: '' },
      binaryData: { bin: 'AAEC/w==' },
      immutable: true,
    });
  });

  it('Secret: data bytes become base64, type (3) is a string, empty omitempty fields drop', () => {
    const secret = new Writer()
      .message(1, meta('s'))
      .message(2, new Writer().string(1, 'password').bytes(2, new TextEncoder().encode('hunter2')))
      .string(3, 'Opaque');
    expect(decodeProtobufBody(envelope('v1', 'Secret', secret))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: 'aHVudGVyMg==' },
      type: 'Opaque',
    });
  });

  it('Deployment as kubectl create deployment writes it: zero scalars and empty strings', () => {
    const container = new Writer().string(1, 'nginx').string(2, 'nginx').string(5, '').string(20, 'File').varint(16, false);
    const sidecar = new Writer().string(1, '').string(2, 'busybox');
    const podSpec = new Writer().message(2, container).message(2, sidecar).string(3, 'Always').varint(11, false);
    const template = new Writer().message(1, meta('').message(11, new Writer().string(1, 'app').string(2, 'web'))).message(2, podSpec);
    const selector = new Writer().message(1, new Writer().string(1, 'app').string(2, 'web'));
    const spec = new Writer().varint(1, 2).message(2, selector).message(3, template).message(4, new Writer()).varint(5, 0).varint(7, false);
    const status = new Writer().varint(1, 0).varint(2, 0).varint(3, 0).varint(4, 0);
    const d = new Writer().message(1, meta('web', undefined, { app: 'web' })).message(2, spec).message(3, status);
    expect(decodeProtobufBody(envelope('apps/v1', 'Deployment', d))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        // Container.name has no omitempty in Go, so its empty value stays, as encoding/json writes it.
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', terminationMessagePolicy: 'File' }, { name: '', image: 'busybox' }], restartPolicy: 'Always' },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('Eviction (policy/v1) with DeleteOptions: gracePeriodSeconds 1, preconditions 2, propagationPolicy 4, dryRun 5', () => {
    const opts = new Writer().varint(1, 30).message(2, new Writer().string(1, 'uid-1')).string(4, 'Foreground').string(5, 'All');
    const ev = new Writer().message(1, meta('web-1', 'default')).message(2, opts);
    expect(decodeProtobufBody(envelope('policy/v1', 'Eviction', ev))).toEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 30, preconditions: { uid: 'uid-1' }, propagationPolicy: 'Foreground', dryRun: ['All'] },
    });
  });

  it('DeleteOptions sent as a DELETE body in any served group version', () => {
    const opts = new Writer().varint(1, 0).string(4, 'Background');
    expect(decodeProtobufBody(envelope('apps/v1', 'DeleteOptions', opts))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
    });
  });

  it('SelfSubjectAccessReview (authorization/v1), as kubectl auth can-i sends it', () => {
    const attrs = new Writer().string(1, 'default').string(2, 'create').string(3, '').string(4, '').string(5, 'pods').string(6, '').string(7, '');
    const review = new Writer().message(1, meta('')).message(2, new Writer().message(1, attrs)).message(3, new Writer().varint(1, false).varint(4, false));
    expect(decodeProtobufBody(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', review))).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
      status: { allowed: false },
    });
  });

  it('TokenRequest (authentication/v1): expirationSeconds is a pointer, kept even when set', () => {
    const tr = new Writer().message(1, meta('default', 'default')).message(2, new Writer().string(1, 'https://kubernetes.default.svc').varint(4, 3600));
    expect(decodeProtobufBody(envelope('authentication.k8s.io/v1', 'TokenRequest', tr))).toMatchObject({
      spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600 },
    });
  });

  it('Time (seconds only), MicroTime (micro precision), negative int32, unknown fields skipped', () => {
    const lease = new Writer()
      .message(1, new Writer().string(1, 'l').message(8, new Writer().varint(1, 1700000000).varint(2, 999)))
      .message(2, new Writer().string(1, 'me').varint(2, -1).message(3, new Writer().varint(1, 1700000000).varint(2, 123456789)).varint(99, 7));
    expect(decodeProtobufBody(envelope('coordination.k8s.io/v1', 'Lease', lease))).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', creationTimestamp: '2023-11-14T22:13:20Z' },
      spec: { holderIdentity: 'me', leaseDurationSeconds: -1, acquireTime: '2023-11-14T22:13:20.123456Z' },
    });
  });

  it('map entries without a value hold the value type\'s zero value (ResourceQuota hard: Quantity "0")', () => {
    const spec = new Writer().message(1, new Writer().string(1, 'pods')).message(1, new Writer().string(1, 'cpu').message(2, new Writer().string(1, '2')));
    expect(decodeMessage(spec.bytesOut(), 'io.k8s.api.core.v1.ResourceQuotaSpec')).toEqual({ hard: { pods: '0', cpu: '2' } });
  });

  it('repeated integers packed and unpacked (PodSecurityContext.supplementalGroups = 4)', () => {
    const packed = new Writer().varintRaw(1).varintRaw(300).varintRaw(-5);
    const sc = new Writer().tag(4, 2).varintRaw(packed.out.length);
    sc.out.push(...packed.out);
    sc.varint(4, 7);
    expect(decodeMessage(sc.bytesOut(), 'io.k8s.api.core.v1.PodSecurityContext')).toEqual({ supplementalGroups: [1, 300, -5, 7] });
  });
});

const deployment = {
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web', tier: 'frontend' }, annotations: { note: 'x' }, creationTimestamp: '2024-01-02T03:04:05Z' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.27',
            args: ['-g', 'daemon off;'],
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            env: [{ name: 'A', value: '1' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1' } },
            readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 80 } },
            volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx', readOnly: true }],
          },
        ],
        volumes: [{ name: 'conf', configMap: { name: 'nginx-conf', defaultMode: 420 } }, { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
        imagePullSecrets: [{ name: 'regcred' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }],
        terminationGracePeriodSeconds: 30,
      },
    },
  },
};

describe('protobuf round trips through the schema-driven test encoder', () => {
  it('Deployment: nested messages, repeated fields, maps, IntOrString, Quantity, inlined structs', () => {
    const body = envelope('apps/v1', 'Deployment', encodeObject(deployment, 'io.k8s.api.apps.v1.Deployment'));
    expect(decodeProtobufBody(body)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', ...deployment });
  });

  it.each([
    ['v1', 'Service', { metadata: { name: 's' }, spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }], selector: { a: 'b' } } }],
    ['v1', 'Namespace', { metadata: { name: 'team-a' } }],
    ['batch/v1', 'CronJob', { metadata: { name: 'c' }, spec: { schedule: '*/5 * * * *', suspend: true, jobTemplate: { spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['date'] }] } } } } } }],
    ['rbac.authorization.k8s.io/v1', 'Role', { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }],
    ['v1', 'PersistentVolume', { metadata: { name: 'pv' }, spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } }],
  ])('%s %s', (apiVersion, kind, obj) => {
    expect(decodeProtobufBody(envelope(apiVersion, kind, encodeObject(obj, schemaOf(apiVersion, kind))))).toEqual({ apiVersion, kind, ...obj });
  });
});

function schemaOf(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  const g = group.replace('.authorization.k8s.io', '');
  return `io.k8s.api.${g}.${version}.${kind}`;
}
