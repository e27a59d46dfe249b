/**
 * Patch metadata from the OpenAPI schema: for a field, its patch strategy
 * (`x-kubernetes-patch-strategy`), merge key (`x-kubernetes-patch-merge-key`) and the schema of its
 * value (maps) or items (lists). A field the schema does not know has no metadata: its maps merge
 * and its lists are replaced.
 */
import type { SchemaNode } from '../schema/schema';

/** Looks a named schema (`io.k8s.api.core.v1.PodSpec`) up. */
export type SchemaLookup = (name: string) => SchemaNode | undefined;

/** How a field merges. */
export interface PatchMeta {
  /** `merge`, `replace` or '' (lists replaced, maps merged). */
  strategy: string;
  /** Whether `retainKeys` is among the field's strategies. */
  retainKeys: boolean;
  mergeKey: string;
}

const REF_PREFIX = '#/components/schemas/';

/** Schema-driven metadata look-ups for one patch application. */
export class PatchMetaResolver {
  constructor(
    private readonly lookup: SchemaLookup,
    /** Server-side apply reads list-type/list-map-keys instead of the patch extensions. */
    private readonly applyMode = false,
  ) {}

  /** Follows `$ref` (and a single-entry allOf) to the node that has the properties. */
  resolve(node: SchemaNode | undefined): SchemaNode | undefined {
    let cur = node;
    for (let depth = 0; cur && depth < 16; depth++) {
      if (cur.$ref) {
        const name = cur.$ref.startsWith(REF_PREFIX) ? cur.$ref.slice(REF_PREFIX.length) : cur.$ref;
        cur = this.lookup(name);
      } else if (cur.allOf?.length === 1 && !cur.properties) {
        cur = cur.allOf[0];
      } else {
        return cur;
      }
    }
    return cur;
  }

  /** The raw (unresolved) schema node of field `key` in an object or map node. */
  field(parent: SchemaNode | undefined, key: string): SchemaNode | undefined {
    if (!parent) return undefined;
    if (parent.properties && Object.hasOwn(parent.properties, key)) return parent.properties[key];
    if (typeof parent.additionalProperties === 'object') return parent.additionalProperties;
    return undefined;
  }

  /** The strategy and merge key declared on a field node. */
  meta(fieldNode: SchemaNode | undefined): PatchMeta {
    if (!fieldNode) return { strategy: '', retainKeys: false, mergeKey: '' };
    if (this.applyMode) return this.applyMeta(fieldNode);
    const strategies = (fieldNode['x-kubernetes-patch-strategy'] ?? '').split(',').filter(Boolean);
    const retainKeys = strategies.includes('retainKeys');
    const rest = strategies.filter((s) => s !== 'retainKeys');
    if (rest.length > 1 || (retainKeys && strategies.length > 2)) {
      throw new Error(`unexpected patch strategy: [${strategies.join(' ')}]`);
    }
    return { strategy: rest[0] ?? '', retainKeys, mergeKey: fieldNode['x-kubernetes-patch-merge-key'] ?? '' };
  }

  private applyMeta(fieldNode: SchemaNode): PatchMeta {
    const listType = fieldNode['x-kubernetes-list-type'];
    if (listType === 'map') {
      return { strategy: 'merge', retainKeys: false, mergeKey: fieldNode['x-kubernetes-list-map-keys']?.[0] ?? '' };
    }
    if (listType === 'set') return { strategy: 'merge', retainKeys: false, mergeKey: '' };
    if (fieldNode['x-kubernetes-map-type'] === 'atomic') return { strategy: 'replace', retainKeys: false, mergeKey: '' };
    const resolved = this.resolve(fieldNode);
    if (resolved?.['x-kubernetes-map-type'] === 'atomic') return { strategy: 'replace', retainKeys: false, mergeKey: '' };
    return { strategy: '', retainKeys: false, mergeKey: '' };
  }

  /** The resolved schema of a map-valued field's value. */
  mapSchema(parent: SchemaNode | undefined, key: string): { schema: SchemaNode | undefined; meta: PatchMeta } {
    const node = this.field(parent, key);
    return { schema: this.resolve(node), meta: this.meta(node) };
  }

  /** The resolved schema of a list-valued field's items. */
  sliceSchema(parent: SchemaNode | undefined, key: string): { schema: SchemaNode | undefined; meta: PatchMeta } {
    const node = this.field(parent, key);
    const resolved = this.resolve(node);
    return { schema: this.resolve(resolved?.items ?? node?.items), meta: this.meta(node) };
  }
}
