/** The Events tab: every Event (type, reason, object, message, count, age), filterable; a click inspects the object. */
import { useMemo, useState } from 'react';
import { useClusterStore } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';
import { formatAge } from '../state/format';
import { filterEvents, type EventRow } from './events-model';
import { useEventRows } from './use-events';
import { useT } from '../i18n/i18n';

/** The uid of the Event's object: its own, or found by kind, namespace and name. */
function objectUid(row: EventRow): string | undefined {
  if (row.involved.uid && useClusterStore.getState().objects.has(row.involved.uid)) return row.involved.uid;
  for (const e of useClusterStore.getState().objects.values()) {
    const m = e.object.metadata;
    if (e.object.kind === row.involved.kind && m.name === row.involved.name && (m.namespace ?? '') === (row.involved.namespace ?? '')) return m.uid;
  }
  return undefined;
}

export function EventsPanel() {
  const t = useT();
  const active = useUiStore((s) => s.sideTab === 'events');
  const inspect = useUiStore((s) => s.inspect);
  const rows = useEventRows(active);
  const nowMs = useClusterStore((s) => Math.floor(s.clock.nowMs / 1000) * 1000);
  const [namespace, setNamespace] = useState('');
  const [object, setObject] = useState('');
  const [type, setType] = useState('');
  const namespaces = useMemo(() => [...new Set(rows.map((r) => r.namespace))].sort(), [rows]);
  const shown = useMemo(() => filterEvents(rows, { namespace, object, type }), [rows, namespace, object, type]);
  if (!active) return null;
  return (
    <div className="table-wrap">
      <div className="table-tools events-tools">
        <select aria-label={t('events.namespace')} value={namespace} onChange={(e) => setNamespace(e.target.value)}>
          <option value="">{t('events.allNamespaces')}</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <select aria-label={t('events.type')} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">{t('events.allTypes')}</option>
          <option>Normal</option>
          <option>Warning</option>
        </select>
        <input type="search" className="grow" placeholder={t('events.filter')} aria-label={t('events.filterLabel')} value={object} onChange={(e) => setObject(e.target.value)} />
        <span className="count" data-testid="event-count">
          {t('events.count', { shown: shown.length, total: rows.length })}
        </span>
      </div>
      <table className="insp-table events-table" data-testid="events-table">
        <thead>
          <tr>
            <th>{t('events.col.typeReason')}</th>
            <th>{t('events.col.object')}</th>
            <th className="num">{t('events.col.count')}</th>
            <th className="num">{t('col.age')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <EventRowView key={r.uid} row={r} nowMs={nowMs} onPick={() => {
              const uid = objectUid(r);
              if (uid) inspect(uid);
            }} />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">{t('events.none')}</p>}
    </div>
  );
}

function EventRowView({ row, nowMs, onPick }: { row: EventRow; nowMs: number; onPick: () => void }) {
  const t = useT();
  return (
    <>
      <tr className={`event-head ${row.type === 'Warning' ? 'warn' : ''}`} data-reason={row.reason} data-object={row.object} data-type={row.type} onClick={onPick} title={t('events.inspect')}>
        <td>
          <span className="event-type-tag">{row.type}</span>
          {row.reason}
        </td>
        <td className="name">
          {row.involved.namespace && <span className="ns">{row.involved.namespace}/</span>}
          {row.object}
        </td>
        <td className="num">{row.count}</td>
        <td className="num">{formatAge(row.lastMs, nowMs)}</td>
      </tr>
      <tr className="event-msg" onClick={onPick}>
        <td colSpan={4}>{row.message}</td>
      </tr>
    </>
  );
}
