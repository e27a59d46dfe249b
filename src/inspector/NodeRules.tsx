/** A node's kube-proxy rules (`iptables-save`), fetched when the section is opened. */
import { useState } from 'react';
import { connectCluster } from '../cluster/connection';

export function NodeRules({ node }: { node: string }) {
  const [text, setText] = useState<string>();
  const load = () => {
    setText('Loading…');
    void connectCluster()
      .then((api) => api.inspectNode(node, { type: 'iptables-save' }))
      .then((r) => setText(typeof r === 'string' ? r : JSON.stringify(r, null, 2)))
      .catch((e: unknown) => setText(e instanceof Error ? e.message : String(e)));
  };
  return (
    <details className="insp-section" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>kube-proxy rules (iptables-save)</summary>
      <div className="insp-tools">
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      <pre className="insp-pre" data-testid="node-rules">
        {text}
      </pre>
    </details>
  );
}
