/**
 * Test bed for controllers: a real apiserver over a real store on a virtual-time kernel, a client
 * that records every request it makes, and an event recorder that keeps what it is told.
 */
import type { KubeObject } from '../api/types';
import { newTestServer, TestRng } from '../apiserver/testkit';
import type { ApiHandler, ApiRequest, ApiResult } from '../apiserver/types';
import { Client } from '../client/client';
import type { ComponentContext, EventRecorder } from '../client/component';
import { advance, settle } from '../client/testing/drive';
import { FakeHostTimer } from '../sim/fake-host-timer';
import { Kernel } from '../sim/kernel';

/** 2026-01-01T00:00:00Z. */
export const TESTBED_EPOCH_MS = Date.UTC(2026, 0, 1);

/** One request the controller sent: `POST /api/v1/namespaces/a/serviceaccounts`. */
export type Action = string;

/** Records Events as `Type Reason message (kind ns/name)`. */
export class RecordingRecorder implements EventRecorder {
  readonly events: string[] = [];
  event(obj: KubeObject, type: string, reason: string, message: string): void {
    this.events.push(`${type} ${reason} ${message}`);
    void obj;
  }
}

/** A transport wrapper that logs method and path of every non-watch request. */
class RecordingTransport implements ApiHandler {
  readonly actions: Action[] = [];
  recording = true;
  constructor(private readonly inner: ApiHandler) {}
  handle(req: ApiRequest): Promise<ApiResult> {
    const isRead = req.method === 'GET';
    if (this.recording && !isRead) this.actions.push(`${req.method} ${req.path}${req.query?.subresource ? '' : ''}`);
    return this.inner.handle(req);
  }
}

/** Builds the bed; `admin` writes set-up objects without being recorded. */
export async function newControllerTestbed() {
  const kernel = new Kernel({ epochMs: TESTBED_EPOCH_MS, host: new FakeHostTimer() });
  const { server } = await newTestServer({ clock: kernel, timers: kernel });
  const masters = { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
  const transport = new RecordingTransport(server);
  const recorder = new RecordingRecorder();
  const ctx: ComponentContext = { client: new Client(transport, masters), clock: kernel, timers: kernel, rng: new TestRng(7), recorder };
  const admin = new Client(server, masters);
  return {
    kernel,
    server,
    ctx,
    admin,
    recorder,
    /** Requests the controller made since the last `clearActions`. */
    get actions(): Action[] {
      return transport.actions;
    },
    clearActions(): void {
      transport.actions.length = 0;
    },
    /** Runs virtual time forward, letting every transport promise settle between events. */
    advance: (ms: number) => advance(kernel, ms),
    settle,
  };
}
