/** What one Deployment sync works with, shared by the sync, rolling, recreate and progress steps. */
import type { Client } from '../../client/client';
import type { EventRecorder } from '../../client/component';
import { sprintf } from '../../client/event-recorder';
import type { Clock } from '../../sim/types';
import type { DeploymentObject, ReplicaSetObject } from './util';
import { cloneJson } from '../../api/patch/json-values';

/** apps/v1 deployments. */
export const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
/** apps/v1 replicasets. */
export const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets' };

/** One sync's state and tools. */
export interface DeploymentSyncContext {
  client: Client;
  clock: Clock;
  recorder: EventRecorder;
  /** The Deployment, a private clone: steps mutate it and status writes replace it. */
  d: DeploymentObject;
  /** A ReplicaSet from the cache. */
  getReplicaSet(namespace: string, name: string): ReplicaSetObject | undefined;
  /** Looks at this Deployment again after a delay (progress deadline checks). */
  enqueueAfter(delayMs: number): void;
}

/** Records a Go-format event about the Deployment. */
export function eventf(ctx: DeploymentSyncContext, type: 'Normal' | 'Warning', reason: string, format: string, ...args: unknown[]): void {
  ctx.recorder.event(ctx.d, type, reason, sprintf(format, ...args));
}

/** Writes ctx.d's status (PUT /status) and continues with what the server answered. */
export async function updateDeploymentStatus(ctx: DeploymentSyncContext): Promise<void> {
  const deployments = ctx.client.resource<DeploymentObject>(DEPLOYMENTS, ctx.d.metadata.namespace);
  ctx.d = cloneJson(await deployments.updateStatus(ctx.d));
}
