/**
 * The "Add node" form: text fields to a NodeLayout (labels as `key=value`, taints as kubectl taint
 * writes them, `key=value:Effect`), and the worker's field-path problems back onto the fields.
 */
import type { NodeLayout, TaintEffect } from '../../workers/scenario/node-layout';

export interface NodeFormFields {
  name: string;
  cpu: string;
  memory: string;
  pods: string;
  labels: string;
  taints: string;
}

export type NodeFormField = keyof NodeFormFields;

/** Problems per field (and `form` for the rest). */
export type NodeFormErrors = Partial<Record<NodeFormField | 'form', string[]>>;

const tokens = (s: string) => s.split(/[\s,]+/).filter(Boolean);

function parseLabels(text: string, errors: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const t of tokens(text)) {
    const eq = t.indexOf('=');
    if (eq <= 0) errors.push(`${JSON.stringify(t)}: a label is key=value`);
    else out[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return Object.keys(out).length ? out : undefined;
}

/** `key=value:Effect` or `key:Effect`, as `kubectl taint nodes` reads a taint. */
function parseTaints(text: string, errors: string[]): NodeLayout['taints'] {
  const out: NonNullable<NodeLayout['taints']> = [];
  for (const t of tokens(text)) {
    const colon = t.lastIndexOf(':');
    if (colon <= 0) {
      errors.push(`invalid taint spec: ${t}`);
      continue;
    }
    const [key, value] = t.slice(0, colon).split(/=(.*)/s, 2);
    out.push({ key, ...(value !== undefined && { value }), effect: t.slice(colon + 1) as TaintEffect });
  }
  return out.length ? out : undefined;
}

/** The layout the fields describe, or the problems the text itself has (the worker checks the rest). */
export function nodeLayoutFromForm(f: NodeFormFields): { node?: NodeLayout; errors: NodeFormErrors } {
  const errors: NodeFormErrors = {};
  const labelErrs: string[] = [];
  const taintErrs: string[] = [];
  const node: NodeLayout = { name: f.name.trim() };
  if (f.cpu.trim()) node.cpu = f.cpu.trim();
  if (f.memory.trim()) node.memory = f.memory.trim();
  if (f.pods.trim()) {
    const n = Number(f.pods.trim());
    if (!/^\d+$/.test(f.pods.trim())) errors.pods = [`Invalid value: ${JSON.stringify(f.pods.trim())}: must be an integer`];
    else node.maxPods = n;
  }
  const labels = parseLabels(f.labels, labelErrs);
  if (labels) node.labels = labels;
  const taints = parseTaints(f.taints, taintErrs);
  if (taints) node.taints = taints;
  if (labelErrs.length) errors.labels = labelErrs;
  if (taintErrs.length) errors.taints = taintErrs;
  return Object.keys(errors).length ? { errors } : { node, errors };
}

const FIELD_OF: [string, NodeFormField][] = [
  ['node.name', 'name'],
  ['node.cpu', 'cpu'],
  ['node.memory', 'memory'],
  ['node.maxPods', 'pods'],
  ['node.labels', 'labels'],
  ['node.taints', 'taints'],
];

/** The worker's problems (`node.taints[0].effect: Unsupported value: ...`) by form field, their messages without the `node.` prefix. */
export function formErrorsFromCauses(causes: readonly { path: string; message: string }[]): NodeFormErrors {
  const out: NodeFormErrors = {};
  for (const c of causes) {
    const field = FIELD_OF.find(([p]) => c.path === p || c.path.startsWith(`${p}.`) || c.path.startsWith(`${p}[`))?.[1] ?? 'form';
    (out[field] ??= []).push(c.message.replace(/^node\./, ''));
  }
  return out;
}
