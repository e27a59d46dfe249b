/**
 * Feeds the page every object of every served kind, as a client would: list, then watch from the
 * list's resourceVersion through the apiserver, relisting when a watch ends. Changes are coalesced
 * and handed out in batches (the page must not get one message per event at max speed).
 */
import type { ApiHandler, ApiRequest, UserInfo } from '../apiserver/types';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types';
import { resources, type ResourceInfo } from '../api/registry';
import { resourcePath } from '../kubectl/paths';
import type { ObjectDelta } from './protocol';

/** One listed-and-watched resource per group/resource, at the group's first served version. */
export function feedResources(): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const r of resources) {
    const key = `${r.group}/${r.resource}`;
    if (seen.has(key) || !r.verbs.includes('watch') || !r.verbs.includes('list')) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

export class ObjectFeed {
  private pending: ObjectDelta[] = [];
  private scheduled = false;
  private closed = false;
  private readonly closers: (() => void)[] = [];

  constructor(
    private readonly api: ApiHandler,
    private readonly user: UserInfo,
    private readonly emit: (deltas: ObjectDelta[]) => void,
  ) {}

  /** Lists and watches every resource; resolves when the initial lists have been queued. */
  async start(): Promise<void> {
    await Promise.all(feedResources().map((r) => this.follow(r)));
  }

  close(): void {
    this.closed = true;
    for (const c of this.closers.splice(0)) c();
  }

  private async follow(info: ResourceInfo): Promise<void> {
    if (this.closed) return;
    const list = await this.request({ method: 'GET', path: resourcePath(info) });
    if (list.status !== 200) return;
    const body = list.body as KubeList;
    for (const item of body.items) this.push({ type: 'upsert', resource: info.resource, object: withKind(item, info) });
    const res = await this.api.handle({
      method: 'GET',
      path: resourcePath(info),
      query: { watch: 'true', resourceVersion: body.metadata.resourceVersion ?? '0', allowWatchBookmarks: 'true' },
      headers: { accept: 'application/json' },
      user: this.user,
    });
    if (res.kind !== 'watch') return;
    this.closers.push(() => res.stream.close());
    res.stream.start(
      (e) => this.onEvent(info, e),
      // The server ended the stream (timeout or expiry): list again, as a reflector does.
      () => void this.follow(info),
    );
  }

  private onEvent(info: ResourceInfo, e: WatchEvent): void {
    if (e.type === 'ADDED' || e.type === 'MODIFIED') {
      this.push({ type: 'upsert', resource: info.resource, object: withKind(e.object, info) });
    } else if (e.type === 'DELETED') {
      const uid = e.object.metadata?.uid;
      if (uid) this.push({ type: 'delete', resource: info.resource, uid });
    } else if (e.type === 'ERROR') {
      const status = e.object as unknown as Status;
      if (status.code === 410) return; // the stream closes next; `follow` relists then
    }
  }

  private push(d: ObjectDelta): void {
    this.pending.push(d);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const batch = this.pending;
      this.pending = [];
      if (batch.length && !this.closed) this.emit(batch);
    });
  }

  private async request(req: ApiRequest) {
    const res = await this.api.handle({ ...req, headers: { accept: 'application/json' }, user: this.user });
    if (res.kind === 'watch') {
      res.stream.close();
      throw new Error('unexpected watch');
    }
    return res;
  }
}

/** List items come without apiVersion/kind (as upstream); the page needs them. */
function withKind(obj: KubeObject, info: ResourceInfo): KubeObject {
  if (obj.kind && obj.apiVersion) return obj;
  return { ...obj, kind: info.kind, apiVersion: info.group ? `${info.group}/${info.version}` : info.version };
}
