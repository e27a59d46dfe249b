/**
 * The cards of the cluster graph, one React Flow node type per kind. Each is memoized: a card
 * redraws only when its own view changes (the graph reuses unchanged node objects).
 */
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { formatCpu, formatMemory } from '../state/quantity';
import type { NodeView, PodView, ReplicaSetView, WorkloadView } from './graph-views';
import type { PodGroupView } from './graph-model';
import type { ServiceView } from './graph-services';
import { useT, type MessageKey } from '../i18n/i18n';
import { rolloutText } from './rollout-text';

export type WorkloadNode = Node<{ view: WorkloadView }, 'workload'>;
export type ReplicaSetNode = Node<{ view: ReplicaSetView }, 'replicaset'>;
export type PodNode = Node<{ view: PodView }, 'pod'>;
export type PodGroupNode = Node<{ view: PodGroupView; onToggle?: (id: string) => void }, 'podgroup'>;
export type ClusterNodeNode = Node<{ view: NodeView }, 'node'>;
export type ServiceNode = Node<{ view: ServiceView }, 'service'>;
export type HeaderNode = Node<{ title: MessageKey; count: number; hint?: MessageKey }, 'header'>;

const Ports = memo(function Ports({ source = true, target = true }: { source?: boolean; target?: boolean }) {
  return (
    <>
      {target && <Handle type="target" position={Position.Left} isConnectable={false} />}
      {source && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </>
  );
});

function Meter({ label, used, total, format }: { label: string; used: number; total: number; format: (n: number) => string }) {
  const t = useT();
  const ratio = total > 0 ? Math.min(used / total, 1) : 0;
  const level = ratio > 0.9 ? 'high' : ratio > 0.7 ? 'mid' : 'low';
  return (
    <div className="meter" title={t('graph.meterTitle', { label, used: format(used), total: format(total) })}>
      <span className="meter-label">{label}</span>
      <span className="meter-bar">
        <span className={`meter-fill ${level}`} style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className="meter-value">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}

export const WorkloadCard = memo(function WorkloadCard({ data, selected }: NodeProps<WorkloadNode>) {
  const v = data.view;
  const t = useT();
  const ratio = v.desired > 0 ? Math.min(v.ready / v.desired, 1) : 0;
  return (
    <div className={`gcard workload tone-${v.tone}${selected ? ' selected' : ''}`} data-kind={v.kind} data-name={v.name} data-ready={`${v.ready}/${v.desired}`} data-rollout={v.rollout}>
      <Ports target={false} />
      <div className="gcard-kind">
        {v.kind} <span className="ns">{v.namespace}</span>
      </div>
      <div className="gcard-row">
        <span className="gcard-name" title={v.name}>{v.name}</span>
        <span className="pill">{t('graph.readyOf', { ready: v.ready, desired: v.desired })}</span>
      </div>
      <div className="rollout" title={rolloutText(v.rollout, t)}>{rolloutText(v.rollout, t)}</div>
      <div className="progress"><span style={{ width: `${ratio * 100}%` }} /></div>
    </div>
  );
});

export const ReplicaSetCard = memo(function ReplicaSetCard({ data, selected }: NodeProps<ReplicaSetNode>) {
  const v = data.view;
  const t = useT();
  return (
    <div className={`gcard replicaset tone-${v.tone}${selected ? ' selected' : ''}`} data-kind="ReplicaSet" data-name={v.name} data-revision={v.revision}>
      <Ports />
      <div className="gcard-kind">
        {REPLICASET} {v.revision && <span className="rev">{t('graph.rev', { revision: v.revision })}</span>}
      </div>
      <div className="gcard-name" title={v.name}>{v.name}</div>
      <div className="gcard-meta">
        {t('graph.rsMeta', { ready: v.ready, desired: v.desired, current: v.current })}
      </div>
    </div>
  );
});

export const PodCard = memo(function PodCard({ data, selected }: NodeProps<PodNode>) {
  const v = data.view;
  const t = useT();
  return (
    <div className={`gcard pod tone-${v.tone}${selected ? ' selected' : ''}`} data-kind="Pod" data-name={v.name} data-status={v.status} data-node={v.nodeName}>
      <Ports />
      <div className="gcard-row">
        <span className="dot" />
        <span className="gcard-name" title={`${v.namespace}/${v.name}`}>{v.name}</span>
        {v.restarts > 0 && (
          <span className="restarts" title={t(v.restarts > 1 ? 'graph.restartsMany' : 'graph.restartsOne', { n: v.restarts })}>
            ↻ {v.restarts}
          </span>
        )}
      </div>
      <div className="gcard-row gcard-meta">
        <span className="status-text">{v.status}</span>
        <span title={t('graph.readyContainers')}>{v.ready}</span>
      </div>
    </div>
  );
});

export const PodGroupCard = memo(function PodGroupCard({ data, selected }: NodeProps<PodGroupNode>) {
  const v = data.view;
  const t = useT();
  const where = v.nodeName ? t('graph.onNode', { node: v.nodeName }) : v.nodeCount > 0 ? t(v.nodeCount > 1 ? 'graph.onNodesMany' : 'graph.onNodesOne', { n: v.nodeCount }) : t('graph.unscheduled');
  return (
    <button
      type="button"
      className={`gcard podgroup${selected ? ' selected' : ''}`}
      data-kind="PodGroup"
      data-total={v.total}
      onClick={() => data.onToggle?.(v.groupId)}
      title={t('graph.groupTitle')}
    >
      <Ports />
      <div className="gcard-row">
        <span className="gcard-name">{t('graph.groupPods', { n: v.total })}</span>
        <span className="gcard-meta">{where}</span>
      </div>
      <div className="gcard-row badges">
        {v.counts.map((c) => (
          <span key={c.phase} className={`badge tone-${c.tone}`}>
            {c.count} {c.phase}
          </span>
        ))}
      </div>
    </button>
  );
});

export const NodeCard = memo(function NodeCard({ data, selected }: NodeProps<ClusterNodeNode>) {
  const v = data.view;
  const t = useT();
  return (
    <div className={`gcard node tone-${v.tone}${selected ? ' selected' : ''}`} data-kind="Node" data-name={v.name} data-status={v.status}>
      <Ports source={false} />
      <div className="gcard-row">
        <span className="gcard-name">
          <span className="dot" /> {v.name}
        </span>
        <span className="pill">{v.ready ? READY : v.status}</span>
      </div>
      <div className="gcard-meta">
        {v.roles || WORKER_ROLE} · {t('graph.nodePods', { pods: v.pods, max: v.podsAllocatable })}
      </div>
      <Meter label={CPU} used={v.cpuRequested} total={v.cpuAllocatable} format={formatCpu} />
      <Meter label={t('graph.mem')} used={v.memoryRequested} total={v.memoryAllocatable} format={formatMemory} />
      <div className="chips">
        {v.cordoned && <span className="chip warn">{t('graph.cordoned')}</span>}
        {v.taints.map((taint) => (
          <span key={taint} className="chip" title={taint}>
            {shortTaint(taint)}
          </span>
        ))}
        {!v.cordoned && v.taints.length === 0 && <span className="chip quiet">{t('graph.noTaints')}</span>}
      </div>
    </div>
  );
});

export const ServiceCard = memo(function ServiceCard({ data, selected }: NodeProps<ServiceNode>) {
  const v = data.view;
  const t = useT();
  return (
    <div className={`gcard service tone-${v.tone}${selected ? ' selected' : ''}`} data-kind="Service" data-name={v.name} data-endpoints={`${v.readyBackends}/${v.backends}`}>
      <Ports target={false} />
      <div className="gcard-kind">
        {SERVICE} <span className="ns">{v.type}</span>
      </div>
      <div className="gcard-row">
        <span className="gcard-name" title={v.name}>{v.name}</span>
        <span className="pill" title={t('graph.serviceReadyTitle')}>
          {v.hasSelector ? t('graph.serviceReady', { ready: v.readyBackends, total: v.backends }) : t('graph.noSelector')}
        </span>
      </div>
      <div className="gcard-meta mono" title={t('graph.serviceIpTitle')}>
        {v.clusterIP || NONE} · {v.ports || t('graph.noPorts')}
      </div>
    </div>
  );
});

/** Kubernetes' own words, shown as Kubernetes writes them: the Ready condition, kubeadm's default role, kubectl's None. */
const READY = 'Ready';
const REPLICASET = 'ReplicaSet';
const SERVICE = 'Service';
const CPU = 'CPU';
const WORKER_ROLE = 'worker';
const NONE = 'None';

/** Taint keys are long (node-role.kubernetes.io/control-plane:NoSchedule): keep the last segment. */
function shortTaint(t: string): string {
  const slash = t.lastIndexOf('/');
  return slash >= 0 ? t.slice(slash + 1) : t;
}

export const ColumnHeader = memo(function ColumnHeader({ data }: NodeProps<HeaderNode>) {
  const t = useT();
  return (
    <div className="column-header">
      <span>{t(data.title)}</span>
      <span className="count">{data.count}</span>
      {data.hint && <span className="hint">{t(data.hint)}</span>}
    </div>
  );
});

/** Module-level so React Flow never sees a new object (which would remount every node). */
export const nodeTypes = {
  workload: WorkloadCard,
  replicaset: ReplicaSetCard,
  pod: PodCard,
  podgroup: PodGroupCard,
  node: NodeCard,
  service: ServiceCard,
  header: ColumnHeader,
};
