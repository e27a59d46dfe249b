/** "Why is this pod Pending / why on that node?": the latest scheduling attempt, nodes x plugins. */
import { useEffect, useState } from 'react';
import type { AttemptResult } from '../../workers/scheduler/results';
import { connectCluster } from '../cluster/connection';
import { schedulingTable, type FilterCell, type ScoreCell } from './scheduling-table';
import { useT } from '../i18n/i18n';

function FilterTd({ cell, node }: { cell: FilterCell; node: string }) {
  const t = useT();
  if (cell.state === 'pass') return <td className="sched-pass" data-node={node} data-state="pass" title={t('scheduling.passed')}>✓</td>;
  if (cell.state === 'skipped') return <td className="sched-skip" data-node={node} data-state="skipped" title={t('scheduling.skipped')}>–</td>;
  return (
    <td className="sched-fail" data-node={node} data-state="fail" title={cell.code}>
      ✗ {cell.reason}
    </td>
  );
}

function ScoreTd({ cell, node }: { cell: ScoreCell | undefined; node: string }) {
  const t = useT();
  if (!cell) return <td className="sched-skip" data-node={node}>–</td>;
  return (
    <td className="num" data-node={node} title={t('scheduling.scoreTitle', { normalized: cell.normalized, weight: cell.weight })}>
      {cell.weighted}
      {cell.weight !== 1 && <span className="muted"> ({cell.normalized}×{cell.weight})</span>}
    </td>
  );
}

/** Fetches the latest attempt whenever `version` changes (the pod or its scheduling Events changed). */
export function SchedulingView({ podKey, version }: { podKey: string; version: string }) {
  const tr = useT();
  const [result, setResult] = useState<AttemptResult | null>();
  useEffect(() => {
    let live = true;
    void connectCluster()
      .then((api) => api.schedulingResults(podKey))
      .then((r) => live && setResult(r ?? null))
      .catch(() => live && setResult(null));
    return () => {
      live = false;
    };
  }, [podKey, version]);
  if (result === undefined) return <p className="muted">{tr('scheduling.loading')}</p>;
  if (result === null) return <p className="muted">{tr('scheduling.none')}</p>;
  const t = schedulingTable(result);
  return (
    <div className="sched" data-testid="scheduling-result">
      <p className={t.outcome === 'Scheduled' ? 'sched-outcome ok' : 'sched-outcome err'}>
        <strong>{t.outcome === 'Scheduled' ? tr('scheduling.scheduledOn', { node: t.selectedNode ?? '?' }) : t.outcome}</strong> · {tr('scheduling.attempt', { attempt: t.attempt })}
        <br />
        <span>{t.message}</span>
      </p>
      {t.preFilterFailures.map((f) => (
        <p key={f.plugin} className="sched-outcome err">
          {tr('scheduling.preFilter', { plugin: f.plugin, reason: f.reason })}
        </p>
      ))}
      {t.nodes.length > 0 && (
        <div className="sched-scroll">
          <table className="insp-table sched-table" data-testid="scheduling-table">
            <thead>
              <tr>
                <th>{tr('scheduling.plugin')}</th>
                {t.nodes.map((n) => (
                  <th key={n} data-node={n} className={n === t.selectedNode ? 'sched-selected' : undefined}>
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="sched-group">
                <th colSpan={t.nodes.length + 1}>{tr('scheduling.filter')}</th>
              </tr>
              {t.filterRows.map((r) => (
                <tr key={r.plugin} data-plugin={r.plugin} data-phase="filter">
                  <th title={r.plugin}>{r.plugin}</th>
                  {r.cells.map((c, i) => (
                    <FilterTd key={t.nodes[i]} node={t.nodes[i]} cell={c} />
                  ))}
                </tr>
              ))}
              {t.scoreRows.length > 0 && (
                <tr className="sched-group">
                  <th colSpan={t.nodes.length + 1}>{tr('scheduling.score')}</th>
                </tr>
              )}
              {t.scoreRows.map((r) => (
                <tr key={r.plugin} data-plugin={r.plugin} data-phase="score">
                  <th title={r.plugin}>{r.plugin}</th>
                  {r.cells.map((c, i) => (
                    <ScoreTd key={t.nodes[i]} node={t.nodes[i]} cell={c} />
                  ))}
                </tr>
              ))}
              <tr className="sched-final">
                <th>{tr('scheduling.final')}</th>
                {t.finalScores.map((s, i) => (
                  <td key={t.nodes[i]} className="num" data-node={t.nodes[i]}>
                    {s ?? '–'}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
