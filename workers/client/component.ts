/**
 * The context every simulated component (scheduler, controller, kubelet) is built with: it talks to
 * the cluster only through its client, and takes time, delays and chance from the simulation.
 */
import type { KubeObject } from '../api/types';
import type { Clock, Rng, Timers } from '../sim/types';
import type { Client } from './client';

/** What components need of client-go's EventRecorder (workers/client/event-recorder.ts fits it). */
export interface EventRecorder {
  /** Records an Event about `obj`; type is `Normal` or `Warning`. */
  event(obj: KubeObject, type: string, reason: string, message: string): void;
}

/** Everything a component is constructed with. */
export interface ComponentContext {
  client: Client;
  clock: Clock;
  timers: Timers;
  rng: Rng;
  recorder: EventRecorder;
}

/** A running part of the cluster: `start()` starts its informers and processing, `stop()` ends them. */
export interface Component {
  start(): void;
  stop(): void;
}
