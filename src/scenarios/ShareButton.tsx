/**
 * Share: copies a link that reproduces the current scenario and everything done in it. The link is
 * also shown in a small popover with its own Copy button, since a browser may refuse the clipboard.
 */
import { useCallback, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { shareUrl } from './scenario-commands';
import { useScenarioStore } from './scenario-store';
import { useDismiss } from './use-dismiss';
import './scenarios.css';

type Copied = 'yes' | 'no' | 'pending';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ShareButton({ disabled }: { disabled: boolean }) {
  const t = useT();
  const [url, setUrl] = useState<string>();
  const [copied, setCopied] = useState<Copied>('pending');
  const root = useRef<HTMLDivElement>(null);
  const busy = useScenarioStore((s) => s.busy);
  const close = useCallback(() => setUrl(undefined), []);
  useDismiss(url !== undefined, root, close);

  const share = async () => {
    if (url !== undefined) {
      close();
      return;
    }
    const result = await shareUrl();
    if ('problem' in result) {
      useScenarioStore.getState().showProblem({ key: 'share.failed' }, result.problem);
      return;
    }
    setCopied('pending');
    setUrl(result.url);
    setCopied((await copy(result.url)) ? 'yes' : 'no');
  };

  return (
    <div className="share" ref={root}>
      <button
        type="button"
        onClick={() => void share()}
        disabled={disabled || busy}
        aria-expanded={url !== undefined}
        data-testid="share-button"
        title={t('share.title')}
      >
        {t('share.button')}
      </button>
      {url !== undefined && (
        <div className="share-popover" role="dialog" aria-label={t('share.link')} data-testid="share-popover">
          <p className="share-status" data-testid="share-status">
            {copied === 'yes' ? t('share.copied') : copied === 'no' ? t('share.noClipboard') : t('share.copying')}
          </p>
          <div className="share-row">
            <input readOnly value={url} aria-label={t('share.link')} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy(url).then((ok) => setCopied(ok ? 'yes' : 'no'))}>
              {t('share.copy')}
            </button>
          </div>
          <p className="share-hint">
            {t('share.hint')}
          </p>
        </div>
      )}
    </div>
  );
}
