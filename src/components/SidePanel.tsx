/** The side panel: tabs for the YAML editor, the object table, the inspector and the Events list, and the language switch. */
import { useState, type ComponentType } from 'react';
import { ApplyPanel } from './ApplyPanel';
import { ObjectTable } from './ObjectTable';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { EventsPanel } from '../inspector/EventsPanel';
import { LessonPanel } from '../lessons/LessonPanel';
import { lessonApi } from '../lessons/lesson-api';
import { InternalsPanel } from '../architecture/InternalsPanel';
import { internalsApi } from '../architecture/architecture-api';
import { useUiStore, type SideTab } from '../state/ui-store';
import { useT, type MessageKey } from '../i18n/i18n';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import './side-panel.css';

const tabs: { id: SideTab; label: MessageKey }[] = [
  { id: 'yaml', label: 'side.tab.yaml' },
  { id: 'objects', label: 'side.tab.objects' },
  { id: 'inspector', label: 'side.tab.inspector' },
  { id: 'events', label: 'side.tab.events' },
  { id: 'lessons', label: 'side.tab.lessons' },
  { id: 'internals', label: 'side.tab.internals' },
];

/**
 * Mounted from the first time its tab is shown, then kept: listing the lessons makes the worker load
 * and validate all of them (their manifests parsed), which must not happen during the cluster's boot.
 */
function Lessons() {
  const shown = useUiStore((s) => s.sideTab === 'lessons');
  const [wanted, setWanted] = useState(false);
  if (shown && !wanted) setWanted(true);
  return wanted ? <LessonPanel api={lessonApi} /> : null;
}
// Polls the worker while shown only: a hidden tab must not cost the simulation anything.
const Internals = () => (useUiStore((s) => s.sideTab) === 'internals' ? <InternalsPanel api={internalsApi} /> : null);

const panels: Record<SideTab, ComponentType> = { yaml: ApplyPanel, objects: ObjectTable, inspector: InspectorPanel, events: EventsPanel, lessons: Lessons, internals: Internals };

export function SidePanel() {
  const active = useUiStore((s) => s.sideTab);
  const setTab = useUiStore((s) => s.setSideTab);
  const t = useT();
  return (
    <aside className="side" aria-label={t('side.label')}>
      <div className="tabs">
        <div className="tablist" role="tablist">
          {tabs.map((tab) => (
            <button key={tab.id} type="button" role="tab" id={`tab-${tab.id}`} aria-selected={active === tab.id} aria-controls={`panel-${tab.id}`} className={active === tab.id ? 'tab active' : 'tab'} onClick={() => setTab(tab.id)}>
              {t(tab.label)}
            </button>
          ))}
        </div>
        <LanguageSwitch />
      </div>
      {/* Panels stay mounted (hidden when inactive) so their state and scroll survive tab switches. */}
      {tabs.map((tab) => {
        const Panel = panels[tab.id];
        return (
          <section key={tab.id} role="tabpanel" id={`panel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} hidden={active !== tab.id} className="tab-panel">
            <Panel />
          </section>
        );
      })}
    </aside>
  );
}
