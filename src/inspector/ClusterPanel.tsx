/**
 * The cluster as a whole (the Inspector with nothing selected): the control-plane processes with
 * their state and stop/start, the machines, and a form to join a new one (`kubeadm join`).
 * Every change goes through `perform`, so a share link replays it.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { connectCluster } from '../cluster/connection';
import type { ScriptAction } from '../../workers/cluster/script-actions';
import { useClusterStore } from '../state/cluster-store';
import { objectStatus, statusText } from '../state/object-status';
import { useUiStore } from '../state/ui-store';
import { useControlPlane } from './control-plane-store';
import { formErrorsFromCauses, nodeLayoutFromForm, type NodeFormErrors, type NodeFormField, type NodeFormFields } from './node-form';
import { usePerform } from './use-perform';
import { useLanguage, useT, type MessageKey } from '../i18n/i18n';

const COMPONENTS: { key: 'scheduler' | 'controllerManager'; name: string; stop: ScriptAction; start: ScriptAction; stopped: MessageKey }[] = [
  { key: 'scheduler', name: 'kube-scheduler', stop: { type: 'stop-scheduler' }, start: { type: 'start-scheduler' }, stopped: 'cluster.schedulerStopped' },
  { key: 'controllerManager', name: 'kube-controller-manager', stop: { type: 'stop-controller-manager' }, start: { type: 'start-controller-manager' }, stopped: 'cluster.controllerManagerStopped' },
];

function ControlPlaneSection() {
  const t = useT();
  const state = useControlPlane();
  // Read the truth from the worker when shown: a replayed link or a lesson may have stopped one.
  useEffect(() => {
    void connectCluster()
      .then((api) => api.controlPlane())
      .then((cp) => cp && useControlPlane.setState(cp));
  }, []);
  const { outcome, busy, run } = usePerform();
  return (
    <section className="insp-section" data-testid="control-plane">
      <h3>{t('cluster.controlPlane')}</h3>
      <table className="insp-table">
        <tbody>
          {COMPONENTS.map((c) => {
            const running = state[c.key];
            return (
              <tr key={c.key} data-component={c.name} data-state={running ? 'running' : 'stopped'}>
                <td className="mono">{c.name}</td>
                <td>
                  <span className={running ? 'cp-state running' : 'cp-state stopped'}>{running ? t('cluster.running') : t('cluster.stopped')}</span>
                  {!running && <span className="muted"> · {t(c.stopped)}</span>}
                </td>
                <td className="num">
                  <button type="button" className={running ? 'small danger' : 'small'} disabled={busy} onClick={() => void run(running ? c.stop : c.start)}>
                    {running ? t('cluster.stop') : t('cluster.start')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {outcome && (
        <pre className={outcome.ok ? 'insp-outcome ok' : 'insp-outcome err'} role="status" data-testid="control-plane-outcome">
          {outcome.text}
        </pre>
      )}
    </section>
  );
}

function NodesSection() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const objects = useClusterStore((s) => s.graphObjects);
  const inspect = useUiStore((s) => s.inspect);
  const nodes = useMemo(
    () => [...objects.values()].map((e) => e.object).filter((o) => o.kind === 'Node').sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)),
    [objects],
  );
  return (
    <section className="insp-section" data-testid="cluster-nodes">
      <h3>{t('cluster.nodes', { count: nodes.length })}</h3>
      <table className="insp-table">
        <tbody>
          {nodes.map((n) => (
            <tr key={n.metadata.uid} data-name={n.metadata.name} data-status={objectStatus(n)}>
              <td>
                <button type="button" className="link" onClick={() => n.metadata.uid && inspect(n.metadata.uid)}>
                  {n.metadata.name}
                </button>
              </td>
              <td>{statusText(objectStatus(n), language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// Placeholders are example values (Kubernetes text), hints are the field's Kubernetes name or unit.
const FIELDS: { key: NodeFormField; label: MessageKey; placeholder: string; hint?: MessageKey }[] = [
  { key: 'name', label: 'cluster.field.name', placeholder: 'worker-3' },
  { key: 'cpu', label: 'cluster.field.cpu', placeholder: '4', hint: 'cluster.field.cpuHint' },
  { key: 'memory', label: 'cluster.field.memory', placeholder: '8148668Ki' },
  { key: 'pods', label: 'cluster.field.pods', placeholder: '110', hint: 'cluster.field.podsHint' },
  { key: 'labels', label: 'cluster.field.labels', placeholder: 'disktype=ssd zone=a' },
  { key: 'taints', label: 'cluster.field.taints', placeholder: 'dedicated=gpu:NoSchedule' },
];

function AddNodeForm() {
  const t = useT();
  const nodeCount = useClusterStore((s) => {
    let n = 0;
    for (const e of s.graphObjects.values()) if (e.object.kind === 'Node') n++;
    return n;
  });
  const [fields, setFields] = useState<NodeFormFields>({ name: '', cpu: '', memory: '', pods: '', labels: '', taints: '' });
  const [errors, setErrors] = useState<NodeFormErrors>({});
  const { outcome, busy, run } = usePerform();
  const suggested = `worker-${nodeCount}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = nodeLayoutFromForm({ ...fields, name: fields.name.trim() || suggested });
    setErrors(parsed.errors);
    if (!parsed.node) return;
    const result = await run({ type: 'add-node', node: parsed.node });
    setErrors(result.causes ? formErrorsFromCauses(result.causes) : {});
    if (result.ok) setFields({ name: '', cpu: '', memory: '', pods: '', labels: '', taints: '' });
  };
  return (
    <section className="insp-section" data-testid="add-node">
      <h3>{t('cluster.addNode')}</h3>
      <form className="node-form" onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.map((f) => (
          <label key={f.key} className={errors[f.key] ? 'node-field invalid' : 'node-field'}>
            <span className="node-field-label">{t(f.label)}</span>
            <input
              value={fields[f.key]}
              placeholder={f.key === 'name' ? suggested : f.placeholder}
              aria-invalid={errors[f.key] ? true : undefined}
              data-field={f.key}
              onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })}
              spellCheck={false}
            />
            {f.hint && <span className="muted node-field-hint">{t(f.hint)}</span>}
            {errors[f.key]?.map((m) => (
              <span key={m} className="field-error" role="alert">
                {m}
              </span>
            ))}
          </label>
        ))}
        {errors.form?.map((m) => (
          <span key={m} className="field-error" role="alert">
            {m}
          </span>
        ))}
        <div className="insp-buttons">
          <button type="submit" className="primary" disabled={busy} title={t('cluster.joinTitle')}>
            {t('cluster.join')}
          </button>
        </div>
      </form>
      {/* A refusal already shown next to its fields is not repeated here. */}
      {outcome && (outcome.ok || !outcome.causes) && (
        <pre className={outcome.ok ? 'insp-outcome ok' : 'insp-outcome err'} role="status" data-testid="add-node-outcome">
          {outcome.text}
        </pre>
      )}
    </section>
  );
}

export function ClusterPanel() {
  const t = useT();
  return (
    <div className="inspector cluster-panel" data-testid="cluster-panel">
      <header className="insp-header">
        <span className="insp-kind">{t('inspector.toCluster')}</span>
        <h2>{t('cluster.title')}</h2>
      </header>
      <ControlPlaneSection />
      <NodesSection />
      <AddNodeForm />
    </div>
  );
}
