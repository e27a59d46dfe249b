/** Builders for the endpoint controllers' tests: pods with IPs and readiness, services, nodes. */
import type { KubeObject } from '../../api/types';
import type { Client } from '../../client/client';

const PODS = { group: '', version: 'v1', resource: 'pods' };
const SERVICES = { group: '', version: 'v1', resource: 'services' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };

/** What a test pod looks like. */
export interface PodSpecOpts {
  labels?: Record<string, string>;
  ip?: string;
  ready?: boolean;
  node?: string | null;
  httpPort?: number;
  hostname?: string;
  subdomain?: string;
  /** The Ready condition's lastTransitionTime. */
  readySince?: string;
}

/** Creates a pod and, when it has an IP, gives it a Running status with that IP and readiness. */
export async function createPod(admin: Client, name: string, o: PodSpecOpts = {}): Promise<KubeObject> {
  const container: Record<string, unknown> = { name: 'c', image: 'nginx' };
  if (o.httpPort) container.ports = [{ name: 'http', containerPort: o.httpPort, protocol: 'TCP' }];
  const spec: Record<string, unknown> = { containers: [container] };
  // Pods with an IP run somewhere: on `n1` unless told otherwise (null: no node at all).
  const node = o.node === undefined ? (o.ip ? 'n1' : undefined) : o.node ?? undefined;
  if (node) spec.nodeName = node;
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const pod = await admin.resource(PODS, 'default').create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: o.labels ?? { app: 'web' } }, spec });
  if (!o.ip) return pod;
  const withStatus = structuredClone(pod);
  withStatus.status = {
    phase: 'Running',
    podIP: o.ip,
    podIPs: [{ ip: o.ip }],
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.readySince ?? '2026-01-01T00:00:00Z' }],
  };
  return admin.resource(PODS, 'default').updateStatus(withStatus);
}

/** Creates a ClusterIP service selecting app=web (or as given). */
export async function createService(admin: Client, name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): Promise<KubeObject> {
  const full = { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...spec };
  return admin.resource(SERVICES, 'default').create({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(labels ? { labels } : {}) }, spec: full });
}

/** Creates a node in a zone. */
export async function createNode(admin: Client, name: string, zone?: string): Promise<KubeObject> {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name };
  if (zone) labels['topology.kubernetes.io/zone'] = zone;
  return admin.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels } });
}
