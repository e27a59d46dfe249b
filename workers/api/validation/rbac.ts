/** RBAC validation as upstream's rbac validation: rules, role references and subjects. */
import { field } from '../errors';
import { nameIsDNSSubdomain, pathSegmentName } from '../names';
import type { FieldError, KubeObject } from '../types';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { arr, invalidEach, jsonEqual, obj, str } from './util';

const rbacGroup = 'rbac.authorization.k8s.io';

function validateRule(rule: unknown, path: string, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(rule, 'verbs').length === 0) errs.push(field.required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = arr(rule, 'nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced) errs.push(field.invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (arr(rule, 'apiGroups').length || arr(rule, 'resources').length || arr(rule, 'resourceNames').length) {
      errs.push(field.invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (arr(rule, 'apiGroups').length === 0) errs.push(field.required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (arr(rule, 'resources').length === 0) errs.push(field.required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

/** ValidateRole / ValidateClusterRole. */
export function validateRole(role: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(role.metadata, { namespaced, nameCheck: pathSegmentName });
  arr(role, 'rules').forEach((r, i) => errs.push(...validateRule(r, `rules[${i}]`, namespaced)));
  arr(obj(role, 'aggregationRule'), 'clusterRoleSelectors').forEach((s, i) => {
    errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
  });
  return errs;
}

function validateSubject(subject: unknown, path: string, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject, 'name');
  if (!name) errs.push(field.required(`${path}.name`, ''));
  const kind = str(subject, 'kind');
  const apiGroup = str(subject, 'apiGroup');
  switch (kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidEach(`${path}.name`, name, nameIsDNSSubdomain(name, false)));
      if (apiGroup) errs.push(field.notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !str(subject, 'namespace')) errs.push(field.required(`${path}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) errs.push(field.notSupported(`${path}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(field.notSupported(`${path}.kind`, kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

/** ValidateRoleBinding / ValidateClusterRoleBinding. */
export function validateRoleBinding(b: KubeObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(b.metadata, { namespaced, nameCheck: pathSegmentName });
  const ref = obj(b, 'roleRef');
  const apiGroup = str(ref, 'apiGroup');
  if (apiGroup !== rbacGroup) errs.push(field.notSupported('roleRef.apiGroup', apiGroup, [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = str(ref, 'kind');
  if (!kinds.includes(kind)) errs.push(field.notSupported('roleRef.kind', kind, kinds));
  const name = str(ref, 'name');
  if (!name) errs.push(field.required('roleRef.name', ''));
  else errs.push(...invalidEach('roleRef.name', name, pathSegmentName(name, false)));
  arr(b, 'subjects').forEach((s, i) => errs.push(...validateSubject(s, `subjects[${i}]`, namespaced)));
  return errs;
}

/** ValidateRoleBindingUpdate: the role reference is fixed. */
export function validateRoleBindingUpdate(b: KubeObject, old: KubeObject, namespaced: boolean): FieldError[] {
  const errs = [...validateObjectMetaUpdate(b, old), ...validateRoleBinding(b, namespaced)];
  if (!jsonEqual(b.roleRef, old.roleRef)) errs.push(field.invalid('roleRef', b.roleRef, 'cannot change roleRef'));
  return errs;
}
