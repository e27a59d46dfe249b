/** Every object in the cluster: kind, namespace/name, status and age in virtual time (resourceVersion on hover). */
import { objectStatus } from '../state/object-status';
import { memo, useMemo, useState } from 'react';
import { useClusterStore, type ObjectEntry } from '../state/cluster-store';
import { SYSTEM_NAMESPACES, useUiStore } from '../state/ui-store';
import { formatAge } from '../state/format';

function sortKey(e: ObjectEntry): string {
  return `${e.object.kind}\u0000${e.object.metadata.namespace ?? ''}\u0000${e.object.metadata.name ?? ''}`;
}

export function ObjectTable() {
  const objects = useClusterStore((s) => s.objects);
  // Ages show whole seconds: rows redraw once a virtual second, not on every clock tick.
  const nowMs = useClusterStore((s) => Math.floor(s.clock.nowMs / 1000) * 1000);
  const [filter, setFilter] = useState('');
  const showSystem = useUiStore((s) => s.showSystem);

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = [...objects.values()].filter((e) => {
      const ns = e.object.metadata.namespace ?? '';
      if (!showSystem && SYSTEM_NAMESPACES.has(ns)) return false;
      if (!showSystem && (e.object.kind === 'ClusterRole' || e.object.kind === 'ClusterRoleBinding')) return false;
      if (!f) return true;
      return `${e.object.kind} ${ns} ${e.object.metadata.name}`.toLowerCase().includes(f);
    });
    list.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    return list;
  }, [objects, filter, showSystem]);

  return (
    <div className="table-wrap">
      <div className="table-tools">
        <input
          type="search"
          placeholder="Filter by kind, namespace, name"
          className="grow"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter objects"
        />
        <span className="count" data-testid="object-count">
          {rows.length} of {objects.size} objects
        </span>
      </div>
      <table className="objects-table" data-testid="objects-table">
        <thead>
          <tr>
            <th>KIND</th>
            <th>NAMESPACE/NAME</th>
            <th>STATUS</th>
            <th className="num">AGE</th>
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
  return (
    <tr data-uid={m.uid} data-kind={entry.object.kind} data-name={m.name} data-status={status} title={`resourceVersion ${m.resourceVersion ?? ''}`}>
      <td>{entry.object.kind}</td>
      <td className="name" title={`${m.namespace ? `${m.namespace}/` : ''}${m.name ?? ''}`}>
        {m.namespace && <span className="ns">{m.namespace}/</span>}
        {m.name}
      </td>
      <td className="status">{status}</td>
      <td className="num">{formatAge(created, nowMs)}</td>
    </tr>
  );
});
