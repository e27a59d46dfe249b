/**
 * Container statuses from the runtime's containers, as the kubelet's convertToAPIContainerStatuses
 * builds them: state and lastState, restartCount, ready/started, image, imageID, containerID.
 */
import { rfc3339 } from '../../controllers/meta-time';
import type { RuntimeContainer } from '../runtime/container-runtime';
import type { ContainerSpec, ContainerState, ContainerStatus } from './pod-types';

/** What the pod worker knows about one container beyond the runtime. */
export interface ContainerView {
  spec: ContainerSpec;
  latest?: RuntimeContainer;
  previous?: RuntimeContainer;
  /** Why it is not running (pull errors, back-off), if that is the case. */
  waiting?: { reason: string; message?: string };
  ready: boolean;
  started: boolean;
}

/** `containerd://<id>`. */
export function containerIdOf(c: RuntimeContainer): string {
  return `containerd://${c.id}`;
}

function terminatedState(c: RuntimeContainer): ContainerState {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? 'Error',
      startedAt: rfc3339(c.startedAtMs ?? c.createdAtMs),
      finishedAt: rfc3339(c.finishedAtMs ?? c.createdAtMs),
      containerID: containerIdOf(c),
    },
  };
}

/** One container's status; `defaultReason` is ContainerCreating, or PodInitializing with init containers. */
export function containerStatus(v: ContainerView, defaultReason: string): ContainerStatus {
  const c = v.latest;
  const status: ContainerStatus = {
    image: c ? c.image.ref.fullName : v.spec.image,
    imageID: c ? c.image.imageId : '',
    lastState: {},
    name: v.spec.name,
    ready: false,
    restartCount: c ? c.attempt : 0,
    started: false,
    state: { waiting: v.waiting ?? { reason: defaultReason } },
  };
  if (!c) return status;
  status.containerID = containerIdOf(c);
  if (c.state === 'running') {
    status.state = { running: { startedAt: rfc3339(c.startedAtMs!) } };
    status.ready = v.ready;
    status.started = v.started;
    if (v.previous?.state === 'exited') status.lastState = terminatedState(v.previous);
  } else if (c.state === 'exited') {
    if (v.waiting) {
      // A dead container about to be restarted: waiting now, the death is the last state.
      status.state = { waiting: v.waiting };
      status.lastState = terminatedState(c);
    } else {
      status.state = terminatedState(c);
      if (v.previous?.state === 'exited') status.lastState = terminatedState(v.previous);
    }
  } else {
    status.state = { waiting: v.waiting ?? { reason: defaultReason } };
    if (v.previous?.state === 'exited') status.lastState = terminatedState(v.previous);
  }
  return status;
}

/** Upstream's waiting-state messages. */
export function crashLoopMessage(backoff: string, container: string, pod: string): string {
  return `back-off ${backoff} restarting failed container=${container} pod=${pod}`;
}
