/** The describe-like part of the inspector: facts, owner chain, conditions, containers. */
import type { DescribeSummary } from './describe-model';

export function DescribeView({ summary, onOwner }: { summary: DescribeSummary; onOwner: (uid: string) => void }) {
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
              <dt>Controlled by</dt>
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
                        {o.kind}/{o.name} (gone)
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
          <h3>Containers</h3>
          <table className="insp-table" data-testid="inspector-containers">
            <thead>
              <tr>
                <th>NAME</th>
                <th>STATE</th>
                <th>READY</th>
                <th className="num">RESTARTS</th>
              </tr>
            </thead>
            <tbody>
              {summary.containers.map((c) => (
                <tr key={`${c.init ? 'init:' : ''}${c.name}`}>
                  <td>
                    {c.name}
                    {c.init && <span className="muted"> (init)</span>}
                    <div className="muted small">{c.image}</div>
                  </td>
                  <td className="wrap">
                    <strong>{c.state}</strong>
                    {c.reason && `: ${c.reason}`}
                    {c.message && <div className="muted small">{c.message}</div>}
                    {c.lastState && <div className="muted small">Last: {c.lastState}</div>}
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
          <h3>Conditions</h3>
          <table className="insp-table" data-testid="inspector-conditions">
            <thead>
              <tr>
                <th>TYPE</th>
                <th>STATUS</th>
                <th>REASON / MESSAGE</th>
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
