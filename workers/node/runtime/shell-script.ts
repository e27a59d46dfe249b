/**
 * A tiny shell-script reader for the commands people give busybox-style containers (`sh -c "echo hi;
 * sleep 5; exit 1"`): it does not run anything, it works out a timeline of log lines, file changes
 * and the exit, which is all the simulation needs.
 */

/** One timed effect of the script, offsets in ms from the process start. */
export interface ScriptTimeline {
  logs: { atMs: number; line: string }[];
  files: { atMs: number; path: string; exists: boolean }[];
  /** When and how it exits; undefined when it runs forever. */
  exit?: { atMs: number; code: number };
  /** A `while true` loop: lines logged every periodMs after startMs, forever. */
  loop?: { startMs: number; periodMs: number; lines: string[] };
}

/** Time a trivial command takes. */
const STEP_MS = 5;

/** Splits a command line into words, honouring single and double quotes. */
export function shellWords(script: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of script) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
    }
  }
  if (has || cur) words.push(cur);
  return words;
}

/** Splits a script into statements at `;`, `&&`, `||` and newlines outside quotes. */
export function statements(script: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    const two = script.slice(i, i + 2);
    if (ch === ';' || ch === '\n' || two === '&&' || two === '||') {
      out.push(cur.trim());
      cur = '';
      if (two === '&&' || two === '||') i++;
      continue;
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out.filter((s) => s.length > 0);
}

/** Seconds of a `sleep` argument (`5`, `1.5`, `2m`, `1h`); Infinity for `infinity`. */
export function sleepMs(arg: string | undefined): number {
  if (!arg) return 0;
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]] ?? 1;
  return Math.round(Number(m[1]) * unit * 1000);
}

/** Reads a script into its timeline. */
export function scriptTimeline(script: string): ScriptTimeline {
  return runStatements(statements(script), { logs: [], files: [] }, 0);
}

function runStatements(stmts: string[], tl: ScriptTimeline, startMs: number): ScriptTimeline {
  let t = startMs;
  let status = 0;
  for (let i = 0; i < stmts.length; i++) {
    const words = shellWords(stmts[i]);
    const cmd = words[0];
    if (cmd === 'while' || cmd === 'until') {
      tl.loop = loopOf(stmts, i, t);
      return tl;
    }
    const r = runCommand(words, tl, t);
    if (r === 'forever') return tl;
    if (r.exit !== undefined) {
      tl.exit = { atMs: r.t, code: r.exit };
      return tl;
    }
    t = r.t;
    status = r.status;
  }
  tl.exit = { atMs: t + STEP_MS, code: status };
  return tl;
}

/** `while true; do echo x; sleep 5; done`: what the body logs and how long one pass takes. */
function loopOf(stmts: string[], at: number, t: number): ScriptTimeline['loop'] {
  const lines: string[] = [];
  let periodMs = 0;
  for (let j = at + 1; j < stmts.length; j++) {
    let words = shellWords(stmts[j]);
    if (words[0] === 'do') words = words.slice(1);
    if (words[0] === 'done') break;
    if (words[0] === 'echo') lines.push(echoLine(words));
    if (words[0] === 'sleep') periodMs += sleepMs(words[1]);
  }
  return { startMs: t, periodMs: Math.max(periodMs, 1000), lines };
}

function echoLine(words: string[]): string {
  const args = words.slice(1).filter((w, i) => !(i === 0 && (w === '-n' || w === '-e')));
  return args.join(' ');
}

type CommandResult = 'forever' | { t: number; status: number; exit?: number };

function runCommand(words: string[], tl: ScriptTimeline, t: number): CommandResult {
  const [cmd, ...args] = words;
  switch (cmd) {
    case 'echo':
    case 'printf':
      tl.logs.push({ atMs: t + STEP_MS, line: echoLine(words).replace(/\\n$/, '') });
      return { t: t + STEP_MS, status: 0 };
    case 'sleep': {
      const ms = sleepMs(args[0]);
      return ms === Infinity ? 'forever' : { t: t + ms, status: 0 };
    }
    case 'exit':
      return { t: t + STEP_MS, status: 0, exit: Number(args[0] ?? 0) & 255 };
    case 'false':
      return { t: t + STEP_MS, status: 1 };
    case 'touch':
      for (const p of args) tl.files.push({ atMs: t + STEP_MS, path: p, exists: true });
      return { t: t + STEP_MS, status: 0 };
    case 'rm':
      for (const p of args.filter((a) => !a.startsWith('-'))) tl.files.push({ atMs: t + STEP_MS, path: p, exists: false });
      return { t: t + STEP_MS, status: 0 };
    case 'tail':
      return args.includes('-f') ? 'forever' : { t: t + STEP_MS, status: 0 };
    case 'cat':
      return args.length === 0 ? 'forever' : { t: t + STEP_MS, status: 0 };
    case 'nc':
    case 'httpd':
      return 'forever';
    default:
      return { t: t + STEP_MS, status: 0 };
  }
}
