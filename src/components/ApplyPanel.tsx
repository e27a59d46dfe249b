/** A text box that applies YAML like `kubectl apply -f -`, with per-document results. */
import { useCallback, useState } from 'react';
import { connectCluster } from '../cluster/connection';
import { useClusterStore } from '../state/cluster-store';
import type { ApplyResult } from '../../workers/kubectl/apply';

const example = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

export function ApplyPanel() {
  const [text, setText] = useState(example);
  const [results, setResults] = useState<ApplyResult[]>([]);
  const [busy, setBusy] = useState(false);
  const running = useClusterStore((s) => s.phase === 'running');

  const apply = useCallback(
    async (dryRun: boolean) => {
      setBusy(true);
      try {
        const api = await connectCluster();
        setResults(await api.apply(text, { dryRun }));
      } catch (e) {
        setResults([{ document: -1, line: 1, ok: false, text: `error: ${(e as Error).message}` }]);
      } finally {
        setBusy(false);
      }
    },
    [text],
  );

  return (
    <div className="apply">
      <h2>Apply YAML</h2>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void apply(false);
          }
        }}
        spellCheck={false}
        aria-label="YAML manifests"
        data-testid="yaml-input"
      />
      <div className="apply-actions">
        <button className="primary" onClick={() => void apply(false)} disabled={busy || !running} data-testid="apply">
          Apply
        </button>
        <button onClick={() => void apply(true)} disabled={busy || !running}>
          Dry run
        </button>
        <span className="hint">Ctrl+Enter applies</span>
      </div>
      <ul className="results" data-testid="apply-results" aria-live="polite">
        {results.map((r, i) => (
          <li key={i} className={r.ok ? 'ok' : 'error'}>
            {r.document >= 0 && <span className="where">doc {r.document + 1}, line {r.line}{r.column ? `:${r.column}` : ''}</span>}
            <pre>{r.text}</pre>
            {r.status?.details?.causes?.length ? (
              <ul className="causes">
                {r.status.details.causes.map((c, j) => (
                  <li key={j}>
                    <code>{c.field}</code>: {c.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
