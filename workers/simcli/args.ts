/** Command-line options of `npm run sim`. */
import { parseDuration } from '../api/duration';

/** When a run stops: at a virtual time, or once every Deployment is Available. */
export type Until = { kind: 'time'; ms: number } | { kind: 'all-available'; maxMs: number };

export interface SimOptions {
  /** A scenario file path, or a share link (URL, `#s=...`, or the bare payload). */
  source: string;
  until: Until;
  /** Total machines (control plane included), overriding the scenario's cluster. */
  nodes?: number;
  /** Node worker threads (default 1). */
  nodeWorkers: number;
  /** Where to write the history, one revision per line. */
  historyFile?: string;
}

export const SIM_USAGE =
  'usage: npm run sim -- <scenario.json | share link> [--until 10m | all-available] [--nodes K] [--node-workers N] [--history FILE]';

/** The longest run `--until all-available` waits for. */
export const ALL_AVAILABLE_MAX_MS = 3_600_000;

/** Parses argv; throws an Error whose message is for the user. */
export function parseSimArgs(argv: string[]): SimOptions {
  let source: string | undefined;
  const opts: Omit<SimOptions, 'source'> = { until: { kind: 'time', ms: 600_000 }, nodeWorkers: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const need = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${SIM_USAGE}`);
      return v;
    };
    switch (flag) {
      case '--until': {
        const v = need();
        if (v === 'all-available') opts.until = { kind: 'all-available', maxMs: ALL_AVAILABLE_MAX_MS };
        else {
          let ms = 0;
          try {
            ms = parseDuration(v);
          } catch {
            ms = 0;
          }
          if (!(ms > 0)) throw new Error(`--until must be a duration such as 90s, 10m or 1h30m, or all-available; got ${v}`);
          opts.until = { kind: 'time', ms };
        }
        break;
      }
      case '--nodes': {
        const v = need();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`--nodes must be 1-5000, got ${v}`);
        opts.nodes = n;
        break;
      }
      case '--node-workers': {
        const v = need();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--node-workers must be 1-64, got ${v}`);
        opts.nodeWorkers = n;
        break;
      }
      case '--history':
        opts.historyFile = need();
        break;
      case '--help':
      case '-h':
        throw new Error(SIM_USAGE);
      default:
        if (flag.startsWith('--')) throw new Error(`unknown flag ${flag}\n${SIM_USAGE}`);
        if (source !== undefined) throw new Error(`one scenario at a time; got ${source} and ${flag}\n${SIM_USAGE}`);
        source = flag;
    }
  }
  if (source === undefined) throw new Error(`no scenario given\n${SIM_USAGE}`);
  return { source, ...opts };
}
