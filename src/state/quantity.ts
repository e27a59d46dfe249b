/**
 * Kubernetes resource quantities for display: `250m` cpu, `128Mi` memory, `8148668Ki`. The page only
 * sums and compares them, so numbers (cores, bytes) are precise enough; the apiserver keeps exact ones.
 */

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const pattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** A quantity as a plain number (`250m` is 0.25, `1Ki` is 1024); undefined when it does not parse. */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string') return undefined;
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? '';
  return n * (binary[suffix] ?? decimal[suffix]);
}

/** cpu for people: `250m`, `1.5`, `4` cores. */
export function formatCpu(cores: number): string {
  if (cores === 0) return '0';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return `${Math.round(cores * 100) / 100}`;
}

/** Memory for people with binary units: `70Mi`, `7.8Gi`. */
export function formatMemory(bytes: number): string {
  const units: [string, number][] = [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10}${unit}`;
    }
  }
  return `${Math.round(bytes)}`;
}

interface Container {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/**
 * What the scheduler counts for a pod, as upstream's resource helpers: the sum over containers, at
 * least the largest init container, plus the pod overhead. A container with a limit and no request
 * requests its limit (defaulting does that on the server; repeated here for objects seen raw).
 */
export function podRequests(spec: { containers?: Container[]; initContainers?: Container[]; overhead?: Record<string, unknown> } | undefined): { cpu: number; memory: number } {
  const sum = { cpu: 0, memory: 0 };
  const one = (c: Container, r: 'cpu' | 'memory') => parseQuantity(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) ?? 0;
  for (const c of spec?.containers ?? []) {
    sum.cpu += one(c, 'cpu');
    sum.memory += one(c, 'memory');
  }
  for (const c of spec?.initContainers ?? []) {
    sum.cpu = Math.max(sum.cpu, one(c, 'cpu'));
    sum.memory = Math.max(sum.memory, one(c, 'memory'));
  }
  sum.cpu += parseQuantity(spec?.overhead?.cpu) ?? 0;
  sum.memory += parseQuantity(spec?.overhead?.memory) ?? 0;
  return sum;
}
