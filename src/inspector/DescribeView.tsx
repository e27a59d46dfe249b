/** The describe-like part of the inspector: facts, owner chain, conditions, containers. */
import type { DescribeSummary } from './describe-model';
import { useT } from '../i18n/i18n';

/** The facts' labels are `kubectl describe`'s own (Labels, Node, QoS Class): they stay as kubectl prints them. */
export function DescribeView({ summary, onOwner }: { summary: DescribeSummary; onOwner: (uid: string) => void }) {
  const t = useT();
  return (
    <>
      <section className="insp-section">
        <dl className="insp-facts">
          {summary.facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
          {summary.owners.length > 0 && (
            <div>
              <dt>{t('describe.controlledBy')}</dt>
              <dd className="insp-owners" data-testid="owner-chain">
                {summary.owners.map((o, i) => (
                  <span key={o.uid}>
                    {i > 0 && ' ← '}
                    {o.present ? (
                      <button type="button" className="link" onClick={() => onOwner(o.uid)}>
                        {o.kind}/{o.name}
                      </button>
                    ) : (
                      <span className="muted">
                        {o.kind}/{o.name} {t('describe.gone')}
                      </span>
                    )}
                  </span>
                ))}
              </dd>
            </div>
          )}
        </dl>
      </section>
      {summary.containers.length > 0 && (
        <section className="insp-section">
          <h3>{t('describe.containers')}</h3>
          <table className="insp-table" data-testid="inspector-containers">
            <thead>
              <tr>
                <th>{t('describe.col.name')}</th>
                <th>{t('describe.col.state')}</th>
                <th>{t('col.ready')}</th>
                <th className="num">{t('describe.col.restarts')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.containers.map((c) => (
                <tr key={`${c.init ? 'init:' : ''}${c.name}`}>
                  <td>
                    {c.name}
                    {c.init && <span className="muted"> {t('describe.init')}</span>}
                    <div className="muted small">{c.image}</div>
                  </td>
                  <td className="wrap">
                    <strong>{c.state}</strong>
                    {c.reason && `: ${c.reason}`}
                    {c.message && <div className="muted small">{c.message}</div>}
                    {c.lastState && <div className="muted small">{t('describe.last', { state: c.lastState })}</div>}
                  </td>
                  <td>{c.ready ? 'true' : 'false'}</td>
                  <td className="num">{c.restarts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {summary.conditions.length > 0 && (
        <section className="insp-section">
          <h3>{t('describe.conditions')}</h3>
          <table className="insp-table" data-testid="inspector-conditions">
            <thead>
              <tr>
                <th>{t('describe.col.type')}</th>
                <th>{t('objects.col.status')}</th>
                <th>{t('describe.col.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.conditions.map((c) => (
                <tr key={c.type}>
                  <td>{c.type}</td>
                  <td>{c.status}</td>
                  <td className="wrap">
                    {c.reason}
                    {c.message && <div className="muted small">{c.message}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
