/**
 * Time stamps inside simulated log lines and the access-log line a server writes per request. Lines
 * in the program table carry a placeholder (`{nginx-time}`, `{redis-time}`, `{klog-time}`,
 * `{mysql-time}`, `{mysql-entry-time}`) that is filled with the moment the line was written, in the program's own format.
 */
import type { ProgramKind } from './images';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth(),
    d: d.getUTCDate(),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** `2026/01/01 00:00:00`, nginx's error-log time. */
function nginxTime(ms: number): string {
  const p = parts(ms);
  return `${p.y}/${pad(p.mo + 1)}/${pad(p.d)} ${p.h}:${p.mi}:${p.s}`;
}

/** `01 Jan 2026 00:00:00.000`, redis's log time. */
function redisTime(ms: number): string {
  const p = parts(ms);
  return `${pad(p.d)} ${MONTHS[p.mo]} ${p.y} ${p.h}:${p.mi}:${p.s}.${p.ms}`;
}

/** `0101 00:00:00.000000`, klog's header after the severity letter. */
function klogTime(ms: number): string {
  const p = parts(ms);
  return `${pad(p.mo + 1)}${pad(p.d)} ${p.h}:${p.mi}:${p.s}.${p.ms}000`;
}

/** `2026-01-01T00:00:00.000000Z`, MySQL's log time. */
function mysqlTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** `2026-01-01 00:00:00+00:00`, the MySQL image's entrypoint script time. */
function mysqlEntryTime(ms: number): string {
  const p = parts(ms);
  return `${p.y}-${pad(p.mo + 1)}-${pad(p.d)} ${p.h}:${p.mi}:${p.s}+00:00`;
}

/** `[01/Jan/2026:00:00:00 +0000]`'s inside, the common log format's time. */
function clfTime(ms: number): string {
  const p = parts(ms);
  return `${pad(p.d)}/${MONTHS[p.mo]}/${p.y}:${p.h}:${p.mi}:${p.s} +0000`;
}

/** Fills a line's time placeholder with `ms`. */
export function renderLogLine(line: string, ms: number): string {
  if (!line.includes('{')) return line;
  return line
    .replace('{nginx-time}', nginxTime(ms))
    .replace(/\{redis-time\}/g, redisTime(ms))
    .replace('{klog-time}', klogTime(ms))
    .replace('{mysql-time}', mysqlTime(ms))
    .replace('{mysql-entry-time}', mysqlEntryTime(ms));
}

/** One simulated HTTP request reaching a container. */
export interface SimulatedRequest {
  /** Where the request came from as the server sees it (after kube-proxy's NAT). */
  clientIP: string;
  method?: string;
  path?: string;
  /** Defaults to `curl/8.5.0`. */
  userAgent?: string;
  /** The status the server answered with; 200 when absent. */
  status?: number;
}

/** Bytes of the default pages (nginx's welcome page, httpd's "It works!"). */
const BODY_BYTES: Partial<Record<ProgramKind, number>> = { nginx: 615, httpd: 45 };

/**
 * The access-log line the program writes for a request at `ms` (nginx's `combined` format with
 * `"$http_x_forwarded_for"`, httpd's common log format), or undefined for programs that log none.
 */
export function accessLogLine(program: ProgramKind, req: SimulatedRequest, ms: number): string | undefined {
  const status = req.status ?? 200;
  const request = `${req.method ?? 'GET'} ${req.path ?? '/'} HTTP/1.1`;
  const agent = req.userAgent ?? 'curl/8.5.0';
  if (program === 'nginx') {
    const bytes = status === 200 ? BODY_BYTES.nginx : 153;
    return `${req.clientIP} - - [${clfTime(ms)}] "${request}" ${status} ${bytes} "-" "${agent}" "-"`;
  }
  if (program === 'httpd') {
    const bytes = status === 200 ? BODY_BYTES.httpd : 196;
    return `${req.clientIP} - - [${clfTime(ms)}] "${request}" ${status} ${bytes}`;
  }
  return undefined;
}
