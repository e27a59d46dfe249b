/** Test helpers for the apiserver: a settable clock, a small deterministic rng, request shorthands. */
import { Store } from '../store/store';
import type { Clock, Rng, TimerId, Timers } from '../sim/types';
import { ApiServer, type ApiServerOptions } from './apiserver';
import type { TraceRecord } from './trace';
import type { ApiRequest, ApiResponse, ApiResult, HttpMethod, UserInfo, WatchResponse } from './types';

/** 2026-01-01T00:00:00Z, the epoch tests start at. */
export const TEST_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public ms = TEST_EPOCH_MS) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Virtual timers driven by `advance`, for bookmark and timeout tests. */
export class TestTimers implements Timers {
  private nextId = 1;
  private readonly due = new Map<TimerId, { at: number; fn: () => void }>();
  constructor(private readonly clock: TestClock) {}
  at(atMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    this.due.set(id, { at: atMs, fn });
    return id;
  }
  after(delayMs: number, fn: () => void): TimerId {
    return this.at(this.clock.now() + delayMs, fn);
  }
  cancel(id: TimerId): void {
    this.due.delete(id);
  }
  /** Moves time forward, running timers in time order. */
  advance(ms: number): void {
    const end = this.clock.ms + ms;
    for (;;) {
      let next: [TimerId, { at: number; fn: () => void }] | undefined;
      for (const e of this.due) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.due.delete(next[0]);
      this.clock.ms = next[1].at;
      next[1].fn();
    }
    this.clock.ms = end;
  }
}

/** A deterministic rng (mulberry32), so tests need not wait for the kernel's. */
export class TestRng implements Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  string(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  fork(label: string): Rng {
    let h = this.state;
    for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return new TestRng(h);
  }
}

/** A bootstrapped apiserver over a fresh in-memory store, with its clock, timers and trace records. */
export async function newTestServer(opts: Partial<ApiServerOptions> = {}) {
  const store = new Store();
  const clock = new TestClock();
  const timers = new TestTimers(clock);
  const traces: TraceRecord[] = [];
  const server = new ApiServer({ store, clock, rng: new TestRng(42), timers, trace: (r) => traces.push(r), ...opts });
  server.bootstrap();
  return { server, store, clock, timers, traces };
}

/** Builds a request. */
export function request(method: HttpMethod, path: string, body?: unknown, extra: Partial<ApiRequest> = {}): ApiRequest {
  const req: ApiRequest = { method, path, ...extra };
  if (body !== undefined) req.body = body;
  return req;
}

/** Narrows a result to a plain response (fails the test otherwise). */
export function asResponse(r: ApiResult): ApiResponse {
  if (r.kind !== 'response') throw new Error('expected a response, got a watch');
  return r;
}

/** Narrows a result to a watch. */
export function asWatch(r: ApiResult): WatchResponse {
  if (r.kind !== 'watch') throw new Error(`expected a watch, got ${JSON.stringify((r as ApiResponse).body)}`);
  return r;
}

/** A user for impersonation and RBAC tests. */
export function user(username: string, ...groups: string[]): UserInfo {
  return { username, groups: [...groups, 'system:authenticated'] };
}
