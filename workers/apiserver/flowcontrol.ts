/**
 * API Priority and Fairness classification: which of upstream's bootstrap FlowSchemas a request
 * matches (lowest matchingPrecedence first) and so which priority level it queues in. The simulated
 * apiserver never runs out of seats, so this is what the request pipeline shows, not a limiter.
 */
import type { RequestInfo } from './requestinfo';
import type { UserInfo } from './types';

/** The FlowSchema a request matched and its PriorityLevelConfiguration. */
export interface FlowClassification {
  flowSchema: string;
  priorityLevel: string;
  /** `flowSchema / priorityLevel`, made once per schema (every request's trace shows it). */
  detail: string;
}

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/livez']);

function inGroup(u: UserInfo, g: string): boolean {
  return u.groups.includes(g);
}

function isServiceAccount(u: UserInfo, namespace?: string): boolean {
  return u.username.startsWith(namespace === undefined ? 'system:serviceaccount:' : `system:serviceaccount:${namespace}:`);
}

/** Upstream's bootstrap FlowSchemas in precedence order, as predicates. */
const SCHEMAS: { name: string; level: string; matches: (u: UserInfo, ri: RequestInfo) => boolean }[] = [
  { name: 'exempt', level: 'exempt', matches: (u) => inGroup(u, 'system:masters') },
  { name: 'probes', level: 'exempt', matches: (_, ri) => !ri.isResourceRequest && ri.verb === 'get' && PROBE_PATHS.has(ri.path) },
  {
    name: 'system-leader-election',
    level: 'leader-election',
    matches: (u, ri) =>
      (u.username === 'system:kube-controller-manager' || u.username === 'system:kube-scheduler' || isServiceAccount(u, 'kube-system')) &&
      ri.namespace === 'kube-system' &&
      ((ri.apiGroup === 'coordination.k8s.io' && ri.resource === 'leases') || (ri.apiGroup === '' && (ri.resource === 'endpoints' || ri.resource === 'configmaps'))) &&
      ['get', 'create', 'update'].includes(ri.verb),
  },
  {
    name: 'system-node-high',
    level: 'node-high',
    matches: (u, ri) => inGroup(u, 'system:nodes') && (ri.resource === 'nodes' || (ri.resource === 'leases' && ri.namespace === 'kube-node-lease')),
  },
  { name: 'system-nodes', level: 'system', matches: (u) => inGroup(u, 'system:nodes') },
  { name: 'kube-controller-manager', level: 'workload-high', matches: (u) => u.username === 'system:kube-controller-manager' },
  { name: 'kube-scheduler', level: 'workload-high', matches: (u) => u.username === 'system:kube-scheduler' },
  { name: 'kube-system-service-accounts', level: 'workload-high', matches: (u) => isServiceAccount(u, 'kube-system') },
  { name: 'service-accounts', level: 'workload-low', matches: (u) => isServiceAccount(u) },
  { name: 'global-default', level: 'global-default', matches: (u) => inGroup(u, 'system:authenticated') || inGroup(u, 'system:unauthenticated') },
];

const classification = (flowSchema: string, priorityLevel: string): FlowClassification => Object.freeze({ flowSchema, priorityLevel, detail: `${flowSchema} / ${priorityLevel}` });
const CLASSIFICATIONS = SCHEMAS.map((s) => classification(s.name, s.level));
const CATCH_ALL = classification('catch-all', 'catch-all');

/** The FlowSchema and priority level upstream's defaults give this request (shared, frozen). */
export function classifyRequest(user: UserInfo, ri: RequestInfo): FlowClassification {
  for (let i = 0; i < SCHEMAS.length; i++) if (SCHEMAS[i].matches(user, ri)) return CLASSIFICATIONS[i];
  return CATCH_ALL;
}
