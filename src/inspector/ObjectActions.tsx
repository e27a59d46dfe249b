/** Buttons that act on the inspected object through the cluster worker's `perform` (as a scenario script would). */
import { useState } from 'react';
import type { KubeObject } from '../../workers/api/types';
import type { ScriptAction } from '../../workers/cluster/script-actions';
import { connectCluster } from '../cluster/connection';

interface Outcome {
  ok: boolean;
  text: string;
}

interface ActionButton {
  label: string;
  action: ScriptAction;
  danger?: boolean;
}

function nodeActions(name: string): ActionButton[] {
  return [
    { label: 'Cordon', action: { type: 'cordon', node: name } },
    { label: 'Uncordon', action: { type: 'uncordon', node: name } },
    { label: 'Drain', action: { type: 'drain', node: name } },
    { label: 'Stop kubelet', action: { type: 'stop-kubelet', node: name } },
    { label: 'Start kubelet', action: { type: 'start-kubelet', node: name } },
    { label: 'Delete node', action: { type: 'delete-node', node: name }, danger: true },
  ];
}

function podActions(pod: KubeObject, container: string): ActionButton[] {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const list: ActionButton[] = [{ label: 'Delete pod', action: { type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace, name }, danger: true }];
  if (container) list.unshift({ label: `Kill container ${container}`, action: { type: 'kill-container', namespace, pod: name, container } });
  return list;
}

function scaleActions(obj: KubeObject): ActionButton[] {
  const replicas = ((obj as { spec?: { replicas?: number } }).spec?.replicas ?? 1) | 0;
  const target = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name ?? '' };
  return [
    { label: `Scale to ${replicas + 1}`, action: { type: 'scale', ...target, replicas: replicas + 1 } },
    ...(replicas > 0 ? [{ label: `Scale to ${replicas - 1}`, action: { type: 'scale' as const, ...target, replicas: replicas - 1 } }] : []),
    { label: `Delete ${obj.kind.toLowerCase()}`, action: { type: 'delete', apiVersion: obj.apiVersion, kind: obj.kind, namespace: target.namespace, name: target.name }, danger: true },
  ];
}

function containerNames(pod: KubeObject): string[] {
  return ((pod as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map((c) => c.name);
}

export function ObjectActions({ obj }: { obj: KubeObject }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const names = obj.kind === 'Pod' ? containerNames(obj) : [];
  const [container, setContainer] = useState(names[0] ?? '');
  const chosen = names.includes(container) ? container : (names[0] ?? '');
  let buttons: ActionButton[] = [];
  if (obj.kind === 'Node') buttons = nodeActions(obj.metadata.name ?? '');
  else if (obj.kind === 'Pod') buttons = podActions(obj, chosen);
  else if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet') buttons = scaleActions(obj);
  if (!buttons.length) return null;

  const run = async (action: ScriptAction) => {
    setBusy(true);
    try {
      const api = await connectCluster();
      setOutcome(await api.perform(action));
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="insp-actions" data-testid="inspector-actions">
      <div className="insp-buttons">
        {names.length > 1 && (
          <select aria-label="Container" value={chosen} onChange={(e) => setContainer(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        )}
        {buttons.map((b) => (
          <button key={b.label} type="button" className={b.danger ? 'danger' : undefined} disabled={busy} onClick={() => void run(b.action)}>
            {b.label}
          </button>
        ))}
      </div>
      {outcome && (
        <pre className={outcome.ok ? 'insp-outcome ok' : 'insp-outcome err'} data-testid="action-outcome" role="status">
          {outcome.text}
        </pre>
      )}
    </div>
  );
}
