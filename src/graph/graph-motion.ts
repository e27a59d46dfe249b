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

/**
 * The objects the graph draws: live while the view is still, and while it moves at most one update
 * per MOVING_REFRESH_MS (the latest state, never a stale one: the trailing update always comes).
 */
export function useGraphObjects(moving: RefObject<boolean>): ReadonlyMap<string, ObjectEntry> {
  const [objects, setObjects] = useState(() => useClusterStore.getState().graphObjects);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastMs = 0;
    const publish = () => {
      timer = undefined;
      lastMs = performance.now();
      setObjects(useClusterStore.getState().graphObjects);
    };
    const changed = () => {
      if (timer !== undefined) return;
      const waitMs = moving.current ? lastMs + MOVING_REFRESH_MS - performance.now() : 0;
      if (waitMs <= 0) publish();
      else timer = setTimeout(publish, waitMs);
    };
    const unsubscribe = useClusterStore.subscribe((s, prev) => {
      if (s.graphObjects !== prev.graphObjects) changed();
    });
    // A change between the first render and this subscription.
    publish();
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [moving]);
  return objects;
}
