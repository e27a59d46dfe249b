/**
 * /healthz, /livez and /readyz as kube-apiserver answers them: `ok`, each named check at its own
 * path, and `?verbose` listing every check. The simulated apiserver is healthy whenever it answers.
 */
import type { ApiRequest, ApiResponse } from './types';

const livezChecks = [
  'ping',
  'log',
  'etcd',
  'poststarthook/start-apiserver-admission-initializer',
  'poststarthook/generic-apiserver-start-informers',
  'poststarthook/priority-and-fairness-config-consumer',
  'poststarthook/priority-and-fairness-filter',
  'poststarthook/storage-object-count-tracker-hook',
  'poststarthook/start-system-namespaces-controller',
  'poststarthook/start-cluster-authentication-info-controller',
  'poststarthook/start-kube-apiserver-identity-lease-controller',
  'poststarthook/start-kube-apiserver-identity-lease-garbage-collector',
  'poststarthook/start-legacy-token-tracking-controller',
  'poststarthook/start-service-ip-repair-controllers',
  'poststarthook/rbac/bootstrap-roles',
  'poststarthook/scheduling/bootstrap-system-priority-classes',
  'poststarthook/priority-and-fairness-config-producer',
  'poststarthook/bootstrap-controller',
  'poststarthook/start-kube-aggregator-informers',
  'poststarthook/apiservice-registration-controller',
  'poststarthook/apiservice-discovery-controller',
  'poststarthook/kube-apiserver-autoregistration',
  'autoregister-completion',
  'poststarthook/apiservice-openapi-controller',
  'poststarthook/apiservice-openapiv3-controller',
];

const checks: Record<string, string[]> = {
  healthz: livezChecks,
  livez: livezChecks,
  readyz: [...livezChecks.slice(0, 3), 'etcd-readiness', 'informer-sync', ...livezChecks.slice(3), 'shutdown'],
};

const text = (body: string): ApiResponse => ({ kind: 'response', status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

/** The response for a health path, or undefined if the path is not one. */
export function healthResponse(req: ApiRequest): ApiResponse | undefined {
  const m = /^\/(healthz|livez|readyz)(?:\/(.+?))?\/?$/.exec(req.path);
  if (!m) return undefined;
  const [, endpoint, check] = m;
  const list = checks[endpoint];
  if (check !== undefined) return list.includes(check) ? text('ok') : undefined;
  if (req.query?.verbose === undefined) return text('ok');
  return text(`${list.map((c) => `[+]${c} ok`).join('\n')}\n${endpoint} check passed\n`);
}
