/** Above the graph: the namespace filter, the system objects switch, grouping state and a legend. */
import { useT } from '../i18n/i18n';
import { useMemo } from 'react';
import { useClusterStore, type ObjectEntry } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';

/** The sorted namespace names in a graph object map, computed once per map (selectors run on every store change, clock ticks included). */
let namesFor: ReadonlyMap<string, ObjectEntry> | undefined;
let names = '';
function namespaceNames(objects: ReadonlyMap<string, ObjectEntry>): string {
  if (objects === namesFor) return names;
  const list: string[] = [];
  for (const e of objects.values()) if (e.object.kind === 'Namespace' && e.object.metadata.name) list.push(e.object.metadata.name);
  namesFor = objects;
  names = list.sort().join('\n');
  return names;
}

function useNamespaceNames(): string[] {
  // Names only change when namespaces come and go: derive a joined string so the toolbar
  // re-renders on those changes only, not on every object delta.
  const joined = useClusterStore((s) => namespaceNames(s.graphObjects));
  return useMemo(() => (joined ? joined.split('\n') : []), [joined]);
}

export function GraphToolbar() {
  const t = useT();
  const namespaces = useNamespaceNames();
  const namespace = useUiStore((s) => s.namespace);
  const setNamespace = useUiStore((s) => s.setNamespace);
  const showSystem = useUiStore((s) => s.showSystem);
  const setShowSystem = useUiStore((s) => s.setShowSystem);
  const showServices = useUiStore((s) => s.showServices);
  const setShowServices = useUiStore((s) => s.setShowServices);
  const expanded = useUiStore((s) => s.expandedGroups.size);
  const collapse = useUiStore((s) => s.collapseGroups);
  return (
    <div className="graph-toolbar">
      <label className="field">
        {t('graph.namespace')}
        <select value={namespace} onChange={(e) => setNamespace(e.target.value)} aria-label={t('graph.namespace')}>
          <option value="">{t('graph.allNamespaces')}</option>
          {namespaces.map((ns) => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      </label>
      <label className="field check">
        <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} /> {t('graph.showSystem')}
      </label>
      <label className="field check">
        <input type="checkbox" checked={showServices} onChange={(e) => setShowServices(e.target.checked)} /> {t('graph.services')}
      </label>
      {expanded > 0 && (
        <button type="button" onClick={collapse}>
          {t('graph.regroup', { n: expanded })}
        </button>
      )}
      <span className="legend" aria-hidden>
        <span className="tone-ok">{t('graph.legendRunning')}</span>
        <span className="tone-progress">{t('graph.legendStarting')}</span>
        <span className="tone-warn">{t('graph.legendNotReady')}</span>
        <span className="tone-error">{t('graph.legendFailing')}</span>
      </span>
    </div>
  );
}
