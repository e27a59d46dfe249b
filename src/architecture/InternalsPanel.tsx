/**
 * Internals (issue 5, section 2): what each component holds right now. etcd's revision, compaction
 * floor and keys; kube-scheduler's queues and caches; each controller's work queue and expectations;
 * which instance holds each leader-election Lease; a node's kubelet pod workers, image cache and
 * kube-proxy rules. Refreshed while shown.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ControlPlaneInternals } from '../../workers/cluster/control-plane-internals';
import type { NodeInspection } from '../../workers/sim/lockstep-protocol';
import type { KubeletInternals } from '../../workers/node/kubelet/kubelet';
import { useT } from '../i18n/i18n';
import './architecture.css';
import { useClusterStore } from '../state/cluster-store';

/** What the panel needs of the cluster worker. */
export interface InternalsApi {
  internals(): Promise<ControlPlaneInternals>;
  inspectNode(node: string, query: NodeInspection): Promise<unknown>;
}

const REFRESH_MS = 500;

function usePolled<T>(load: () => Promise<T>, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    const tick = () =>
      void load().then(
        (v) => live && setValue(v),
        () => undefined,
      );
    tick();
    const id = setInterval(tick, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}

function Leases() {
  const t = useT();
  const objects = useClusterStore((s) => s.objects);
  const leases = [...objects.values()]
    .map((e) => e.object)
    .filter((o) => o.kind === 'Lease' && o.metadata.namespace === 'kube-system')
    .map((o) => ({ name: o.metadata.name ?? '', spec: (o as { spec?: { holderIdentity?: string; renewTime?: string } }).spec ?? {} }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return (
    <section>
      <h4>{t('internals.leases')}</h4>
      <table className="internals-table">
        <tbody>
          {leases.map((l) => (
            <tr key={l.name}>
              <td>{l.name}</td>
              <td>{l.spec.holderIdentity ?? '-'}</td>
              <td className="muted">{l.spec.renewTime ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ControlPlaneSection({ cp }: { cp: ControlPlaneInternals }) {
  const t = useT();
  const q = cp.scheduler.queue;
  return (
    <>
      <section>
        <h4>etcd</h4>
        <p>{t('internals.etcd', { revision: cp.etcd.revision, floor: cp.etcd.compactRevision, keys: cp.etcd.keys, watchers: cp.etcd.watchers })}</p>
      </section>
      <section>
        <h4>kube-scheduler</h4>
        {q ? <p>{t('internals.schedulerQueues', { active: q.active, backoff: q.backoff, unschedulable: q.unschedulable, gated: q.gated })}</p> : <p className="muted">{t('internals.stopped')}</p>}
        {cp.scheduler.caches && <p className="muted">{cp.scheduler.caches.map((c) => `${c.resource}: ${c.objects}`).join(' · ')}</p>}
      </section>
      <section>
        <h4>kube-controller-manager</h4>
        {!cp.controllerManager.running && <p className="muted">{t('internals.stopped')}</p>}
        <ul className="internals-caches muted">
          {cp.controllerManager.caches.map((c) => (
            <li key={c.resource}>
              {c.resource}: {c.objects}
            </li>
          ))}
        </ul>
        <div className="internals-scroll">
          <table className="internals-table" data-testid="internals-controllers">
            <thead>
              <tr>
                <th>{t('internals.controller')}</th>
                <th>{t('internals.depth')}</th>
                <th>{t('internals.processing')}</th>
                <th>{t('internals.waiting')}</th>
                <th>{t('internals.retries')}</th>
                <th>{t('internals.expectations')}</th>
              </tr>
            </thead>
            <tbody>
              {cp.controllerManager.controllers.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.queue?.depth ?? '-'}</td>
                  <td>{c.queue?.processing ?? '-'}</td>
                  <td>{c.queue?.waiting ?? '-'}</td>
                  <td>{c.queue?.retries ?? '-'}</td>
                  <td>{c.expectations?.map((e) => `${e.key} +${e.add}/-${e.del}`).join(', ') || '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function NodeSection({ api, node }: { api: InternalsApi; node: string }) {
  const t = useT();
  const kubelet = usePolled(() => api.inspectNode(node, { type: 'kubelet' }) as Promise<KubeletInternals>, [api, node]);
  const rules = usePolled(() => api.inspectNode(node, { type: 'iptables-save' }) as Promise<string>, [api, node]);
  const ipvs = usePolled(() => api.inspectNode(node, { type: 'ipvsadm' }) as Promise<string>, [api, node]);
  return (
    <section data-testid="internals-node">
      <h4>{t('internals.kubeletOf', { node })}</h4>
      <table className="internals-table">
        <tbody>
          {kubelet?.podWorkers.map((w) => (
            <tr key={w.uid}>
              <td>{w.pod}</td>
              <td>{w.state}</td>
              <td>{w.sandboxIP ?? ''}</td>
              <td>{w.containers.map((c) => `${c.name}#${c.attempt} ${c.state}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('internals.images', { list: kubelet?.images.map((i) => i.name).join(', ') ?? '' })}</p>
      <details>
        <summary>{t('internals.proxyRules')}</summary>
        <pre className="insp-pre">{typeof rules === 'string' ? rules : ''}</pre>
      </details>
      <details>
        <summary>{t('internals.ipvsRules')}</summary>
        <pre className="insp-pre">{typeof ipvs === 'string' ? ipvs : ''}</pre>
      </details>
    </section>
  );
}

/** The Internals tab. */
export function InternalsPanel({ api }: { api: InternalsApi }) {
  const t = useT();
  const cp = usePolled(() => api.internals(), [api]);
  const graph = useClusterStore((s) => s.graphObjects);
  const nodes = useMemo(
    () =>
      [...graph.values()]
        .filter((e) => e.object.kind === 'Node')
        .map((e) => e.object.metadata.name ?? '')
        .sort(),
    [graph],
  );
  const [node, setNode] = useState<string>();
  const shown = node && nodes.includes(node) ? node : nodes[0];
  return (
    <div className="internals-panel" data-testid="internals-panel">
      {cp ? <ControlPlaneSection cp={cp} /> : <p className="muted">…</p>}
      <Leases />
      <label>
        {t('internals.node')}{' '}
        <select value={shown ?? ''} onChange={(e) => setNode(e.target.value)}>
          {nodes.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      {shown && <NodeSection api={api} node={shown} />}
    </div>
  );
}
