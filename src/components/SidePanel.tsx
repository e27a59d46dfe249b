/** The side panel: tabs for the YAML editor, the object table, the inspector and the Events list. */
import type { ComponentType } from 'react';
import { ApplyPanel } from './ApplyPanel';
import { ObjectTable } from './ObjectTable';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { EventsPanel } from '../inspector/EventsPanel';
import { useUiStore, type SideTab } from '../state/ui-store';

const tabs: { id: SideTab; label: string }[] = [
  { id: 'yaml', label: 'YAML' },
  { id: 'objects', label: 'Objects' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'events', label: 'Events' },
];

const panels: Record<SideTab, ComponentType> = { yaml: ApplyPanel, objects: ObjectTable, inspector: InspectorPanel, events: EventsPanel };

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
      {tabs.map((t) => {
        const Panel = panels[t.id];
        return (
          <section key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={active !== t.id} className="tab-panel">
            <Panel />
          </section>
        );
      })}
    </aside>
  );
}
