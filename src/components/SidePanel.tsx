/** The side panel: tabs for the YAML editor and the object table (Inspector and Events come later). */
import { ApplyPanel } from './ApplyPanel';
import { ObjectTable } from './ObjectTable';
import { useUiStore, type SideTab } from '../state/ui-store';

const tabs: { id: SideTab; label: string }[] = [
  { id: 'yaml', label: 'YAML' },
  { id: 'objects', label: 'Objects' },
];

export function SidePanel() {
  const active = useUiStore((s) => s.sideTab);
  const setTab = useUiStore((s) => s.setSideTab);
  return (
    <aside className="side" aria-label="Side panel">
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={active === t.id} aria-controls={`panel-${t.id}`} className={active === t.id ? 'tab active' : 'tab'} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {/* Panels stay mounted (hidden when inactive) so their state and scroll survive tab switches. */}
      {tabs.map((t) => (
        <section key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={active !== t.id} className="tab-panel">
          {t.id === 'yaml' ? <ApplyPanel /> : <ObjectTable />}
        </section>
      ))}
    </aside>
  );
}
