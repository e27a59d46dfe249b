/**
 * The Inspector tab: the selected object's describe-like summary, its Events, actions (Edit for
 * all), for a Pod the scheduling explanation, for a Deployment its revisions, for a Node its
 * kube-proxy rules, and the live YAML (plain text, read-only). With nothing selected: the cluster.
 */
import { useEffect, useMemo, useState } from 'react';
import type { KubeObject } from '../../workers/api/types';
import { useClusterStore } from '../state/cluster-store';
import { objectStatus, statusText } from '../state/object-status';
import { useUiStore } from '../state/ui-store';
import { formatAge } from '../state/format';
import { describeSummary } from './describe-model';
import { isAbout } from './events-model';
import { NodeRules } from './NodeRules';
import { ObjectActions } from './ObjectActions';
import { ClusterPanel } from './ClusterPanel';
import { RevisionsView } from './RevisionsView';
import { SchedulingView } from './SchedulingView';
import { useEventRows } from './use-events';
import { DescribeView } from './DescribeView';
import { useLanguage, useT } from '../i18n/i18n';

/** The object as YAML (the yaml package loads on first use, outside the first-load bundle). */
function useYaml(obj: KubeObject): string {
  const [text, setText] = useState('');
  useEffect(() => {
    let live = true;
    void import('yaml').then((y) => live && setText(y.stringify(obj, { lineWidth: 0 })));
    return () => {
      live = false;
    };
  }, [obj]);
  return text;
}

export function InspectorPanel() {
  const active = useUiStore((s) => s.sideTab === 'inspector');
  const selectedId = useUiStore((s) => s.selectedId);
  const entry = useClusterStore((s) => (active && selectedId ? s.objects.get(selectedId) : undefined));
  const t = useT();
  if (!active) return null;
  if (!entry) {
    return (
      <>
        <div className="insp-empty with-cluster" data-testid="inspector-empty">
          <p>{t('inspector.empty')}</p>
          {selectedId && <p className="muted">{t('inspector.gone')}</p>}
        </div>
        <ClusterPanel />
      </>
    );
  }
  return <Inspector obj={entry.object} />;
}

function Inspector({ obj }: { obj: KubeObject }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const objects = useClusterStore((s) => s.objects);
  const nowMs = useClusterStore((s) => Math.floor(s.clock.nowMs / 1000) * 1000);
  const inspect = useUiStore((s) => s.inspect);
  const select = useUiStore((s) => s.select);
  const summary = useMemo(() => describeSummary(obj, (uid) => objects.get(uid)?.object), [obj, objects]);
  const allEvents = useEventRows(true);
  const events = useMemo(() => allEvents.filter((r) => isAbout(r, obj)), [allEvents, obj]);
  const yaml = useYaml(obj);
  const m = obj.metadata;
  const podKey = `${m.namespace ?? ''}/${m.name ?? ''}`;
  const schedVersion = `${m.resourceVersion ?? ''}:${events.filter((e) => e.reason === 'FailedScheduling').reduce((n, e) => n + e.count, 0)}`;
  return (
    <div className="inspector" data-testid="inspector" data-kind={obj.kind} data-name={m.name}>
      <header className="insp-header">
        <span className="insp-kind">{obj.kind}</span>
        <h2>
          {m.namespace && <span className="ns">{m.namespace}/</span>}
          {m.name}
        </h2>
        <span className="insp-status" data-testid="inspector-status">
          {statusText(objectStatus(obj), language)}
        </span>
        <button type="button" className="small insp-to-cluster" title={t('inspector.toClusterTitle')} onClick={() => select(undefined)}>
          {t('inspector.toCluster')}
        </button>
      </header>
      <ObjectActions key={m.uid} obj={obj} />
      {obj.kind === 'Pod' && (
        <section className="insp-section">
          <h3>{t('inspector.scheduling')}</h3>
          <SchedulingView podKey={podKey} version={schedVersion} />
        </section>
      )}
      {obj.kind === 'Deployment' && <RevisionsView deployment={obj} />}
      <DescribeView summary={summary} onOwner={inspect} />
      <section className="insp-section">
        <h3>{t('inspector.events', { count: events.length })}</h3>
        {events.length === 0 ? (
          <p className="muted">{t('inspector.noEvents')}</p>
        ) : (
          <table className="insp-table" data-testid="inspector-events">
            <tbody>
              {events.map((e) => (
                <tr key={e.uid} className={e.type === 'Warning' ? 'warn' : undefined}>
                  <td className="event-type">{e.type}</td>
                  <td>{e.reason}</td>
                  <td className="wrap">{e.message}{e.count > 1 && <span className="muted"> {t('inspector.eventTimes', { count: e.count })}</span>}</td>
                  <td className="num">{formatAge(e.lastMs, nowMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {obj.kind === 'Node' && <NodeRules node={m.name ?? ''} />}
      <details className="insp-section" open>
        <summary>{t('inspector.yaml')}</summary>
        <pre className="insp-pre" data-testid="inspector-yaml">
          {yaml}
        </pre>
      </details>
    </div>
  );
}
