/** Closes a popup on Escape or on a press outside it. */
import { useEffect, type RefObject } from 'react';

export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onEvent = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) close();
    };
    window.addEventListener('pointerdown', onEvent);
    window.addEventListener('keydown', onEvent);
    return () => {
      window.removeEventListener('pointerdown', onEvent);
      window.removeEventListener('keydown', onEvent);
    };
  }, [open, root, close]);
}

/** Opens a share link pasted into the address bar of the open page (the page does not reload for a new fragment). */
export function useShareLinkInAddress(open: (link: string) => void): void {
  useEffect(() => {
    const onHash = () => {
      if (
        location.hash
          .slice(1)
          .split('&')
          .some((p) => p.startsWith('s='))
      ) {
        const link = location.hash;
        history.replaceState(history.state, '', location.pathname + location.search);
        open(link);
      }
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [open]);
}
