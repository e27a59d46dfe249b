/**
 * Cluster plumbing kinds: RBAC bindings, Leases, PriorityClasses, PodDisruptionBudgets, RuntimeClasses,
 * admission webhook configurations and CertificateSigningRequests.
 */
import type { KubeObject } from '../../api/types';
import { humanDuration } from '../age';
import { ageColumn, ageOf, apiDoc, arr, col, field, intOrString, nameColumn, nameOf, num, str, type Cell, type KindPrinter } from './format';

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjects(obj: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(obj, 'subjects')) {
    if (s.kind === 'ServiceAccount') sas.push(`${(s.namespace as string) ?? ''}/${(s.name as string) ?? ''}`);
    else if (s.kind === 'User') users.push((s.name as string) ?? '');
    else if (s.kind === 'Group') groups.push((s.name as string) ?? '');
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: string, schema: string): KindPrinter {
  return {
    columns: [
      nameColumn(),
      col('Role', 'string', apiDoc(schema, 'roleRef')),
      ageColumn(),
      col('Users', 'string', `Users in the ${what}`, 1),
      col('Groups', 'string', `Groups in the ${what}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    print(obj, ctx) {
      const cells: Cell[] = [nameOf(obj), `${str(obj, 'roleRef', 'kind')}/${str(obj, 'roleRef', 'name')}`, ageOf(obj, ctx)];
      if (ctx.wide) cells.push(...subjects(obj));
      return { cells };
    },
  };
}

/** RoleBindings: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. */
export const roleBindingPrinter = bindingPrinter('roleBinding', 'rbac.v1.RoleBinding');
/** ClusterRoleBindings: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS. */
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding', 'rbac.v1.ClusterRoleBinding');

/** Leases: NAME HOLDER AGE. */
export const leasePrinter: KindPrinter = {
  columns: [nameColumn(), col('Holder', 'string', apiDoc('coordination.v1.LeaseSpec', 'holderIdentity')), ageColumn()],
  print: (obj, ctx) => ({ cells: [nameOf(obj), str(obj, 'spec', 'holderIdentity'), ageOf(obj, ctx)] }),
};

/** PriorityClasses: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Value', 'integer', apiDoc('scheduling.v1.PriorityClass', 'value')),
    col('Global-Default', 'boolean', apiDoc('scheduling.v1.PriorityClass', 'globalDefault')),
    ageColumn(),
    col('PreemptionPolicy', 'string', apiDoc('scheduling.v1.PriorityClass', 'preemptionPolicy')),
  ],
  print(obj, ctx) {
    const cells: Cell[] = [nameOf(obj), num(obj, ['value']), field(obj, 'globalDefault') === true, ageOf(obj, ctx)];
    if (ctx.wide) cells.push(str(obj, 'preemptionPolicy'));
    return { cells };
  },
};

/** PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  print(obj, ctx) {
    const min = field(obj, 'spec', 'minAvailable');
    const max = field(obj, 'spec', 'maxUnavailable');
    return {
      cells: [
        nameOf(obj),
        min === undefined || min === null ? 'N/A' : intOrString(min),
        max === undefined || max === null ? 'N/A' : intOrString(max),
        num(obj, ['status', 'disruptionsAllowed']),
        ageOf(obj, ctx),
      ],
    };
  },
};

/** RuntimeClasses: NAME HANDLER AGE. */
export const runtimeClassPrinter: KindPrinter = {
  columns: [nameColumn(), col('Handler', 'string', ''), ageColumn()],
  print: (obj, ctx) => ({ cells: [nameOf(obj), str(obj, 'handler'), ageOf(obj, ctx)] }),
};

/** Mutating and validating webhook configurations: NAME WEBHOOKS AGE. */
export const webhookConfigurationPrinter: KindPrinter = {
  columns: [nameColumn(), col('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'), ageColumn()],
  print: (obj, ctx) => ({ cells: [nameOf(obj), arr(obj, 'webhooks').length, ageOf(obj, ctx)] }),
};

function csrCondition(obj: KubeObject): string {
  const types = new Set(arr(obj, 'status', 'conditions').map((c) => c.type));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (str(obj, 'status', 'certificate')) status += ',Issued';
  return status;
}

/** CertificateSigningRequests: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION. */
export const certificateSigningRequestPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    ageColumn(),
    col('SignerName', 'string', apiDoc('certificates.v1.CertificateSigningRequestSpec', 'signerName')),
    col('Requestor', 'string', apiDoc('certificates.v1.CertificateSigningRequestSpec', 'request')),
    col('RequestedDuration', 'string', apiDoc('certificates.v1.CertificateSigningRequestSpec', 'expirationSeconds')),
    col('Condition', 'string', apiDoc('certificates.v1.CertificateSigningRequestStatus', 'conditions')),
  ],
  print(obj, ctx) {
    const seconds = field(obj, 'spec', 'expirationSeconds');
    const duration = typeof seconds === 'number' ? humanDuration(seconds * 1000) : '<none>';
    return { cells: [nameOf(obj), ageOf(obj, ctx), str(obj, 'spec', 'signerName') || '<none>', str(obj, 'spec', 'username'), duration, csrCondition(obj)] };
  },
};
