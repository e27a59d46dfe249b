/**
 * nginx's access-log line for a simulated request, in the official image's `main` format:
 * `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
 * "$http_user_agent" "$http_x_forwarded_for"`.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The request as the serving pod sees it (field names match the kubelet's SimulatedRequest). */
export interface HttpRequestSeen {
  /** The source address after kube-proxy's NAT (the node's when masqueraded). */
  clientIP: string;
  method: string;
  path: string;
  userAgent: string;
  /** 200 unless told. */
  status?: number;
}

/** Bytes of nginx's welcome page and of its 404 page. */
const BODY_BYTES_OK = 615;
const BODY_BYTES_NOT_FOUND = 153;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `$time_local` in UTC: `23/Nov/2026:10:27:42 +0000`. */
export function nginxTimeLocal(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** The line nginx writes to its access log (stdout in the official image) for one request. */
export function nginxAccessLogLine(req: HttpRequestSeen, ms: number): string {
  const status = req.status ?? 200;
  const bytes = status === 200 ? BODY_BYTES_OK : BODY_BYTES_NOT_FOUND;
  return `${req.clientIP} - - [${nginxTimeLocal(ms)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${bytes} "-" "${req.userAgent}" "-"`;
}
