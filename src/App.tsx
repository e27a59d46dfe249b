/** The dashboard: top bar, the live cluster graph, and a side panel (YAML, objects). */
import { useEffect } from 'react';
import { connectCluster, takeOver } from './cluster/connection';
import { stepOnce, togglePlay } from './cluster/time-controls';
import { useClusterStore } from './state/cluster-store';
import { useUiStore } from './state/ui-store';
import { TopBar } from './components/TopBar';
import { SidePanel } from './components/SidePanel';
import { ClusterGraph } from './graph/ClusterGraph';
import { ArchitectureView } from './architecture/ArchitectureView';
import { traceApi } from './architecture/architecture-api';
import { useT } from './i18n/i18n';

/** True when a key press belongs to a text field or a control that handles space itself. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

function useKeyboardShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && useUiStore.getState().presenting) useUiStore.getState().setPresenting(false);
      if ((e.key !== ' ' && e.key !== '.') || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const cluster = useClusterStore.getState();
      if (cluster.phase !== 'running') return;
      e.preventDefault();
      // Space plays and pauses; "." runs the next event when paused (as a video player steps a frame).
      if (e.key === ' ') void togglePlay();
      else if (cluster.clock.paused) void stepOnce();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Objects (the graph) or Architecture (the components and their conversation). */
function MainViewSwitch() {
  const t = useT();
  const view = useUiStore((s) => s.mainView);
  const setView = useUiStore((s) => s.setMainView);
  return (
    <div className="main-view-switch" role="tablist" aria-label={t('app.mainView')}>
      {(['graph', 'architecture'] as const).map((v) => (
        <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'active' : ''} onClick={() => setView(v)}>
          {t(v === 'graph' ? 'app.view.graph' : 'app.view.architecture')}
        </button>
      ))}
    </div>
  );
}

/**
 * Why this tab does not run the cluster, in the page's language. The worker words it in English
 * (workers/cluster.worker.ts: refused at boot, or lost to a take-over); its two known sentences are
 * translated, anything else is shown as the worker sent it.
 */
function refusalText(reason: string | undefined, t: ReturnType<typeof useT>): string | undefined {
  if (reason?.startsWith('This cluster is running in another tab')) return t('app.refused.running');
  if (reason?.startsWith('Another tab took this cluster over')) return t('app.refused.lost');
  return reason;
}

export function App() {
  const t = useT();
  const mainView = useUiStore((s) => s.mainView);
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
          <span>{refusalText(refusedReason, t)}</span>
          <button onClick={() => void takeOver()}>{t('app.takeOver')}</button>
        </div>
      )}
      <main className={wide ? 'layout wide-side' : 'layout'}>
        <section className="graph-area" aria-label={mainView === 'graph' ? t('app.graph') : t('arch.title')}>
          <MainViewSwitch />
          {mainView === 'graph' ? <ClusterGraph /> : <ArchitectureView api={traceApi} />}
        </section>
        {/* Hidden, not unmounted, while presenting: the YAML text and results survive. */}
        <SidePanel />
      </main>
    </div>
  );
}
