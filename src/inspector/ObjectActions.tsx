/**
 * Buttons that act on the inspected object: Edit (its YAML into the editor) for every object, and
 * kind-specific actions through the cluster worker's `perform` (as a scenario script would).
 */
import { useState } from 'react';
import type { KubeObject } from '../../workers/api/types';
import type { ScriptAction } from '../../workers/cluster/script-actions';
import { editObject } from '../editor/edit-request';
import { usePerform } from './use-perform';

interface ActionButton {
  label: string;
  action: ScriptAction;
  danger?: boolean;
  title?: string;
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

/** `kubectl rollout restart | pause | resume` (rollback is per revision, in the Revisions section). */
function rolloutActions(d: KubeObject): ActionButton[] {
  const target = { namespace: d.metadata.namespace ?? 'default', name: d.metadata.name ?? '' };
  const paused = (d as { spec?: { paused?: boolean } }).spec?.paused === true;
  return [
    { label: 'Restart', action: { type: 'rollout-restart', ...target }, title: 'kubectl rollout restart: new pods replace the old ones' },
    paused
      ? { label: 'Resume', action: { type: 'rollout-resume', ...target }, title: 'kubectl rollout resume: template changes roll out again' }
      : { label: 'Pause', action: { type: 'rollout-pause', ...target }, title: 'kubectl rollout pause: template changes wait (scaling still works)' },
  ];
}

function containerNames(pod: KubeObject): string[] {
  return ((pod as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map((c) => c.name);
}

function buttonsFor(obj: KubeObject, container: string): ActionButton[] {
  if (obj.kind === 'Node') return nodeActions(obj.metadata.name ?? '');
  if (obj.kind === 'Pod') return podActions(obj, container);
  if (obj.kind === 'Deployment') return [...rolloutActions(obj), ...scaleActions(obj)];
  if (obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet') return scaleActions(obj);
  return [];
}

export function ObjectActions({ obj }: { obj: KubeObject }) {
  const { outcome, busy, run } = usePerform();
  const names = obj.kind === 'Pod' ? containerNames(obj) : [];
  const [container, setContainer] = useState(names[0] ?? '');
  const chosen = names.includes(container) ? container : (names[0] ?? '');
  const buttons = buttonsFor(obj, chosen);

  return (
    <div className="insp-actions" data-testid="inspector-actions">
      <div className="insp-buttons">
        <button type="button" className="primary" data-testid="edit-object" title="Load its YAML into the editor, without status and server-managed fields (kubectl get -o yaml, cleaned)" onClick={() => void editObject(obj)}>
          Edit YAML
        </button>
        {names.length > 1 && (
          <select aria-label="Container" value={chosen} onChange={(e) => setContainer(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        )}
        {buttons.map((b) => (
          <button key={b.label} type="button" className={b.danger ? 'danger' : undefined} title={b.title} disabled={busy} onClick={() => void run(b.action)}>
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
