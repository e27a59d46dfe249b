/**
 * The simulated registry: a catalogue of well-known images with their compressed sizes and pull
 * times, and the rule deciding whether any other reference pulls (issue 3, section 4). Sizes are the
 * ones containerd reports for linux/amd64 (rounded); pull times assume a fast laptop link.
 */
import { isDockerHubOfficial, parseImageRef, type ImageRef } from './image-ref';
import { BoundedMemo } from '../../api/bounded-memo';
import { fnv1aText } from '../../api/fnv';

/** What the image's main program is; behaviour.ts says what each one does. */
export type ProgramKind =
  | 'shell'
  | 'nginx'
  | 'httpd'
  | 'redis'
  | 'mysql'
  | 'postgres'
  | 'pause'
  | 'etcd'
  | 'control-plane'
  | 'kube-proxy'
  | 'coredns'
  | 'server';

/** One catalogue entry. */
export interface CatalogueImage {
  /** `docker.io/library/nginx`. */
  repository: string;
  /** Size reported by the runtime (`Image size: N bytes`). */
  sizeBytes: number;
  /** Time a pull takes when nothing else is being pulled, ms. */
  pullMs: number;
  program: ProgramKind;
  /** Image ENTRYPOINT and CMD, used when the pod gives no command/args. */
  entrypoint: string[];
  cmd: string[];
}

const MB = 1_000_000;

function entry(repository: string, sizeMb: number, program: ProgramKind, entrypoint: string[], cmd: string[]): CatalogueImage {
  // About 60 MB/s plus a fixed 400 ms for resolving and unpacking.
  const sizeBytes = Math.round(sizeMb * MB + (fnv1aText(repository) % 999_983));
  return { repository, sizeBytes, pullMs: 400 + Math.round(sizeMb * 16.5), program, entrypoint, cmd };
}

/** The known images. */
export const IMAGE_CATALOGUE: readonly CatalogueImage[] = [
  entry('docker.io/library/nginx', 72.1, 'nginx', ['/docker-entrypoint.sh'], ['nginx', '-g', 'daemon off;']),
  entry('docker.io/library/busybox', 2.2, 'shell', [], ['sh']),
  entry('docker.io/library/alpine', 3.6, 'shell', [], ['/bin/sh']),
  entry('docker.io/library/ubuntu', 29.7, 'shell', [], ['/bin/bash']),
  entry('docker.io/library/debian', 48.5, 'shell', [], ['bash']),
  entry('docker.io/library/httpd', 58.1, 'httpd', [], ['httpd-foreground']),
  entry('docker.io/library/redis', 45.2, 'redis', ['docker-entrypoint.sh'], ['redis-server']),
  entry('docker.io/library/mysql', 172.6, 'mysql', ['docker-entrypoint.sh'], ['mysqld']),
  entry('docker.io/library/postgres', 158.4, 'postgres', ['docker-entrypoint.sh'], ['postgres']),
  entry('docker.io/library/python', 376.4, 'shell', [], ['python3']),
  entry('docker.io/library/node', 398.2, 'shell', ['docker-entrypoint.sh'], ['node']),
  entry('docker.io/library/golang', 294.7, 'shell', [], ['bash']),
  entry('docker.io/library/memcached', 32.4, 'server', ['docker-entrypoint.sh'], ['memcached']),
  entry('docker.io/library/rabbitmq', 94.3, 'server', ['docker-entrypoint.sh'], ['rabbitmq-server']),
  entry('docker.io/library/mongo', 271.5, 'server', ['docker-entrypoint.sh'], ['mongod']),
  entry('docker.io/library/traefik', 49.6, 'server', ['/entrypoint.sh'], ['traefik']),
  entry('docker.io/library/registry', 9.9, 'server', ['/entrypoint.sh'], ['/etc/docker/registry/config.yml']),
  entry('docker.io/library/hello-world', 0.01, 'shell', [], ['/hello']),
  entry('registry.k8s.io/pause', 0.32, 'pause', ['/pause'], []),
  entry('registry.k8s.io/etcd', 57.7, 'etcd', [], ['/usr/local/bin/etcd']),
  entry('registry.k8s.io/kube-apiserver', 28.7, 'control-plane', [], ['kube-apiserver']),
  entry('registry.k8s.io/kube-scheduler', 20.6, 'control-plane', [], ['kube-scheduler']),
  entry('registry.k8s.io/kube-controller-manager', 26.3, 'control-plane', [], ['kube-controller-manager']),
  entry('registry.k8s.io/kube-proxy', 30.9, 'kube-proxy', [], ['kube-proxy']),
  entry('registry.k8s.io/coredns/coredns', 18.6, 'coredns', ['/coredns'], []),
  entry('registry.k8s.io/metrics-server/metrics-server', 19.5, 'server', ['/metrics-server'], []),
  entry('registry.k8s.io/e2e-test-images/agnhost', 51.2, 'server', ['/agnhost'], ['netexec']),
  entry('docker.io/kindest/kindnetd', 39.0, 'server', [], ['/bin/kindnetd']),
  entry('docker.io/kindest/local-path-provisioner', 22.2, 'server', ['local-path-provisioner'], []),
];

