import { describe, expect, it } from 'vitest';
import { TraceBus } from './trace';

type Rec = { kind: 'request'; at: number; path: string } | { kind: 'schedule'; at: number; pod: string };

describe('TraceBus', () => {
  it('keeps the newest records up to its capacity, oldest first', () => {
    const bus = new TraceBus<Rec>(3);
    for (let i = 0; i < 5; i++) bus.publish({ kind: 'request', at: i, path: `/p${i}` });
    expect(bus.size).toBe(3);
    expect(bus.dropped).toBe(2);
    expect(bus.records().map((r) => r.at)).toEqual([2, 3, 4]);
  });

  it('filters by kind, notifies subscribers until they unsubscribe', () => {
    const bus = new TraceBus<Rec>(10);
    const seen: string[] = [];
    const off = bus.subscribe((r) => seen.push(r.kind));
    bus.publish({ kind: 'request', at: 1, path: '/api' });
    bus.publish({ kind: 'schedule', at: 2, pod: 'a' });
    off();
    bus.publish({ kind: 'schedule', at: 3, pod: 'b' });
    expect(seen).toEqual(['request', 'schedule']);
    expect(bus.records('schedule').map((r) => r.at)).toEqual([2, 3]);
    bus.clear();
    expect(bus.records()).toEqual([]);
    expect(() => new TraceBus(0)).toThrow(RangeError);
  });
});
