/**
 * What a simulated container does, from its image, command, args, env and the pod's `sim.kubesim.io/*`
 * annotations (documented in workers/node/README.md): a plan in offsets from the process start.
 */
import { parseDuration } from '../../api/duration';
import { tryParseQuantity } from '../../api/quantity';
import type { ResolvedImage } from './images';
import { programProfile, REQUIRED_ENV } from './program-table';
import { scriptTimeline, sleepMs, type ScriptTimeline } from './shell-script';

/** Annotation prefix for per-pod behaviour overrides. */
export const SIM_ANNOTATION_PREFIX = 'sim.kubesim.io/';

/** What a container will do once started. Offsets are ms from the start of its process. */
export interface ContainerPlan {
  /** The command line actually run (entrypoint/cmd merged with command/args). */
  argv: string[];
  readyAfterMs: number;
  ports: number[];
  httpPaths: string[] | 'any';
  memoryBytes: number;
  logs: { atMs: number; line: string }[];
  files: { atMs: number; path: string; exists: boolean }[];
  loop?: ScriptTimeline['loop'];
  /** The exit, if it ends by itself. */
  exit?: { atMs: number; code: number; reason?: 'OOMKilled' | 'Error' | 'Completed' };
  /** SIGTERM to exit 0, ms; undefined when only SIGKILL stops it. */
  termExitMs?: number;
  /** From this offset on, every probe fails (sim.kubesim.io/unhealthy-after). */
  unhealthyAfterMs?: number;
}

/** The parts of a container spec the plan depends on. */
export interface ContainerInput {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number }[];
  resources?: { limits?: Record<string, string> };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const SCRIPT_COMMANDS = new Set(['echo', 'sleep', 'exit', 'true', 'false', 'printf', 'cat', 'tail', 'touch', 'rm', 'env', 'printenv', 'date', 'ls', 'nc']);

/** The command line Docker semantics give: command replaces ENTRYPOINT, args replace CMD. */
export function effectiveArgv(image: ResolvedImage, c: ContainerInput): string[] {
  if (c.command && c.command.length) return [...c.command, ...(c.args ?? [])];
  if (c.args && c.args.length) return [...image.entrypoint, ...c.args];
  return imageArgv(image);
}

/** The image's own command line (entrypoint and cmd), one frozen copy per image record. */
const imageArgvs = new WeakMap<ResolvedImage, string[]>();

function imageArgv(image: ResolvedImage): string[] {
  let argv = imageArgvs.get(image);
  if (!argv) {
    argv = Object.freeze([...image.entrypoint, ...image.cmd]) as string[];
    imageArgvs.set(image, argv);
  }
  return argv;
}

function base(path: string | undefined): string {
  return (path ?? '').split('/').pop() ?? '';
}

