/** Shared pieces of the printers: column definitions with upstream's descriptions, and cell formatting. */
import type { KubeObject } from '../../api/types';
import { loadedDescriptions } from '../../api/schema/schema';
import { tryParseQuantity } from '../../api/quantity';
import { timestampSince } from '../age';

/** metav1.TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell as upstream's printers emit it: strings, int64 numbers, booleans. */
export type Cell = string | number | boolean;

/** metav1.TableRowCondition. */
export interface RowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** What a printer needs besides the object. */
export interface PrintContext {
  nowMs: number;
  /** Whether to fill the priority > 0 cells (upstream's GenerateOptions.Wide). */
  wide: boolean;
}

/** One row's cells, and the conditions upstream attaches to it (completed pods). */
export interface PrintedRow {
  cells: Cell[];
  conditions?: RowCondition[];
}

/** A kind's table: its columns and how one object becomes a row. */
export interface KindPrinter {
  columns: ColumnDefinition[];
  print(obj: KubeObject, ctx: PrintContext): PrintedRow;
}

/** A field whose upstream description a column carries, read when a table is printed. */
export interface FieldDoc {
  schema: string;
  field: string;
}

/**
 * A field's upstream description (the SwaggerDoc text upstream's column definitions carry), from the
 * generated schema descriptions: `doc('io.k8s.api.core.v1.PodSpec', 'nodeName')`. Old API versions
 * upstream names (extensions/v1beta1) are read from their current equivalents. Deferred: the
 * descriptions load lazily, after the printers' modules.
 */
export function doc(schema: string, field: string): FieldDoc {
  return { schema, field };
}

function fieldDescription({ schema, field }: FieldDoc): string {
  const descriptions = loadedDescriptions();
  const d = Object.hasOwn(descriptions, schema) ? descriptions[schema] : undefined;
  return d?.p && Object.hasOwn(d.p, field) ? d.p[field] : '';
}

const objectMeta = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A column definition; priority 1 marks the `-o wide` columns. */
export function col(name: string, type: string, description: string | FieldDoc, priority = 0, format = ''): ColumnDefinition {
  if (typeof description === 'string') return { name, type, format, description, priority };
  return {
    name,
    type,
    format,
    get description() {
      return fieldDescription(description);
    },
    priority,
  };
}

/** The NAME column every kind starts with. */
export const nameColumn = (): ColumnDefinition => col('Name', 'string', doc(objectMeta, 'name'), 0, 'name');

/** The AGE column. */
export const ageColumn = (): ColumnDefinition => col('Age', 'string', doc(objectMeta, 'creationTimestamp'));

/** The CREATED AT column of the default table. */
export const createdAtColumn = (): ColumnDefinition => col('Created At', 'date', doc(objectMeta, 'creationTimestamp'));

/** Shorthand for `doc` on an `io.k8s.api.<rest>` schema. */
export function apiDoc(rest: string, field: string): FieldDoc {
  return doc(`io.k8s.api.${rest}`, field);
}

/** The object's name. */
export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '';
}

/** The object's age as the AGE column prints it. */
export function ageOf(obj: KubeObject, ctx: PrintContext): string {
  return timestampSince(obj.metadata?.creationTimestamp, ctx.nowMs);
}

/** A nested field, or undefined when any step is missing. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, p)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** A nested string field, '' when absent. */
export function str(obj: unknown, ...path: string[]): string {
  const v = field(obj, ...path);
  return typeof v === 'string' ? v : '';
}

/** A nested integer field, `fallback` (0) when absent, as Go's zero value. */
export function num(obj: unknown, path: string[], fallback = 0): number {
  const v = field(obj, ...path);
  return typeof v === 'number' ? v : fallback;
}

/** A nested array field, [] when absent. */
export function arr<T = Record<string, unknown>>(obj: unknown, ...path: string[]): T[] {
  const v = field(obj, ...path);
  return Array.isArray(v) ? (v as T[]) : [];
}

/** A nested map field, {} when absent. */
export function map<T = string>(obj: unknown, ...path: string[]): Record<string, T> {
  const v = field(obj, ...path);
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, T>) : {};
}

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** layoutContainerCells: container names and images, each comma-joined. */
export function containerCells(containers: unknown[]): [string, string] {
  const cs = containers as { name?: string; image?: string }[];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: `a,b,c + 2 more...`, `<unset>` for an empty list. */
export function listWithMore(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** Quantity.String(): the canonical form of a quantity as stored, or the text itself if unparsable. */
export function quantityString(q: unknown): string {
  if (q === undefined || q === null) return '0';
  const parsed = tryParseQuantity(q);
  return parsed ? parsed.toString() : String(q);
}

/** intstr.IntOrString.String(). */
export function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(v ?? '');
}

/** printBoolPtr: `True`, `False` or `<unset>`. */
export function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** `Kind.group` as schema.GroupKind.String() writes it (`Kind` for the core group). */
export function groupKindString(apiVersion: string, kind: string): string {
  const i = apiVersion.indexOf('/');
  const group = i < 0 ? '' : apiVersion.slice(0, i);
  return group ? `${kind}.${group}` : kind;
}
