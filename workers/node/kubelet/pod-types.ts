/** The parts of core/v1 Pod the kubelet reads, typed loosely (objects arrive as JSON). */
import type { KubeObject } from '../../api/types';

/** A probe handler and its timing fields. */
export interface ProbeSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

/** A lifecycle hook handler. */
export interface HookSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  sleep?: { seconds: number };
}

/** A key of a ConfigMap or Secret an environment variable takes its value from. */
export interface KeyRef {
  name?: string;
  key: string;
  optional?: boolean;
}

/** A container of the pod spec. */
export interface ContainerSpec {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }[];
  envFrom?: { configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
  ports?: { containerPort: number; name?: string; protocol?: string }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  lifecycle?: { postStart?: HookSpec; preStop?: HookSpec };
  /** `Always` on an init container makes it a sidecar. */
  restartPolicy?: string;
}

/** The pod spec fields the kubelet uses. */
export interface PodSpec {
  nodeName?: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  readinessGates?: { conditionType: string }[];
}

/** A pod condition. */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string | null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** A container state (exactly one member set). */
export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: { exitCode: number; reason: string; message?: string; startedAt: string; finishedAt: string; containerID: string };
}

/** A container status. */
export interface ContainerStatus {
  containerID?: string;
  image: string;
  imageID: string;
  lastState: ContainerState;
  name: string;
  ready: boolean;
  restartCount: number;
  started: boolean;
  state: ContainerState;
}

/** The status the kubelet writes. */
export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  reason?: string;
  message?: string;
  conditions: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses: ContainerStatus[];
  qosClass?: string;
}

/** The spec of a pod object. */
export function podSpec(pod: KubeObject): PodSpec {
  return (pod.spec ?? { containers: [] }) as unknown as PodSpec;
}

/** The status of a pod object. */
export function podStatusOf(pod: KubeObject): Partial<PodStatus> {
  return (pod.status ?? {}) as Partial<PodStatus>;
}

/** `name_namespace(uid)`, upstream's format.Pod. */
export function formatPod(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}
