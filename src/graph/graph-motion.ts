/**
 * Keeping pan and zoom smooth while the cluster changes: the frames of a gesture go to the gesture.
 * While the view moves, the pane's viewport is promoted to its own layer (so Chromium moves pixels it
 * already painted instead of repainting the cards each frame) and the graph model is rebuilt at most
 * a few times a second; when the gesture ends both return to normal and the graph catches up.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useClusterStore, type ObjectEntry } from '../state/cluster-store';

/** While the view moves, the graph takes the cluster's changes at most this often. */
export const MOVING_REFRESH_MS = 500;

/** Class of the flow's container while a pan or zoom is under way (see graph.css). */
const MOVING_CLASS = 'moving';

export interface ViewMotion {
  /** True between a gesture's start and end. */
  moving: RefObject<boolean>;
  /** The element that gets the `moving` class. */
  container: RefObject<HTMLDivElement | null>;
  onMoveStart(event: unknown): void;
  onMoveEnd(event: unknown): void;
}

/** Tracks pan and zoom gestures, by the person or by fitView, without re-rendering anything. */
export function useViewMotion(): ViewMotion {
  const moving = useRef(false);
  const container = useRef<HTMLDivElement | null>(null);
  const onMoveStart = useCallback(() => {
    moving.current = true;
    container.current?.classList.add(MOVING_CLASS);
  }, []);
  const onMoveEnd = useCallback(() => {
    moving.current = false;
    container.current?.classList.remove(MOVING_CLASS);
  }, []);
  return { moving, container, onMoveStart, onMoveEnd };
}

/** The host's clock and timers (tests pass fakes). */
export interface ThrottleHost {
  now(): number;
  after(ms: number, fn: () => void): unknown;
  cancel(handle: unknown): void;
}

const realHost: ThrottleHost = {
  now: () => performance.now(),
  after: (ms, fn) => setTimeout(fn, ms),
  cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Passes changes on at once while the view is still; while it moves, at most one per `intervalMs`,
 * and always a trailing one, so the last change is never lost.
 */
export class GestureThrottle {
  private timer: unknown;
  private lastMs = -Infinity;

  constructor(
    private readonly moving: () => boolean,
    private readonly publish: () => void,
    private readonly intervalMs = MOVING_REFRESH_MS,
    private readonly host: ThrottleHost = realHost,
  ) {}

  changed(): void {
    if (this.timer !== undefined) return;
    const waitMs = this.moving() ? this.lastMs + this.intervalMs - this.host.now() : 0;
    if (waitMs <= 0) this.fire();
    else this.timer = this.host.after(waitMs, () => this.fire());
  }

  dispose(): void {
    if (this.timer !== undefined) this.host.cancel(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.lastMs = this.host.now();
    this.publish();
  }
}

/** The objects the graph draws: live while the view is still, throttled by GestureThrottle while it moves. */
export function useGraphObjects(moving: RefObject<boolean>): ReadonlyMap<string, ObjectEntry> {
  const [objects, setObjects] = useState(() => useClusterStore.getState().graphObjects);
  useEffect(() => {
    const throttle = new GestureThrottle(() => moving.current === true, () => setObjects(useClusterStore.getState().graphObjects));
    const unsubscribe = useClusterStore.subscribe((s, prev) => {
      if (s.graphObjects !== prev.graphObjects) throttle.changed();
    });
    // A change between the first render and this subscription.
    setObjects(useClusterStore.getState().graphObjects);
    return () => {
      unsubscribe();
      throttle.dispose();
    };
  }, [moving]);
  return objects;
}
