/**
 * The RBAC authorizer: Role/ClusterRole/RoleBinding/ClusterRoleBinding read from the store, rules
 * cached per (user, namespace) and dropped whenever an RBAC object is written. Users no binding names
 * (every kubelet's system:node:<name>, for one) share their groups' rule sets: 5,000 kubelets are
 * then a few cached sets, not 20,000 rebuilt in turn.
 */
import type { KubeObject } from '../api/types';
import type { Store } from '../store/store';
import { coreKeys } from './keys';
import type { UserInfo } from './types';
import { ruleAllows, subjectMatches, type AuthzAttributes, type PolicyRule, type Subject } from './rbac-rules';
import { BoundedMemo } from '../api/bounded-memo';

/** An authorization decision with upstream's reason text. */
export interface Decision {
  allowed: boolean;
  reason: string;
}

interface SourcedRule {
  rule: PolicyRule;
  /** `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` for the audit reason. */
  source: string;
}

interface RuleSet {
  rules: SourcedRule[];
  errors: string[];
  /** Decisions already made from these rules, by the request's attributes (see decisionKey). */
  decisions: BoundedMemo<string, Decision>;
  /** Whether a rule names objects (resourceNames): only then does the object's name matter. */
  namesMatter: boolean;
}

/** Bound on cached rule sets; the whole cache is dropped when it fills (writes are rare). */
const maxCachedRuleSets = 2048;

/** Bound on the decisions cached per rule set. */
const maxCachedDecisions = 256;

/** Everything besides user and namespace that the set's rules can look at. */
function decisionKey(a: AuthzAttributes, namesMatter: boolean): string {
  if (!a.isResourceRequest) return `\u0001${a.verb}\u0000${a.path}`;
  const base = `${a.verb}\u0000${a.apiGroup}\u0000${a.resource}\u0000${a.subresource}`;
  return namesMatter ? `${base}\u0000${a.name}` : base;
}

/** A binding subject as upstream's reason names it; service accounts read `name/namespace`. */
function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** The first rule that allows the request decides; otherwise denied, with the rule set's errors. */
function decide(a: AuthzAttributes, set: RuleSet): Decision {
  for (const r of set.rules) if (ruleAllows(a, r.rule)) return { allowed: true, reason: `RBAC: allowed by ${r.source}` };
  const reason = set.errors.length === 0 ? '' : set.errors.length === 1 ? `RBAC: ${set.errors[0]}` : `RBAC: [${set.errors.join(', ')}]`;
  return { allowed: false, reason };
}

/** Evaluates RBAC for a request; `system:masters` is allowed everything, as upstream's superuser. */
export class RbacAuthorizer {
  private readonly cache = new Map<string, RuleSet>();
  /** Usernames some binding's User or ServiceAccount subject matches (read again after RBAC writes). */
  private namedUsers: Set<string> | undefined;
  constructor(private readonly store: Store) {}

  /** Drops cached rules; call after any write to an rbac.authorization.k8s.io object. */
  invalidate(): void {
    this.cache.clear();
    this.namedUsers = undefined;
  }

  authorize(a: AuthzAttributes): Decision {
    if (a.user.groups.includes('system:masters')) return { allowed: true, reason: '' };
    const set = this.rulesFor(a);
    // The rules are fixed until the next RBAC write drops the set: the same question gets the same answer.
    const key = decisionKey(a, set.namesMatter);
    return set.decisions.get(key) ?? set.decisions.remember(key, Object.freeze(decide(a, set)));
  }

  /** Every rule that applies to `user` in `namespace` (cluster-wide ones included), for rules reviews. */
  rulesOf(user: AuthzAttributes['user'], namespace: string): PolicyRule[] {
    const attrs: AuthzAttributes = { user, verb: '', isResourceRequest: true, apiGroup: '', resource: '', subresource: '', namespace, name: '', path: '' };
    return this.rulesFor(attrs).rules.map((r) => r.rule);
  }

  private rulesFor(a: AuthzAttributes): RuleSet {
    const ns = a.isResourceRequest ? a.namespace : '';
    const key = `${this.userKey(a.user)}\u0000${a.user.groups.join(',')}\u0000${ns}`;
    let set = this.cache.get(key);
    if (!set) {
      set = this.collect(a, ns);
      if (this.cache.size >= maxCachedRuleSets) this.cache.clear();
      this.cache.set(key, set);
    }
    return set;
  }

  // The part of the username a rule set depends on: all of it when a binding names the user; else
  // only whether the Node authorizer's prefix is there (only Group subjects can match such a user).
  private userKey(user: UserInfo): string {
    this.namedUsers ??= this.bindingUsernames();
    if (this.namedUsers.has(user.username)) return user.username;
    return user.username.startsWith('system:node:') ? '\u0002node' : '\u0002';
  }

  private bindingUsernames(): Set<string> {
    const names = new Set<string>();
    const bindings = [...this.store.list(coreKeys.clusterRoleBindings).items, ...this.store.list(coreKeys.allRoleBindings).items];
    for (const b of bindings) {
      for (const s of (b.subjects as Subject[] | undefined) ?? []) {
        if (s.kind === 'User') names.add(s.name);
        else if (s.kind === 'ServiceAccount') names.add(`system:serviceaccount:${s.namespace || b.metadata.namespace || ''}:${s.name}`);
      }
    }
    return names;
  }

  private collect(a: AuthzAttributes, ns: string): RuleSet {
    const set: RuleSet = { rules: [], errors: [], decisions: new BoundedMemo(maxCachedDecisions), namesMatter: false };
    // Stands in for upstream's Node authorizer: kubelets get the system:node role's rules.
    if (a.user.groups.includes('system:nodes') && a.user.username.startsWith('system:node:')) {
      const role = this.store.get(coreKeys.clusterRole('system:node'))?.object;
      for (const rule of (role?.rules as PolicyRule[] | undefined) ?? []) set.rules.push({ rule, source: 'Node authorizer' });
    }
    for (const b of this.store.list(coreKeys.clusterRoleBindings).items) this.addBinding(set, a, b, '');
    if (ns) for (const b of this.store.list(coreKeys.roleBindings(ns)).items) this.addBinding(set, a, b, ns);
    set.namesMatter = set.rules.some((r) => (r.rule.resourceNames?.length ?? 0) > 0);
    return set;
  }

  private addBinding(set: RuleSet, a: AuthzAttributes, binding: KubeObject, ns: string): void {
    const subjects = (binding.subjects as Subject[] | undefined) ?? [];
    const subject = subjects.find((s) => subjectMatches(s, a.user, ns));
    if (!subject) return;
    const ref = binding.roleRef as { kind: string; name: string } | undefined;
    if (!ref) return;
    const roleKey = ref.kind === 'ClusterRole' ? coreKeys.clusterRole(ref.name) : coreKeys.role(ns, ref.name);
    const role = this.store.get(roleKey)?.object;
    if (!role) {
      set.errors.push(`${ref.kind === 'ClusterRole' ? 'clusterrole' : 'role'}.rbac.authorization.k8s.io "${ref.name}" not found`);
      return;
    }
    const bindingKind = ns ? 'RoleBinding' : 'ClusterRoleBinding';
    const where = ns ? `${binding.metadata.name}/${ns}` : binding.metadata.name;
    const source = `${bindingKind} "${where}" of ${ref.kind} "${ref.name}" to ${describeSubject(subject, ns)}`;
    for (const rule of (role.rules as PolicyRule[] | undefined) ?? []) set.rules.push({ rule, source });
  }
}
