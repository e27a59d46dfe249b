/**
 * Buttons that act on the inspected object: Edit (its YAML into the editor) for every object, and
 * kind-specific actions through the cluster worker's `perform` (as a scenario script would).
 */
import { useState } from 'react';
import type { KubeObject } from '../../workers/api/types';
import type { ScriptAction } from '../../workers/cluster/script-actions';
import { editObject } from '../editor/edit-request';
import { usePerform } from './use-perform';
import { useT } from '../i18n/i18n';

type T = ReturnType<typeof useT>;

interface ActionButton {
  label: string;
  action: ScriptAction;
  danger?: boolean;
  title?: string;
}

function nodeActions(t: T, name: string): ActionButton[] {
  return [
    { label: t('actions.cordon'), action: { type: 'cordon', node: name }, title: 'kubectl cordon' },
    { label: t('actions.uncordon'), action: { type: 'uncordon', node: name }, title: 'kubectl uncordon' },
    { label: t('actions.drain'), action: { type: 'drain', node: name }, title: 'kubectl drain' },
    { label: t('actions.stopKubelet'), action: { type: 'stop-kubelet', node: name } },
    { label: t('actions.startKubelet'), action: { type: 'start-kubelet', node: name } },
    { label: t('actions.deleteNode'), action: { type: 'delete-node', node: name }, danger: true },
  ];
}

function podActions(t: T, pod: KubeObject, container: string): ActionButton[] {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const list: ActionButton[] = [{ label: t('actions.deletePod'), action: { type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace, name }, danger: true }];
  if (container) list.unshift({ label: t('actions.killContainer', { container }), action: { type: 'kill-container', namespace, pod: name, container } });
  return list;
}

function scaleActions(t: T, obj: KubeObject): ActionButton[] {
  const replicas = ((obj as { spec?: { replicas?: number } }).spec?.replicas ?? 1) | 0;
  const target = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name ?? '' };
  return [
    { label: t('actions.scaleTo', { replicas: replicas + 1 }), action: { type: 'scale', ...target, replicas: replicas + 1 } },
    ...(replicas > 0 ? [{ label: t('actions.scaleTo', { replicas: replicas - 1 }), action: { type: 'scale' as const, ...target, replicas: replicas - 1 } }] : []),
    { label: t('actions.deleteKind', { kind: obj.kind.toLowerCase() }), action: { type: 'delete', apiVersion: obj.apiVersion, kind: obj.kind, namespace: target.namespace, name: target.name }, danger: true },
  ];
}

/** `kubectl rollout restart | pause | resume` (rollback is per revision, in the Revisions section). */
function rolloutActions(t: T, d: KubeObject): ActionButton[] {
  const target = { namespace: d.metadata.namespace ?? 'default', name: d.metadata.name ?? '' };
  const paused = (d as { spec?: { paused?: boolean } }).spec?.paused === true;
  return [
    { label: t('actions.restart'), action: { type: 'rollout-restart', ...target }, title: t('actions.restartTitle') },
    paused
      ? { label: t('actions.resume'), action: { type: 'rollout-resume', ...target }, title: t('actions.resumeTitle') }
      : { label: t('actions.pause'), action: { type: 'rollout-pause', ...target }, title: t('actions.pauseTitle') },
  ];
}

function containerNames(pod: KubeObject): string[] {
  return ((pod as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map((c) => c.name);
}

function buttonsFor(t: T, obj: KubeObject, container: string): ActionButton[] {
  if (obj.kind === 'Node') return nodeActions(t, obj.metadata.name ?? '');
  if (obj.kind === 'Pod') return podActions(t, obj, container);
  if (obj.kind === 'Deployment') return [...rolloutActions(t, obj), ...scaleActions(t, obj)];
  if (obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet') return scaleActions(t, obj);
  return [];
}

export function ObjectActions({ obj }: { obj: KubeObject }) {
  const t = useT();
  const { outcome, busy, run } = usePerform();
  const names = obj.kind === 'Pod' ? containerNames(obj) : [];
  const [container, setContainer] = useState(names[0] ?? '');
  const chosen = names.includes(container) ? container : (names[0] ?? '');
  const buttons = buttonsFor(t, obj, chosen);

  return (
    <div className="insp-actions" data-testid="inspector-actions">
      <div className="insp-buttons">
        <button type="button" className="primary" data-testid="edit-object" title={t('actions.editTitle')} onClick={() => void editObject(obj)}>
          {t('actions.edit')}
        </button>
        {names.length > 1 && (
          <select aria-label={t('actions.container')} value={chosen} onChange={(e) => setContainer(e.target.value)}>
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
