/**
 * Go type names as kube-apiserver's JSON decoder prints them in unmarshal errors (`int32`,
 * `[]v1.Container`, `map[string]string`, `v1.PullPolicy`). The generated structure file only stores a
 * field's Go type where it differs from what its schema implies; this derives the implied one.
 */
import type { SchemaNode } from './schema';

const REF_PREFIX = '#/components/schemas/';

/** Special schema names the decoder treats by their Go semantics rather than their shape. */
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';

/** The schema name a `$ref` points to. */
export function refName(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
}

/** `$ref` value for a schema name. */
export function refTo(name: string): string {
  return REF_PREFIX + name;
}

/** `io.k8s.api.apps.v1.DeploymentSpec` -> `v1.DeploymentSpec`; `...api.resource.Quantity` -> `resource.Quantity`. */
export function goNameOfSchema(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** The short (struct) name of a schema: `DeploymentSpec`. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The Go type a schema node implies when the facts do not say otherwise. */
export function impliedGoType(node: SchemaNode): string {
  if (node.$ref) return goNameOfSchema(refName(node.$ref));
  switch (node.type) {
    case 'string':
      return node.format === 'byte' ? '[]byte' : 'string';
    case 'boolean':
      return 'bool';
    case 'integer':
      return node.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'array':
      return '[]' + (node.items ? impliedGoType(node.items) : 'interface {}');
    case 'object':
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        return 'map[string]' + impliedGoType(node.additionalProperties);
      }
      return 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}
