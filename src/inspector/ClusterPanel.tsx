/**
 * The cluster as a whole (the Inspector with nothing selected): the control-plane processes with
 * their state and stop/start, the machines, and a form to join a new one (`kubeadm join`).
 * Every change goes through `perform`, so a share link replays it.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ScriptAction } from '../../workers/cluster/script-actions';
import { useClusterStore } from '../state/cluster-store';
import { objectStatus } from '../state/object-status';
import { useUiStore } from '../state/ui-store';
import { useControlPlane } from './control-plane-store';
import { formErrorsFromCauses, nodeLayoutFromForm, type NodeFormErrors, type NodeFormField, type NodeFormFields } from './node-form';
import { usePerform } from './use-perform';

const COMPONENTS: { key: 'scheduler' | 'controllerManager'; name: string; stop: ScriptAction; start: ScriptAction; stopped: string }[] = [
  { key: 'scheduler', name: 'kube-scheduler', stop: { type: 'stop-scheduler' }, start: { type: 'start-scheduler' }, stopped: 'new pods stay Pending' },
  { key: 'controllerManager', name: 'kube-controller-manager', stop: { type: 'stop-controller-manager' }, start: { type: 'start-controller-manager' }, stopped: 'replicas and nodes are not reconciled' },
];

function ControlPlaneSection() {
  const state = useControlPlane();
  const { outcome, busy, run } = usePerform();
  return (
    <section className="insp-section" data-testid="control-plane">
      <h3>Control plane</h3>
      <table className="insp-table">
        <tbody>
          {COMPONENTS.map((c) => {
            const running = state[c.key];
            return (
              <tr key={c.key} data-component={c.name} data-state={running ? 'running' : 'stopped'}>
                <td className="mono">{c.name}</td>
                <td>
                  <span className={running ? 'cp-state running' : 'cp-state stopped'}>{running ? 'Running' : 'Stopped'}</span>
                  {!running && <span className="muted"> · {c.stopped}</span>}
                </td>
                <td className="num">
                  <button type="button" className={running ? 'small danger' : 'small'} disabled={busy} onClick={() => void run(running ? c.stop : c.start)}>
                    {running ? 'Stop' : 'Start'}
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
  const objects = useClusterStore((s) => s.graphObjects);
  const inspect = useUiStore((s) => s.inspect);
  const nodes = useMemo(
    () => [...objects.values()].map((e) => e.object).filter((o) => o.kind === 'Node').sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)),
    [objects],
  );
  return (
    <section className="insp-section" data-testid="cluster-nodes">
      <h3>Nodes ({nodes.length})</h3>
      <table className="insp-table">
        <tbody>
          {nodes.map((n) => (
            <tr key={n.metadata.uid} data-name={n.metadata.name} data-status={objectStatus(n)}>
              <td>
                <button type="button" className="link" onClick={() => n.metadata.uid && inspect(n.metadata.uid)}>
                  {n.metadata.name}
                </button>
              </td>
              <td>{objectStatus(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const FIELDS: { key: NodeFormField; label: string; placeholder: string; hint?: string }[] = [
  { key: 'name', label: 'Name', placeholder: 'worker-3' },
  { key: 'cpu', label: 'CPU', placeholder: '4', hint: 'cores' },
  { key: 'memory', label: 'Memory', placeholder: '8148668Ki' },
  { key: 'pods', label: 'Pods', placeholder: '110', hint: 'maxPods' },
  { key: 'labels', label: 'Labels', placeholder: 'disktype=ssd zone=a' },
  { key: 'taints', label: 'Taints', placeholder: 'dedicated=gpu:NoSchedule' },
];

function AddNodeForm() {
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
      <h3>Add node</h3>
      <form className="node-form" onSubmit={(e) => void submit(e)} noValidate>
        {FIELDS.map((f) => (
          <label key={f.key} className={errors[f.key] ? 'node-field invalid' : 'node-field'}>
            <span className="node-field-label">{f.label}</span>
            <input
              value={fields[f.key]}
              placeholder={f.key === 'name' ? suggested : f.placeholder}
              aria-invalid={errors[f.key] ? true : undefined}
              data-field={f.key}
              onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })}
              spellCheck={false}
            />
            {f.hint && <span className="muted node-field-hint">{f.hint}</span>}
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
          <button type="submit" className="primary" disabled={busy} title="kubeadm join: a new machine with its kubelet">
            Join node
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
  return (
    <div className="inspector cluster-panel" data-testid="cluster-panel">
      <header className="insp-header">
        <span className="insp-kind">Cluster</span>
        <h2>This cluster</h2>
      </header>
      <ControlPlaneSection />
      <NodesSection />
      <AddNodeForm />
    </div>
  );
}
