/** Go's time.Duration.String() for the millisecond durations the kubelet prints in messages. */

function trimFraction(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '');
}

/** `1.2s`, `850ms`, `1m20s`, `5m0s`, `0s`, as Go formats a duration. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${goDuration(-ms)}`;
  if (ms < 1000) return `${trimFraction(ms, 6)}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  const s = `${trimFraction(seconds, 3) || '0'}s`;
  if (hours) return `${hours}h${minutes}m${s}`;
  if (minutes) return `${minutes}m${s}`;
  return s;
}
