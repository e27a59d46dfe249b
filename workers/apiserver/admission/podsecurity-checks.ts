/**
 * The Pod Security Standards checks (baseline and restricted, "latest"), each returning upstream's
 * reason and detail text, e.g. `allowPrivilegeEscalation != false (container "web" must set
 * securityContext.allowPrivilegeEscalation=false)`.
 */

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}
/** The parts of a pod spec the standards look at. */
export interface PodSpecView {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: ({ name: string } & Record<string, unknown>)[];
}

/** One failed check. */
export interface Violation {
  reason: string;
  detail: string;
}

type Check = (spec: PodSpecView, containers: Container[]) => Violation | undefined;

const baselineCapabilities = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const restrictedVolumeTypes = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

function quoted(names: string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}

function containersPhrase(names: string[], verbSingular: string, verbPlural: string): string {
  return names.length === 1 ? `container ${quoted(names)} ${verbSingular}` : `containers ${quoted(names)} ${verbPlural}`;
}

const hostNamespaces: Check = (spec) => {
  const set = [['hostNetwork', spec.hostNetwork], ['hostPID', spec.hostPID], ['hostIPC', spec.hostIPC]].filter(([, v]) => v === true).map(([k]) => `${k}=true`);
  return set.length ? { reason: 'host namespaces', detail: set.join(', ') } : undefined;
};

const privileged: Check = (_s, cs) => {
  const bad = cs.filter((c) => c.securityContext?.privileged === true).map((c) => c.name);
  return bad.length ? { reason: 'privileged', detail: `${containersPhrase(bad, 'must not set', 'must not set')} securityContext.privileged=true` } : undefined;
};

const capabilities: Check = (_s, cs) => {
  const parts: string[] = [];
  for (const c of cs) {
    const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => !baselineCapabilities.has(cap));
    if (extra.length) parts.push(`container ${JSON.stringify(c.name)} must not include ${quoted(extra)} in securityContext.capabilities.add`);
  }
  return parts.length ? { reason: 'non-default capabilities', detail: parts.join('; ') } : undefined;
};

const hostPath: Check = (spec) => {
  const bad = (spec.volumes ?? []).filter((v) => v.hostPath !== undefined).map((v) => v.name);
  return bad.length ? { reason: 'hostPath volumes', detail: `${bad.length === 1 ? 'volume' : 'volumes'} ${quoted(bad)}` } : undefined;
};

const hostPorts: Check = (_s, cs) => {
  const parts: string[] = [];
  for (const c of cs) {
    const ports = (c.ports ?? []).map((p) => p.hostPort).filter((p): p is number => !!p);
    if (ports.length) parts.push(`container ${JSON.stringify(c.name)} uses ${ports.length === 1 ? 'hostPort' : 'hostPorts'} ${ports.join(', ')}`);
  }
  return parts.length ? { reason: 'hostPort', detail: parts.join('; ') } : undefined;
};

const volumeTypes: Check = (spec) => {
  const byType = new Map<string, string[]>();
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type && !restrictedVolumeTypes.has(type) && type !== 'hostPath') byType.set(type, [...(byType.get(type) ?? []), v.name]);
  }
  if (byType.size === 0) return undefined;
  const parts = [...byType].map(([t, names]) => `${names.length === 1 ? 'volume' : 'volumes'} ${quoted(names)} ${names.length === 1 ? 'uses' : 'use'} restricted volume type ${JSON.stringify(t)}`);
  return { reason: 'restricted volume types', detail: parts.join('; ') };
};

const privilegeEscalation: Check = (_s, cs) => {
  const bad = cs.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  return bad.length ? { reason: 'allowPrivilegeEscalation != false', detail: `${containersPhrase(bad, 'must set', 'must set')} securityContext.allowPrivilegeEscalation=false` } : undefined;
};

const dropAll: Check = (_s, cs) => {
  const notDropped = cs.filter((c) => !(c.securityContext?.capabilities?.drop ?? []).includes('ALL')).map((c) => c.name);
  const adds: string[] = [];
  for (const c of cs) {
    const extra = (c.securityContext?.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (extra.length) adds.push(`container ${JSON.stringify(c.name)} must not include ${quoted(extra)} in securityContext.capabilities.add`);
  }
  const parts = [];
  if (notDropped.length) parts.push(`${containersPhrase(notDropped, 'must set', 'must set')} securityContext.capabilities.drop=["ALL"]`);
  parts.push(...adds);
  return parts.length ? { reason: 'unrestricted capabilities', detail: parts.join('; ') } : undefined;
};

function podLevel(
  spec: PodSpecView,
  cs: Container[],
  test: (sc?: SecurityContext) => boolean | undefined,
  what: string,
  forbiddenWhat: string,
  reason: string,
): Violation | undefined {
  const podOk = test(spec.securityContext) === true;
  const bad = cs.filter((c) => {
    const own = test(c.securityContext);
    return own === false || (own === undefined && !podOk);
  });
  if (!bad.length) return undefined;
  const names = bad.map((c) => c.name);
  if (podOk) return { reason, detail: `${containersPhrase(names, 'must not set', 'must not set')} ${forbiddenWhat}` };
  return { reason, detail: `pod or ${names.length === 1 ? 'container' : 'containers'} ${quoted(names)} must set ${what}` };
}

const runAsNonRoot: Check = (spec, cs) =>
  podLevel(spec, cs, (sc) => sc?.runAsNonRoot, 'securityContext.runAsNonRoot=true', 'securityContext.runAsNonRoot=false', 'runAsNonRoot != true');

const seccomp: Check = (spec, cs) =>
  podLevel(
    spec,
    cs,
    (sc) => (sc?.seccompProfile?.type === undefined ? undefined : sc.seccompProfile.type === 'RuntimeDefault' || sc.seccompProfile.type === 'Localhost'),
    'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    'securityContext.seccompProfile.type to "Unconfined"',
    'seccompProfile',
  );

/** The checks of each level, in upstream's reporting order. */
export const levelChecks: Record<'baseline' | 'restricted', Check[]> = {
  baseline: [hostNamespaces, privileged, capabilities, hostPath, hostPorts],
  restricted: [hostNamespaces, privileged, capabilities, hostPath, hostPorts, volumeTypes, privilegeEscalation, dropAll, runAsNonRoot, seccomp],
};

/** Every violation of `level` in a pod spec. */
export function evaluatePodSpec(spec: PodSpecView, level: 'privileged' | 'baseline' | 'restricted'): Violation[] {
  if (level === 'privileged') return [];
  const cs = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  const out: Violation[] = [];
  for (const check of levelChecks[level]) {
    const v = check(spec, cs);
    if (v) out.push(v);
  }
  return out;
}
