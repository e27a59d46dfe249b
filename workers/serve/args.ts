/** Command-line options of `npm run serve`. */
import type { Speed } from '../cluster/protocol';

export interface ServeOptions {
  port: number;
  speed: Speed;
  seed: number;
  nodes: number;
  host: string;
}

const speeds = new Set(['0.25', '0.5', '1', '2', '4', '8', '16', '32', '64', 'max']);

/** Parses `--port N --speed 1|4|max --seed S --nodes K`; throws with a usage message on bad input. */
export function parseServeArgs(argv: string[]): ServeOptions {
  const opts: ServeOptions = { port: 8080, speed: 1, seed: 1, nodes: 3, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    switch (flag) {
      case '--port': {
        const n = Number(need());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0-65535, got ${value}`);
        opts.port = n;
        break;
      }
      case '--speed': {
        const v = need();
        if (!speeds.has(v)) throw new Error(`--speed must be one of ${[...speeds].join(', ')}; got ${v}`);
        opts.speed = v === 'max' ? 'max' : (Number(v) as Speed);
        break;
      }
      case '--seed': {
        const n = Number(need());
        if (!Number.isInteger(n)) throw new Error(`--seed must be an integer, got ${value}`);
        opts.seed = n;
        break;
      }
      case '--nodes': {
        const n = Number(need());
        if (!Number.isInteger(n) || n < 1 || n > 5000) throw new Error(`--nodes must be 1-5000, got ${value}`);
        opts.nodes = n;
        break;
      }
      case '--help':
      case '-h':
        throw new Error('usage: npm run serve -- [--port N] [--speed 0.25..64|max] [--seed S] [--nodes K]');
      default:
        throw new Error(`unknown flag ${flag}; try --help`);
    }
  }
  return opts;
}
