/**
 * Defaulting of the kinds outside core and the workloads: RBAC bindings, PriorityClass,
 * HorizontalPodAutoscaler (v1 and v2), NetworkPolicy and EndpointSlice.
 */
import { child, existing, items, setDefault, setDefaultString, type Obj } from './util';

const rbacGroup = 'rbac.authorization.k8s.io';

/** RoleBinding / ClusterRoleBinding: roleRef and subjects get their API group. */
export function defaultRoleBinding(obj: Obj): void {
  const roleRef = existing(obj, 'roleRef');
  if (roleRef) setDefaultString(roleRef, 'apiGroup', rbacGroup);
  for (const subject of items(obj, 'subjects')) {
    if (subject.apiGroup) continue;
    if (subject.kind === 'ServiceAccount') subject.apiGroup = '';
    else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = rbacGroup;
  }
}

/** PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(obj: Obj): void {
  setDefaultString(obj, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** The scale-up rules upstream fills into a partially given behavior. */
function scaleUpRules(rules: Obj | undefined): Obj {
  const out: Obj = { ...rules };
  setDefault(out, 'stabilizationWindowSeconds', 0);
  setDefaultString(out, 'selectPolicy', 'Max');
  if (!Array.isArray(out.policies) || out.policies.length === 0) {
    out.policies = [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ];
  }
  return out;
}

function scaleDownRules(rules: Obj | undefined): Obj {
  const out: Obj = { ...rules };
  setDefault(out, 'stabilizationWindowSeconds', 300);
  setDefaultString(out, 'selectPolicy', 'Max');
  if (!Array.isArray(out.policies) || out.policies.length === 0) {
    out.policies = [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  }
  return out;
}

/** HPA: minReplicas 1; in v2 also the 80% CPU metric when none is given and the behavior rules. */
export function defaultHorizontalPodAutoscaler(obj: Obj, version: string): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'minReplicas', 1);
  if (version === 'v1') return;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = existing(spec, 'behavior');
  if (behavior) {
    behavior.scaleUp = scaleUpRules(existing(behavior, 'scaleUp'));
    behavior.scaleDown = scaleDownRules(existing(behavior, 'scaleDown'));
  }
}

/** NetworkPolicy: port protocol TCP; policyTypes Ingress, plus Egress when egress rules exist. */
export function defaultNetworkPolicy(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  for (const dir of ['ingress', 'egress']) {
    for (const rule of items(spec, dir)) for (const port of items(rule, 'ports')) setDefaultString(port, 'protocol', 'TCP');
  }
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    const types = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.push('Egress');
    spec.policyTypes = types;
  }
}

/** EndpointSlice: each port gets name "" and protocol TCP. */
export function defaultEndpointSlice(obj: Obj): void {
  for (const port of items(obj, 'ports')) {
    setDefault(port, 'name', '');
    setDefaultString(port, 'protocol', 'TCP');
  }
}
