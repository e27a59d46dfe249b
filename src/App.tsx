/** The dashboard: top bar, the live cluster graph, and a side panel (YAML, objects). */
import { useEffect } from 'react';
import { connectCluster, takeOver } from './cluster/connection';
import { togglePlay } from './cluster/time-controls';
import { useClusterStore } from './state/cluster-store';
import { useUiStore } from './state/ui-store';
import { TopBar } from './components/TopBar';
import { SidePanel } from './components/SidePanel';
import { ClusterGraph } from './graph/ClusterGraph';

/** True when a key press belongs to a text field or a control that handles space itself. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

function useKeyboardShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && useUiStore.getState().presenting) useUiStore.getState().setPresenting(false);
      if (e.key !== ' ' || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (useClusterStore.getState().phase !== 'running') return;
      e.preventDefault();
      void togglePlay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  const phase = useClusterStore((s) => s.phase);
  const refusedReason = useClusterStore((s) => s.refusedReason);
  const presenting = useUiStore((s) => s.presenting);
  // The Inspector's tables and the Events list need more room than the editor and the object table.
  const wide = useUiStore((s) => s.sideTab === 'inspector' || s.sideTab === 'events');
  useEffect(() => {
    void connectCluster();
  }, []);
  useKeyboardShortcuts();
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <TopBar />
      {phase === 'refused' && (
        <div className="banner" role="alert">
          <span>{refusedReason}</span>
          <button onClick={() => void takeOver()}>Take over here</button>
        </div>
      )}
      <main className={wide ? 'layout wide-side' : 'layout'}>
        <section className="graph-area" aria-label="Cluster graph">
          <ClusterGraph />
        </section>
        {/* Hidden, not unmounted, while presenting: the YAML text and results survive. */}
        <SidePanel />
      </main>
    </div>
  );
}
