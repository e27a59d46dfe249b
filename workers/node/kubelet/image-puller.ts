/**
 * The kubelet's image manager (pkg/kubelet/images): imagePullPolicy, per-pod pull back-off, and the
 * Pulling / Pulled / Failed / BackOff / ErrImageNeverPull events with upstream's wording.
 */
import type { KubeObject } from '../../api/types';
import type { EventRecorder } from '../../client/component';
import type { Clock } from '../../sim/types';
import type { ContainerRuntime } from '../runtime/container-runtime';
import { parseImageRef } from '../runtime/image-ref';
import type { ResolvedImage } from '../runtime/images';
import type { Backoff } from './backoff';
import { formatDuration as goDuration } from '../../api/duration';
import type { ContainerSpec } from './pod-types';

/** The outcome: the image, or the waiting state the container shows. */
export type EnsureImageResult = { image: ResolvedImage } | { waiting: { reason: string; message: string } };

/** The policy the apiserver defaults to: Always for `:latest` or no tag, else IfNotPresent. */
export function effectivePullPolicy(spec: ContainerSpec): 'Always' | 'IfNotPresent' | 'Never' {
  if (spec.imagePullPolicy) return spec.imagePullPolicy;
  const ref = parseImageRef(spec.image);
  return ref && !ref.digest && ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Pulls images for containers of pods on one node. */
export class ImagePuller {
  /** The last failed pull's error per pod and image (upstream's prevPullErrMsg), until the next attempt. */
  private readonly lastPullError = new Map<string, string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly backoff: Backoff,
    private readonly recorder: EventRecorder,
    private readonly clock: Clock,
  ) {}

  /** Makes sure the container's image is present, pulling it as policy and back-off allow. */
  async ensureImage(pod: KubeObject, spec: ContainerSpec): Promise<EnsureImageResult> {
    const image = spec.image;
    if (!parseImageRef(image)) {
      const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
      this.recorder.event(pod, 'Warning', 'InspectFailed', message);
      this.failed(pod, 'InvalidImageName');
      return { waiting: { reason: 'InvalidImageName', message } };
    }
    const policy = effectivePullPolicy(spec);
    const present = this.runtime.imageStatus(image);
    if (present && policy !== 'Always') {
      this.recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return { image: present };
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.recorder.event(pod, 'Warning', 'ErrImageNeverPull', message);
      this.failed(pod, 'ErrImageNeverPull');
      return { waiting: { reason: 'ErrImageNeverPull', message } };
    }
    const key = `${pod.metadata.uid}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.clock.now())) {
      const message = `Back-off pulling image "${image}"`;
      this.recorder.event(pod, 'Normal', 'BackOff', message);
      this.failed(pod, 'ImagePullBackOff');
      // The waiting message carries the last pull's error (the Event does not).
      const previous = this.lastPullError.get(key);
      return { waiting: { reason: 'ImagePullBackOff', message: previous ? `${message}: ${previous}` : message } };
    }
    this.lastPullError.delete(key);
    this.recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
    const r = await this.runtime.pullImage(image);
    if (!r.ok) {
      this.recorder.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${r.error}`);
      this.backoff.next(key, this.clock.now());
      this.lastPullError.set(key, `ErrImagePull: ${r.error}`);
      this.failed(pod, 'ErrImagePull');
      return { waiting: { reason: 'ErrImagePull', message: r.error } };
    }
    const message = `Successfully pulled image "${image}" in ${goDuration(r.pullMs)} (${goDuration(r.totalMs)} including waiting). Image size: ${r.image.sizeBytes} bytes.`;
    this.recorder.event(pod, 'Normal', 'Pulled', message);
    this.backoff.gc();
    return { image: r.image };
  }

  /** Forgets a pod's pull errors (it left the node). */
  forgetPod(uid: string): void {
    for (const k of this.lastPullError.keys()) if (k.startsWith(`${uid}_`)) this.lastPullError.delete(k);
  }

  /** The `Error: <reason>` event startContainer records when the image step fails. */
  private failed(pod: KubeObject, reason: string): void {
    this.recorder.event(pod, 'Warning', 'Failed', `Error: ${reason}`);
  }
}
