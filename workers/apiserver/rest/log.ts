/** pods/log: resolves the container as upstream's LogLocation does and asks the log provider. */
import { badRequest } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { getForClient, intParam } from './common';
import type { LogOptions, RestContext } from './context';

const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

function names(list: { name: string }[] | undefined): string[] {
  return (list ?? []).map((c) => c.name);
}

/** The container a log request means; 400 with upstream's wording when it is ambiguous or unknown. */
export function resolveContainer(pod: KubeObject, requested: string | undefined): string {
  const spec = (pod.spec ?? {}) as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  const containers = names(spec.containers);
  const inits = names(spec.initContainers);
  const ephemeral = names(spec.ephemeralContainers);
  const podName = pod.metadata.name ?? '';
  if (requested) {
    if (containers.includes(requested) || inits.includes(requested) || ephemeral.includes(requested)) return requested;
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  }
  if (containers.length === 1) return containers[0];
  const preferred = pod.metadata.annotations?.[defaultContainerAnnotation];
  if (preferred && containers.includes(preferred)) return preferred;
  let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]`;
  if (inits.length) msg += ` or one of the init containers: [${inits.join(' ')}]`;
  if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
  throw badRequest(msg);
}

/** Handles GET pods/{name}/log; returns the text (or its promise, see LogProvider). */
export function podLogs(ctx: RestContext): string | Promise<string> {
  const pod = getForClient(ctx);
  const q = ctx.query;
  const opts: LogOptions = { container: resolveContainer(pod, q.container) };
  if (q.follow === 'true') opts.follow = true;
  if (q.previous === 'true') opts.previous = true;
  if (q.timestamps === 'true') opts.timestamps = true;
  const tail = intParam(ctx, 'tailLines');
  if (tail !== undefined) opts.tailLines = tail;
  const since = intParam(ctx, 'sinceSeconds');
  if (since !== undefined) opts.sinceSeconds = since;
  const limit = intParam(ctx, 'limitBytes');
  if (limit !== undefined) opts.limitBytes = limit;
  return ctx.deps.logs ? ctx.deps.logs(pod, opts) : '';
}
