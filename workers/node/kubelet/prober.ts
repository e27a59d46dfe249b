/**
 * One probe run against a simulated container (the kubelet's prober): exec, httpGet, tcpSocket and grpc
 * answer from the container's plan at the current moment, with upstream's failure output; grpc
 * answers SERVING once the program listens on the port.
 */
import { fileExists, type ContainerPlan } from '../runtime/behaviour';
import type { ContainerSpec, HookSpec, ProbeSpec } from './pod-types';

/** A probe's outcome and the text the Unhealthy event carries. */
export interface ProbeOutcome {
  ok: boolean;
  output: string;
}

/** Resolves a named or numeric port against the container's ports; undefined when the name is unknown. */
export function resolvePort(port: number | string, spec: ContainerSpec): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return spec.ports?.find((p) => p.name === port)?.containerPort;
}

/** Runs one probe at `sinceStartMs` into the container's life. */
export function runProbe(probe: ProbeSpec | HookSpec, plan: ContainerPlan, spec: ContainerSpec, podIP: string, sinceStartMs: number): ProbeOutcome {
  const unhealthy = plan.unhealthyAfterMs !== undefined && sinceStartMs >= plan.unhealthyAfterMs;
  if (probe.exec) return execProbe(probe.exec.command ?? [], plan, sinceStartMs, unhealthy);
  const listening = sinceStartMs >= plan.readyAfterMs;
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, spec);
    const path = probe.httpGet.path ?? '/';
    const scheme = ('scheme' in probe.httpGet && probe.httpGet.scheme === 'HTTPS' ? 'https' : 'http');
    const url = `${scheme}://${podIP}:${port ?? probe.httpGet.port}${path.startsWith('/') ? path : `/${path}`}`;
    if (port === undefined) return { ok: false, output: `unable to resolve port ${String(probe.httpGet.port)}` };
    if (!listening || !plan.ports.includes(port)) return { ok: false, output: `Get "${url}": dial tcp ${podIP}:${port}: connect: connection refused` };
    if (unhealthy) return { ok: false, output: 'HTTP probe failed with statuscode: 500' };
    const served = plan.httpPaths === 'any' || plan.httpPaths.includes(path.split('?')[0]);
    return served ? { ok: true, output: '' } : { ok: false, output: 'HTTP probe failed with statuscode: 404' };
  }
  if ('grpc' in probe && probe.grpc) {
    const port = probe.grpc.port;
    const timeoutS = ('timeoutSeconds' in probe ? probe.timeoutSeconds : undefined) ?? 1;
    if (!listening || !plan.ports.includes(port)) return { ok: false, output: `timeout: failed to connect service "${podIP}:${port}" within ${timeoutS}s: context deadline exceeded` };
    if (unhealthy) return { ok: false, output: 'service unhealthy (responded with "NOT_SERVING")' };
    return { ok: true, output: '' };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, spec);
    if (port === undefined) return { ok: false, output: `unable to resolve port ${String(probe.tcpSocket.port)}` };
    if (!listening || !plan.ports.includes(port) || unhealthy) return { ok: false, output: `dial tcp ${podIP}:${port}: connect: connection refused` };
    return { ok: true, output: '' };
  }
  return { ok: true, output: '' };
}

/** `cat /tmp/healthy`, `test -f`, `ls`: the file must exist per the plan; other commands succeed. */
function execProbe(command: string[], plan: ContainerPlan, sinceStartMs: number, unhealthy: boolean): ProbeOutcome {
  let words = command;
  if (['sh', '/bin/sh', 'bash', '/bin/bash'].includes(words[0]) && words[1] === '-c') words = (words[2] ?? '').split(/\s+/).filter(Boolean);
  const [cmd, ...args] = words;
  const paths = args.filter((a) => a.startsWith('/'));
  if (['cat', 'test', 'ls', 'stat', '[', '/bin/cat'].includes(cmd ?? '') && paths.length) {
    const missing = paths.find((p) => !fileExists(plan, p, sinceStartMs));
    if (missing) {
      if (cmd === 'cat' || cmd === '/bin/cat') return { ok: false, output: `cat: can't open '${missing}': No such file or directory\n` };
      if (cmd === 'ls') return { ok: false, output: `ls: ${missing}: No such file or directory\n` };
      return { ok: false, output: '' };
    }
  }
  if (cmd === 'false' || cmd === 'exit') return { ok: false, output: '' };
  if (unhealthy) return { ok: false, output: '' };
  return { ok: true, output: '' };
}

/** How long a preStop hook keeps the container busy, ms (a `sleep N` in the hook, or sleep.seconds). */
export function hookDurationMs(hook: HookSpec | undefined): number {
  if (!hook) return 0;
  if (hook.sleep) return hook.sleep.seconds * 1000;
  const cmd = hook.exec?.command ?? [];
  const text = cmd.join(' ');
  const m = /sleep\s+(\d+(?:\.\d+)?)/.exec(text);
  return m ? Math.round(Number(m[1]) * 1000) : 10;
}
