/** A Deployment's revisions (its ReplicaSets) with their images, and rollback to any of them (`kubectl rollout undo --to-revision`). */
import { useMemo } from 'react';
import type { KubeObject } from '../../workers/api/types';
import { useClusterStore } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';
import { deploymentRevisions } from './revisions-model';
import { usePerform } from './use-perform';
import { useT } from '../i18n/i18n';

export function RevisionsView({ deployment }: { deployment: KubeObject }) {
  const t = useT();
  const objects = useClusterStore((s) => s.objects);
  const inspect = useUiStore((s) => s.inspect);
  const rows = useMemo(() => deploymentRevisions(deployment, [...objects.values()].map((e) => e.object)), [deployment, objects]);
  const { outcome, busy, run } = usePerform();
  const target = { namespace: deployment.metadata.namespace ?? 'default', name: deployment.metadata.name ?? '' };
  return (
    <section className="insp-section" data-testid="revisions">
      <h3>{t('revisions.title', { count: rows.length })}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t('revisions.none')}</p>
      ) : (
        <table className="insp-table">
          <thead>
            <tr>
              <th className="num">{t('revisions.col.revision')}</th>
              <th>{t('revisions.col.replicaSet')}</th>
              <th>{t('revisions.col.images')}</th>
              <th className="num">{t('col.ready')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.uid} data-revision={r.revision} className={r.current ? 'current' : undefined}>
                <td className="num">{r.revision}</td>
                <td>
                  <button type="button" className="link" onClick={() => inspect(r.uid)}>
                    {r.name}
                  </button>
                  {r.changeCause && <div className="muted">{r.changeCause}</div>}
                </td>
                <td className="wrap mono">{r.images.join(', ')}</td>
                <td className="num">
                  {r.readyReplicas}/{r.replicas}
                </td>
                <td className="num">
                  {r.current ? (
                    <span className="rev-current">{t('revisions.current')}</span>
                  ) : (
                    <button type="button" className="small" disabled={busy} title={`kubectl rollout undo deployment/${target.name} --to-revision=${r.revision}`} onClick={() => void run({ type: 'rollout-undo', ...target, toRevision: r.revision })}>
                      {t('revisions.rollBack')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outcome && (
        <pre className={outcome.ok ? 'insp-outcome ok' : 'insp-outcome err'} data-testid="rollback-outcome" role="status">
          {outcome.text}
        </pre>
      )}
    </section>
  );
}
