/**
 * Where the architecture view draws each box (control plane, etcd, clients, nodes) and the route a
 * message takes between them: a request goes from its client through the apiserver's pipeline stages
 * (stopping at the stage that refused it) to etcd when it wrote; a watch event goes from the
 * apiserver to the component that watches. Coordinates are in the SVG's 800 x 600 viewBox.
 */
import type { TraceMessage } from '../../workers/cluster/trace-stream';

export interface Box {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Smaller parts drawn inside (a node's kubelet, kube-proxy, CRI, CNI, CSI). */
  parts?: string[];
}

export interface Point {
  x: number;
  y: number;
}

/** The kubectl box's second line: the dashboard acts as the same admin user (worded per language). */
export const DASHBOARD_PART = 'dashboard';

export const VIEW_WIDTH = 800;
export const VIEW_HEIGHT = 600;

/** The pipeline stages the apiserver box shows, in upstream's filter order. */
export const PIPELINE_STAGES = ['authentication', 'audit', 'impersonation', 'flowcontrol', 'authorization', 'mutating-admission', 'validation', 'validating-admission', 'storage'] as const;

/** The most nodes drawn one by one; the others share a "+N" box. */
export const MAX_NODE_BOXES = 4;

const APISERVER = { x: 120, y: 200, w: 540, h: 120 };

/** Every box of the view for a cluster with these nodes. */
export function layoutBoxes(nodeNames: readonly string[]): Box[] {
  const boxes: Box[] = [
    { id: 'kubectl', label: 'kubectl', x: 6, y: 225, w: 100, h: 70, parts: [DASHBOARD_PART] },
    { id: 'kube-scheduler', label: 'kube-scheduler', x: 120, y: 40, w: 180, h: 80 },
    { id: 'kube-controller-manager', label: 'kube-controller-manager', x: 312, y: 40, w: 276, h: 80 },
    { id: 'kube-apiserver', label: 'kube-apiserver', ...APISERVER },
    { id: 'etcd', label: 'etcd', x: 676, y: 225, w: 118, h: 70 },
    { id: 'users', label: 'other clients', x: 600, y: 40, w: 194, h: 80 },
  ];
  const shown = nodeNames.slice(0, MAX_NODE_BOXES);
  const extra = nodeNames.length - shown.length;
  const slots = shown.length + (extra > 0 ? 1 : 0);
  const gap = 12;
  const w = Math.min(200, (VIEW_WIDTH - 12 - gap * (slots - 1)) / Math.max(1, slots));
  shown.forEach((name, i) => {
    boxes.push({ id: `node:${name}`, label: name, x: 6 + i * (w + gap), y: 400, w, h: 190, parts: ['kubelet', 'kube-proxy', 'runtime (CRI)', 'CNI', 'CSI'] });
  });
  if (extra > 0) boxes.push({ id: 'node:+', label: `+${extra} nodes`, x: 6 + shown.length * (w + gap), y: 400, w, h: 190 });
  return boxes;
}

/** The centre of a stage chip inside the apiserver box. */
export function stagePoint(stage: string): Point {
  const i = Math.max(0, PIPELINE_STAGES.indexOf(stage as (typeof PIPELINE_STAGES)[number]));
  const step = APISERVER.w / PIPELINE_STAGES.length;
  return { x: APISERVER.x + step * (i + 0.5), y: APISERVER.y + APISERVER.h - 42 };
}

function centre(b: Box): Point {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** The box a message's end belongs to (`kubelet:worker-1` lives in the node box). */
export function boxIdFor(end: string, boxes: readonly Box[]): string {
  if (end.startsWith('kubelet:')) {
    const id = `node:${end.slice('kubelet:'.length)}`;
    return boxes.some((b) => b.id === id) ? id : 'node:+';
  }
  if (end.startsWith('user:')) return 'users';
  if (end === 'kube-proxy') return boxes.find((b) => b.id.startsWith('node:'))?.id ?? 'users';
  return boxes.some((b) => b.id === end) ? end : 'users';
}

/** The points a message travels through, in order. */
export function routeOf(m: TraceMessage, boxes: readonly Box[]): Point[] {
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const at = (end: string) => centre(byId.get(boxIdFor(end, boxes)) ?? byId.get('users')!);
  if (m.kind === 'watch') return [stagePoint('storage'), at(m.to)];
  const points = [at(m.from)];
  for (const s of m.stages ?? []) {
    if (!PIPELINE_STAGES.includes(s.stage as (typeof PIPELINE_STAGES)[number])) continue;
    points.push(stagePoint(s.stage));
    if (s.outcome === 'denied' || s.outcome === 'error') return points;
  }
  if (m.revision) points.push(centre(byId.get('etcd')!));
  return points;
}

/** The point `t` (0..1) of the way along a route, by length. */
export function pointAlong(route: readonly Point[], t: number): Point {
  if (route.length === 1) return route[0];
  const lengths = route.slice(1).map((p, i) => Math.hypot(p.x - route[i].x, p.y - route[i].y));
  const total = lengths.reduce((a, b) => a + b, 0) || 1;
  let left = Math.min(1, Math.max(0, t)) * total;
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] ? Math.min(1, left / lengths[i]) : 1;
      return { x: route[i].x + (route[i + 1].x - route[i].x) * f, y: route[i].y + (route[i + 1].y - route[i].y) * f };
    }
    left -= lengths[i];
  }
  return route[route.length - 1];
}
