/**
 * restartPolicy decisions (kuberuntime's computePodActions and getPhase inputs): which dead container
 * is started again, when a pod is done for good, and which init containers are sidecars.
 */
import type { KubeObject } from '../../api/types';
import type { ContainerRuntime, RuntimeContainer } from '../runtime/container-runtime';
import { podSpec, type ContainerSpec } from './pod-types';

/** An init container with restartPolicy Always: a sidecar. */
export function isSidecar(spec: ContainerSpec): boolean {
  return spec.restartPolicy === 'Always';
}

/** The pod's restartPolicy, Always by default. */
export function restartPolicyOf(pod: KubeObject): string {
  return podSpec(pod).restartPolicy ?? 'Always';
}

/** Whether a dead regular container is started again: always, or on failure, as the policy says. */
export function shouldRestart(pod: KubeObject, c: RuntimeContainer): boolean {
  const policy = restartPolicyOf(pod);
  return policy === 'Always' || (policy === 'OnFailure' && c.exitCode !== 0);
}

/**
 * True once the pod is done for good (Succeeded/Failed): never under Always; under Never a failed
 * init container ends it; otherwise every regular container has stopped and stays stopped.
 */
export function podFinished(pod: KubeObject, runtime: ContainerRuntime, runtimeKey: string): boolean {
  const spec = podSpec(pod);
  const policy = restartPolicyOf(pod);
  if (policy === 'Always') return false;
  for (const s of spec.initContainers ?? []) {
    const c = runtime.container(runtimeKey, s.name);
    if (!isSidecar(s) && c?.state === 'exited' && c.exitCode !== 0 && policy === 'Never') return true;
  }
  return spec.containers.every((s) => {
    const c = runtime.container(runtimeKey, s.name);
    return c?.state === 'exited' && !shouldRestart(pod, c);
  });
}
