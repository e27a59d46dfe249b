/**
 * Every object in the cluster: kind, namespace/name, status and age in virtual time (resourceVersion
 * on hover); a row opens the object in the Inspector, its Edit button loads its YAML into the editor.
 */
import { objectStatus, statusText } from '../state/object-status';
import { editObject } from '../editor/edit-request';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useClusterStore, type ObjectEntry } from '../state/cluster-store';
import { SYSTEM_NAMESPACES, useUiStore } from '../state/ui-store';
import { formatAge } from '../state/format';
import { useLanguage, useT } from '../i18n/i18n';

// Objects are replaced, never mutated, so a key computed once per object stays right; sorting
// thousands of rows on every delta batch was the page's main cost before this cache.
const sortKeys = new WeakMap<ObjectEntry['object'], string>();
function sortKey(e: ObjectEntry): string {
  let key = sortKeys.get(e.object);
  if (key === undefined) {
    key = `${e.object.kind}\u0000${e.object.metadata.namespace ?? ''}\u0000${e.object.metadata.name ?? ''}`;
    sortKeys.set(e.object, key);
  }
  return key;
}

/** The value, but while `ms` > 0 at most one change per `ms` (the latest one, trailing). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastMs = useRef(0);
  useEffect(() => {
    if (ms === 0) return;
    const timer = setTimeout(
      () => {
        lastMs.current = performance.now();
        setShown(value);
      },
      Math.max(0, lastMs.current + ms - performance.now()),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return ms === 0 ? value : shown;
}

function matches(e: ObjectEntry, f: string, showSystem: boolean): boolean {
  const ns = e.object.metadata.namespace ?? '';
  if (!showSystem && SYSTEM_NAMESPACES.has(ns)) return false;
  if (!showSystem && (e.object.kind === 'ClusterRole' || e.object.kind === 'ClusterRoleBinding')) return false;
  if (!f) return true;
  return `${e.object.kind} ${ns} ${e.object.metadata.name}`.toLowerCase().includes(f);
}

export function ObjectTable() {
  const t = useT();
  const live = useClusterStore((s) => s.objects);
  // Ages show whole seconds: rows redraw once a virtual second, not on every clock tick.
  const liveNowMs = useClusterStore((s) => Math.floor(s.clock.nowMs / 1000) * 1000);
  const [filter, setFilter] = useState('');
  const showSystem = useUiStore((s) => s.showSystem);
  // Behind another tab the rows stay in the page (for find-in-page and tests) but are sorted and
  // drawn at most once a second: with thousands of objects that was most of the main thread.
  const hidden = useUiStore((s) => s.sideTab !== 'objects');
  const snapshot = useThrottled(useMemo(() => ({ objects: live, nowMs: liveNowMs }), [live, liveNowMs]), hidden ? 1000 : 0);
  const { objects, nowMs } = snapshot;
  const f = filter.trim().toLowerCase();
  // The count is always live and cheap (no sort).
  const visibleCount = useMemo(() => {
    let n = 0;
    for (const e of live.values()) if (matches(e, f, showSystem)) n++;
    return n;
  }, [live, f, showSystem]);

  const rows = useMemo(() => {
    const list = [...objects.values()].filter((e) => matches(e, f, showSystem));
    list.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return list;
  }, [objects, f, showSystem]);

  return (
    <div className="table-wrap">
      <div className="table-tools">
        <input
          type="search"
          placeholder={t('objects.filter')}
          className="grow"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label={t('objects.filterLabel')}
        />
        <span className="count" data-testid="object-count">
          {t('objects.count', { shown: visibleCount, total: live.size })}
        </span>
      </div>
      <table className="objects-table" data-testid="objects-table">
        <thead>
          <tr>
            <th>{t('objects.col.kind')}</th>
            <th>{t('objects.col.name')}</th>
            <th>{t('objects.col.status')}</th>
            <th className="num">{t('col.age')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <Row key={e.object.metadata.uid} entry={e} nowMs={nowMs} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const Row = memo(function Row({ entry, nowMs }: { entry: ObjectEntry; nowMs: number }) {
  const m = entry.object.metadata;
  const created = m.creationTimestamp ? Date.parse(m.creationTimestamp) : nowMs;
  const status = objectStatus(entry.object);
  const t = useT();
  const language = useLanguage((st) => st.language);
  return (
    <tr
      data-uid={m.uid}
      data-kind={entry.object.kind}
      data-name={m.name}
      data-status={status}
      title={t('objects.rowTitle', { resourceVersion: m.resourceVersion ?? '' })}
      className="clickable"
      onClick={() => m.uid && useUiStore.getState().inspect(m.uid)}
    >
      <td>{entry.object.kind}</td>
      <td className="name" title={`${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}`}>
        {m.namespace && <span className="ns">{m.namespace}/</span>}
        {m.name}
      </td>
      <td className="status">{statusText(status, language)}</td>
      <td className="num row-actions">
        {formatAge(created, nowMs)}
        {/* Shown over the age while the row is hovered or the button focused. */}
        <button
          type="button"
          className="small"
          title={t('objects.editTitle')}
          data-testid="row-edit"
          onClick={(e) => {
            e.stopPropagation();
            void editObject(entry.object);
          }}
        >
          {t('objects.edit')}
        </button>
      </td>
    </tr>
  );
});
