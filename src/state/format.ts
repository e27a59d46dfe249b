/** Small formatting helpers for the page (virtual-time ages, clock). */

/** kubectl's short age: `45s`, `3m12s`, `5h`, `2d3h`, as upstream's HumanDuration. */
export function formatAge(fromMs: number, nowMs: number): string {
  const s = Math.floor((nowMs - fromMs) / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** Virtual wall clock as `HH:MM:SS` (UTC). */
export function formatClock(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(11, 19);
}
