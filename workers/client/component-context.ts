/**
 * Builds a component's context: its own client (its identity) over a shared connection, its own
 * event recorder and its own generator forked by name, as each binary of a cluster has.
 */
import type { ApiHandler, UserInfo } from '../apiserver/types';
import type { Clock, Rng, Timers } from '../sim/types';
import { Client } from './client';
import type { ComponentContext } from './component';
import { ClientEventRecorder } from './event-recorder';

/** What the components of one process or machine share. */
export interface ComponentDeps {
  transport: ApiHandler;
  clock: Clock;
  timers: Timers;
  rng: Rng;
}

/** Who a component is: its user, its Events' source (component, host) and its generator's label. */
export interface ComponentIdentity {
  user: UserInfo;
  component: string;
  host?: string;
  rngLabel: string;
}

/** A ComponentContext for one component. */
export function newComponentContext(deps: ComponentDeps, id: ComponentIdentity): ComponentContext {
  const client = new Client(deps.transport, id.user);
  return {
    client,
    clock: deps.clock,
    timers: deps.timers,
    rng: deps.rng.fork(id.rngLabel),
    recorder: new ClientEventRecorder({ client, clock: deps.clock, component: id.component, host: id.host }),
  };
}
