/** A node's kube-proxy rules (`iptables-save`), fetched when the section is opened. */
import { useState } from 'react';
import { connectCluster } from '../cluster/connection';
import { useT } from '../i18n/i18n';

export function NodeRules({ node }: { node: string }) {
  const t = useT();
  // null while loading.
  const [text, setText] = useState<string | null>();
  const load = () => {
    setText(null);
    void connectCluster()
      .then((api) => api.inspectNode(node, { type: 'iptables-save' }))
      .then((r) => setText(typeof r === 'string' ? r : JSON.stringify(r, null, 2)))
      .catch((e: unknown) => setText(e instanceof Error ? e.message : String(e)));
  };
  return (
    <details className="insp-section" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>{t('nodeRules.title')}</summary>
      <div className="insp-tools">
        <button type="button" onClick={load}>
          {t('common.refresh')}
        </button>
      </div>
      <pre className="insp-pre" data-testid="node-rules">
        {text === null ? t('common.loading') : text}
      </pre>
    </details>
  );
}
