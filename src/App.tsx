/** The first page: the cluster's objects live, and a box to apply YAML. */
import { useEffect } from 'react';
import { connectCluster, takeOver } from './cluster/connection';
import { useClusterStore } from './state/cluster-store';
import { TopBar } from './components/TopBar';
import { ObjectTable } from './components/ObjectTable';
import { ApplyPanel } from './components/ApplyPanel';

export function App() {
  const phase = useClusterStore((s) => s.phase);
  const refusedReason = useClusterStore((s) => s.refusedReason);
  useEffect(() => {
    void connectCluster();
  }, []);
  return (
    <div className="app">
      <TopBar />
      {phase === 'refused' && (
        <div className="banner" role="alert">
          <span>{refusedReason}</span>
          <button onClick={() => void takeOver()}>Take over here</button>
        </div>
      )}
      <main className="layout">
        <section className="objects" aria-label="Cluster objects">
          <ObjectTable />
        </section>
        <aside className="side" aria-label="Apply YAML">
          <ApplyPanel />
        </aside>
      </main>
    </div>
  );
}