/** The script a command line runs, when it is a shell or a simple shell command. */
function scriptOf(argv: string[]): string | undefined {
  const head = base(argv[0]);
  if (SHELLS.has(head)) {
    const c = argv.indexOf('-c');
    if (c >= 0) return argv[c + 1] ?? '';
    return argv.length > 1 ? undefined : '';
  }
  if (SCRIPT_COMMANDS.has(head)) return argv.map((w) => (/[\s;'"]/.test(w) ? `'${w}'` : w)).join(' ');
  return undefined;
}

/** A program's fixed log lines stamped from `startMs`, by line list and start: one frozen copy for every container of the image. */
const timedLogs = new WeakMap<readonly string[], Map<number, ContainerPlan['logs']>>();

function timedLines(lines: readonly string[], startMs: number): ContainerPlan['logs'] {
  let byStart = timedLogs.get(lines);
  if (!byStart) timedLogs.set(lines, (byStart = new Map()));
  let out = byStart.get(startMs);
  if (!out) {
    out = lines.map((line, i) => Object.freeze({ atMs: startMs + i, line }));
    byStart.set(startMs, Object.freeze(out) as ContainerPlan['logs']);
  }
  return out;
}

/** Builds the plan for one container. */
export function containerPlan(image: ResolvedImage, c: ContainerInput, annotations: Record<string, string> = {}): ContainerPlan {
  const argv = effectiveArgv(image, c);
  const plan = basePlan(image, c, argv);
  applyAnnotations(plan, c.name, annotations);
  applyMemoryLimit(plan, c);
  return plan;
}

/** The file timeline of a program that writes no files, shared (frozen). */
const NO_FILES = Object.freeze([]) as unknown as ContainerPlan['files'];

function basePlan(image: ResolvedImage, c: ContainerInput, argv: string[]): ContainerPlan {
  const script = scriptOf(argv);
  if (script !== undefined || image.program === 'shell') {
    const tl = scriptTimeline(script ?? '');
    const isHello = image.ref.repository === 'docker.io/library/hello-world';
    const logs = isHello ? ['', 'Hello from Docker!', 'This message shows that your installation appears to be working correctly.'].map((line) => ({ atMs: 5, line })) : tl.logs;
    const p = programProfile('shell');
    return { argv, readyAfterMs: p.readyAfterMs, ports: [], httpPaths: [], memoryBytes: stressBytes(argv) ?? p.memoryBytes, logs, files: tl.files, loop: tl.loop, exit: tl.exit };
  }
  const p = programProfile(image.program);
  const ports = p.ports.length ? p.ports : (c.ports ?? []).map((x) => x.containerPort);
  const plan: ContainerPlan = {
    argv,
    readyAfterMs: p.readyAfterMs,
    ports: image.program === 'server' && !ports.length ? [8080] : ports,
    httpPaths: p.httpPaths,
    memoryBytes: stressBytes(argv) ?? p.memoryBytes,
    logs: timedLines(p.logs, p.startMs),
    files: NO_FILES,
    termExitMs: p.termExitMs,
  };
  const required = REQUIRED_ENV[image.program];
  if (required && !required.anyOf.some((n) => (c.env ?? []).some((e) => e.name === n))) {
    plan.logs = timedLines(required.logs, p.startMs);
    plan.ports = [];
    plan.exit = { atMs: p.startMs + 200, code: 1 };
  }
  return plan;
}

/** `stress --vm-bytes 250M` (the OOM example of the Kubernetes docs) uses that much memory. */
function stressBytes(argv: string[]): number | undefined {
  const i = argv.indexOf('--vm-bytes');
  if (i < 0) return undefined;
  const m = /^(\d+)([kKmMgG]?)$/.exec(argv[i + 1] ?? '');
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1;
  return Number(m[1]) * mult;
}

/** A Go-style duration (`30s`, `1m30s`, `500ms`) or bare seconds, in ms; undefined if malformed or negative. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return sleepMs(text);
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return undefined;
  }
  return ms >= 0 ? Math.round(ms) : undefined;
}

/** The annotation for one container (`sim.kubesim.io/exit-code.web`) or else for all of them. */
function annotation(annotations: Record<string, string>, key: string, container: string): string | undefined {
  return annotations[`${SIM_ANNOTATION_PREFIX}${key}.${container}`] ?? annotations[`${SIM_ANNOTATION_PREFIX}${key}`];
}

function applyAnnotations(plan: ContainerPlan, name: string, a: Record<string, string>): void {
  const readyAfter = parseDurationMs(annotation(a, 'ready-after', name));
  if (readyAfter !== undefined) plan.readyAfterMs = readyAfter;
  const memory = tryParseQuantity(annotation(a, 'memory', name))?.value();
  if (memory !== undefined) plan.memoryBytes = memory;
  const unhealthy = parseDurationMs(annotation(a, 'unhealthy-after', name));
  if (unhealthy !== undefined) plan.unhealthyAfterMs = unhealthy;
  const codeText = annotation(a, 'exit-code', name);
  const crashAfter = parseDurationMs(annotation(a, 'crash-after', name));
  if (codeText !== undefined || crashAfter !== undefined) {
    const code = codeText !== undefined && /^\d+$/.test(codeText) ? Number(codeText) & 255 : 1;
    plan.exit = { atMs: crashAfter ?? 1000, code };
  }
}

/** Memory above the limit gets the container OOM-killed (exit 137) about a second into its run. */
function applyMemoryLimit(plan: ContainerPlan, c: ContainerInput): void {
  const limit = tryParseQuantity(c.resources?.limits?.memory)?.value();
  if (limit === undefined || plan.memoryBytes <= limit) return;
  const atMs = Math.min(plan.exit?.atMs ?? Infinity, 1000);
  plan.exit = { atMs, code: 137, reason: 'OOMKilled' };
}

/** Whether a file exists at `atMs` according to the plan (for `cat /tmp/healthy` exec probes). */
export function fileExists(plan: ContainerPlan, path: string, atMs: number): boolean {
  let exists = false;
  for (const f of plan.files) if (f.path === path && f.atMs <= atMs) exists = f.exists;
  return exists;
}

/** Log lines written by `atMs` (for pods/log), including a running loop's output. */
export function logsUntil(plan: ContainerPlan, atMs: number): { atMs: number; line: string }[] {
  const out = plan.logs.filter((l) => l.atMs <= atMs);
  const loop = plan.loop;
  if (loop && loop.lines.length) {
    // Bounded: at most the last 1000 passes, as a real log rotation would keep.
    const passes = Math.max(0, Math.floor((atMs - loop.startMs) / loop.periodMs) + 1);
    for (let i = Math.max(0, passes - 1000); i < passes; i++) for (const line of loop.lines) out.push({ atMs: loop.startMs + i * loop.periodMs, line });
  }
  return out;
}