const byRepository = new Map(IMAGE_CATALOGUE.map((i) => [i.repository, i]));
// k8s.gcr.io is the frozen predecessor of registry.k8s.io; it serves the same images.
for (const i of IMAGE_CATALOGUE) {
  if (i.repository.startsWith('registry.k8s.io/')) byRepository.set(i.repository.replace('registry.k8s.io/', 'k8s.gcr.io/'), i);
}

/** Registry hosts that exist (any repository on them pulls). */
export const REAL_REGISTRY_HOSTS = ['registry.k8s.io', 'k8s.gcr.io', 'gcr.io', 'quay.io', 'ghcr.io', 'public.ecr.aws', 'mcr.microsoft.com', 'docker.io', 'registry.gitlab.com'];

/** An image a pull produced. */
export interface ResolvedImage {
  ref: ImageRef;
  sizeBytes: number;
  pullMs: number;
  program: ProgramKind;
  entrypoint: string[];
  cmd: string[];
  /** `docker.io/library/nginx@sha256:...`, the imageID of container statuses. */
  imageId: string;
}

/** A pull's outcome: the image, or the runtime's error text (as containerd words it). */
export type PullOutcome = { ok: true; image: ResolvedImage } | { ok: false; error: string };

/** The catalogue entry of a reference, if any. */
export function catalogueImage(ref: ImageRef): CatalogueImage | undefined {
  return byRepository.get(ref.repository);
}

/** Outcomes by reference, shared by every node of the worker (the outcome is a function of the text). */
const sharedOutcomes = new BoundedMemo<string, PullOutcome>(4096);

/**
 * What pulling `image` gives, as one frozen outcome per reference text: every container of that
 * image (on every node) holds the same image record instead of its own copy.
 */
export function sharedPull(image: string): PullOutcome {
  const known = sharedOutcomes.get(image);
  if (known) return known;
  const outcome = resolvePull(image);
  if (outcome.ok) {
    Object.freeze(outcome.image.ref);
    Object.freeze(outcome.image);
  }
  return sharedOutcomes.remember(image, Object.freeze(outcome));
}

/** Decides what pulling `image` gives. */
export function resolvePull(image: string): PullOutcome {
  const ref = parseImageRef(image);
  if (!ref) return { ok: false, error: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format` };
  const known = catalogueImage(ref);
  if (known) return { ok: true, image: resolved(ref, known) };
  if (ref.host.endsWith('.invalid') || ref.host === 'invalid') return { ok: false, error: noSuchHost(ref) };
  const realHost = REAL_REGISTRY_HOSTS.includes(ref.host) || REAL_REGISTRY_HOSTS.some((h) => ref.host.endsWith(`.${h}`));
  const pulls = isDockerHubOfficial(ref) ? false : realHost || ref.host.includes('.');
  if (!pulls) return { ok: false, error: accessDenied(ref) };
  // Unknown but plausible images: size and pull time follow deterministically from the name.
  const sizeMb = 20 + (fnv1aText(ref.repository) % 180);
  return { ok: true, image: resolved(ref, entry(ref.repository, sizeMb, 'server', [], [])) };
}

function resolved(ref: ImageRef, c: CatalogueImage): ResolvedImage {
  return {
    ref,
    sizeBytes: c.sizeBytes,
    pullMs: c.pullMs,
    program: c.program,
    entrypoint: c.entrypoint,
    cmd: c.cmd,
    imageId: `${ref.repository}@sha256:${ref.digest ? ref.digest.slice(7) : hex64(`${ref.repository}:${ref.tag}`)}`,
  };
}

function accessDenied(ref: ImageRef): string {
  const r = ref.fullName;
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${r}": failed to resolve reference "${r}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

function noSuchHost(ref: ImageRef): string {
  const r = ref.fullName;
  const manifest = ref.digest ?? ref.tag;
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${r}": failed to resolve reference "${r}": failed to do request: Head "https://${ref.host}/v2/${ref.path}/manifests/${manifest}": dial tcp: lookup ${ref.host}: no such host`;
}

/** 64 hex characters derived from a string (image digests, ids). */
export function hex64(s: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv1aText(`${i}:${s}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}
