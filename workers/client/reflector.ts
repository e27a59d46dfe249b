/**
 * The reflector (client-go tools/cache): lists a resource page by page, then watches from the list's
 * resourceVersion with bookmarks; resumes from the last resourceVersion seen when a stream closes.
 * As upstream's ListAndWatch loop, an ERROR event (410 Expired included) or a refused watch ends the
 * round and the reflector lists again after its back-off (800 ms doubling to 30 s); only 429 retries
 * the watch alone. Lists are consistent reads (no resourceVersion), as a relist after 410 is upstream.
 */
import { isApiError } from '../api/errors';
import type { KubeList, KubeObject, Status, WatchEvent } from '../api/types';
import type { WatchStream } from '../apiserver/types';
import type { Rng, TimerId, Timers } from '../sim/types';
import type { ListOptions, WatchOptions } from './options';

/** What a reflector lists and watches: a ResourceClient fits. */
export interface ListerWatcher<T extends KubeObject> {
  list(opts: ListOptions): Promise<KubeList<T>>;
  watch(opts: WatchOptions): Promise<WatchStream>;
}

/** Where a reflector puts what it learns. */
export interface ReflectorSink<T extends KubeObject> {
  /** The full content after a list, with the list's resourceVersion. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions {
  timers: Timers;
  /** Page size of lists (client-go: 500). */
  pageSize?: number;
  /** Label and field selectors, for a filtered informer. */
  labelSelector?: string;
  fieldSelector?: string;
  /** When given, each watch asks for a server timeout of 5..10 minutes, as client-go. */
  rng?: Rng;
  name?: string;
}

/** client-go's reflector back-off: 800 ms initial, 30 s cap. */
export const REFLECTOR_BACKOFF_INITIAL_MS = 800;
export const REFLECTOR_BACKOFF_MAX_MS = 30_000;
const MIN_WATCH_TIMEOUT_S = 300;

/** Keeps a sink in step with the server through list + watch. */
export class Reflector<T extends KubeObject> {
  private stopped = true;
  private stream: WatchStream | undefined;
  private retry: TimerId | undefined;
  private backoffMs = 0;
  /** Bumped on every (re)start so late answers of an abandoned attempt are ignored. */
  private generation = 0;
  /** The resourceVersion the next watch resumes from. */
  lastSyncResourceVersion = '';
  /** Lists done (1 after the initial list; more after each relist). */
  listCount = 0;
  /** Watches opened. */
  watchCount = 0;
  /** The Status of the last ERROR event (410 Expired when the history window moved past us). */
  lastWatchError: Status | undefined;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions,
  ) {}

  /** Starts list + watch. */
  run(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.listAndWatch(++this.generation);
  }

  /** Stops watching; nothing more reaches the sink. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.retry !== undefined) this.opts.timers.cancel(this.retry);
    this.retry = undefined;
    this.stream?.close();
    this.stream = undefined;
  }

  private live(gen: number): boolean {
    return !this.stopped && gen === this.generation;
  }

  private async listAndWatch(gen: number): Promise<void> {
    try {
      const { items, resourceVersion } = await this.listAll(gen);
      if (!this.live(gen)) return;
      this.listCount++;
      this.lastSyncResourceVersion = resourceVersion;
      this.sink.replace(items, resourceVersion);
      await this.watch(gen);
    } catch {
      if (this.live(gen)) this.scheduleRetry(gen, 'list');
    }
  }

  /** Lists every page; the first page's resourceVersion is the snapshot the pages belong to. */
  private async listAll(gen: number): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    for (let page = 0; page < 100_000; page++) {
      const list = await this.lw.list({
        limit: this.opts.pageSize ?? 500,
        continue: cont,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
      });
      if (!this.live(gen)) return { items, resourceVersion };
      if (page === 0) resourceVersion = list.metadata.resourceVersion ?? '';
      items.push(...list.items);
      cont = list.metadata.continue;
      if (!cont) break;
    }
    return { items, resourceVersion };
  }

  private async watch(gen: number): Promise<void> {
    let stream: WatchStream;
    try {
      stream = await this.lw.watch({
        resourceVersion: this.lastSyncResourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        timeoutSeconds: this.opts.rng ? MIN_WATCH_TIMEOUT_S + this.opts.rng.int(MIN_WATCH_TIMEOUT_S) : undefined,
      });
    } catch (e) {
      if (!this.live(gen)) return;
      return this.scheduleRetry(gen, isApiError(e) && e.code === 429 ? 'watch' : 'list');
    }
    if (!this.live(gen)) return stream.close();
    this.watchCount++;
    this.stream = stream;
    let ended = false;
    const end = (next: () => void): void => {
      if (ended) return;
      ended = true;
      if (this.stream === stream) this.stream = undefined;
      stream.close();
      if (this.live(gen)) next();
    };
    stream.start(
      (ev) => {
        if (ended || !this.live(gen)) return;
        const outcome = this.handleEvent(ev);
        if (outcome === 'error') end(() => this.scheduleRetry(gen, 'list'));
        else this.backoffMs = 0;
      },
      // A stream the server ended (timeout) resumes from the last resourceVersion seen.
      () => end(() => this.resumeWatch(gen)),
    );
  }

  /** Applies one event; says whether the stream must be abandoned. */
  private handleEvent(ev: WatchEvent): 'ok' | 'error' {
    if (ev.type === 'ERROR') {
      this.lastWatchError = ev.object as unknown as Status;
      return 'error';
    }
    const obj = ev.object as T;
    const rv = obj.metadata?.resourceVersion;
    switch (ev.type) {
      case 'ADDED':
        this.sink.add(obj);
        break;
      case 'MODIFIED':
        this.sink.update(obj);
        break;
      case 'DELETED':
        this.sink.delete(obj);
        break;
      case 'BOOKMARK':
        break;
    }
    if (rv) this.lastSyncResourceVersion = rv;
    return 'ok';
  }

  private resumeWatch(gen: number): void {
    // Resume on the next event-loop turn of the simulation, never re-entrantly from the stream.
    this.retry = this.opts.timers.after(0, () => {
      this.retry = undefined;
      if (this.live(gen)) void this.watch(gen);
    }, `reflector:${this.opts.name ?? ''}:resume`);
  }

  private scheduleRetry(gen: number, what: 'list' | 'watch'): void {
    this.backoffMs = this.backoffMs === 0 ? REFLECTOR_BACKOFF_INITIAL_MS : Math.min(this.backoffMs * 2, REFLECTOR_BACKOFF_MAX_MS);
    this.retry = this.opts.timers.after(this.backoffMs, () => {
      this.retry = undefined;
      if (!this.live(gen)) return;
      // A failed watch resumes from where it was; a failed list starts over.
      if (what === 'watch') void this.watch(gen);
      else void this.listAndWatch(gen);
    }, `reflector:${this.opts.name ?? ''}:backoff`);
  }

  /** Current back-off delay (0 when healthy). */
  get currentBackoffMs(): number {
    return this.backoffMs;
  }
}
