/** A workload's rollout state (graph-views words it as `kubectl rollout status` does) in the page's language. */
import type { MessageKey } from '../i18n/i18n';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const FIXED: Record<string, MessageKey> = {
  Paused: 'graph.rollout.paused',
  'Waiting for rollout': 'graph.rollout.waiting',
  'Progress deadline exceeded': 'graph.rollout.deadline',
  Complete: 'graph.rollout.complete',
};

const PATTERNS: [RegExp, MessageKey, (m: RegExpMatchArray) => Record<string, string>][] = [
  [/^Rolling out: (\d+)\/(\d+) updated$/, 'graph.rollout.updated', (m) => ({ done: m[1], total: m[2] })],
  [/^Rolling out: (\d+) old terminating$/, 'graph.rollout.terminating', (m) => ({ n: m[1] })],
  [/^Rolling out: (\d+)\/(\d+) available$/, 'graph.rollout.available', (m) => ({ done: m[1], total: m[2] })],
  [/^(\d+)\/(\d+) available$/, 'graph.rollout.availableOf', (m) => ({ done: m[1], total: m[2] })],
  [/^(\d+)\/(\d+) ready$/, 'graph.rollout.readyOf', (m) => ({ done: m[1], total: m[2] })],
];

/** The words for a rollout state; an unknown one is shown as it is. */
export function rolloutText(rollout: string, t: Translate): string {
  const fixed = FIXED[rollout];
  if (fixed) return t(fixed);
  for (const [re, key, params] of PATTERNS) {
    const m = rollout.match(re);
    if (m) return t(key, params(m));
  }
  return rollout;
}
