/**
 * The Scenarios menu: the built-in lessons (title and explanation each), and the current scenario
 * as a JSON file (Export) or a scenario file to load (Import).
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ScenarioSummary } from '../../workers/cluster/protocol';
import { connectCluster } from '../cluster/connection';
import { useT } from '../i18n/i18n';
import { richText } from '../i18n/rich-text';
import { exportFile, importFile, loadBuiltin, MAX_IMPORT_BYTES } from './scenario-commands';
import { useScenarioStore } from './scenario-store';
import { useBuiltinText } from './builtin-text';
import { useDismiss } from './use-dismiss';
import './scenarios.css';

function CurrentLine() {
  const t = useT();
  const builtinText = useBuiltinText();
  const current = useScenarioStore((s) => s.current);
  if (!current) return null;
  const n = current.recorded;
  const title = current.title === undefined ? t('scenario.defaultCluster') : builtinText(current.builtin, 'title', current.title);
  return (
    <p className="scenario-current" data-testid="scenario-current">
      {richText(t('scenario.now'), { title: <strong>{title}</strong> })}
      {n > 0 && t(n === 1 ? 'scenario.recorded.one' : 'scenario.recorded.other', { n })}
    </p>
  );
}

export function ScenarioMenu({ disabled }: { disabled: boolean }) {
  const t = useT();
  const builtinText = useBuiltinText();
  const [open, setOpen] = useState(false);
  const [builtins, setBuiltins] = useState<ScenarioSummary[]>([]);
  const root = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = useScenarioStore((s) => s.busy);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, close);

  useEffect(() => {
    if (!open) return;
    void (async () => {
      const api = await connectCluster();
      if (!builtins.length) setBuiltins(await api.builtinScenarios());
      useScenarioStore.getState().setCurrent(await api.currentScenario());
    })();
  }, [open, builtins.length]);

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void importFile(file);
  };

  return (
    <div className="scenario-menu" ref={root}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} disabled={disabled || busy} data-testid="scenarios-button">
        {busy ? t('common.loading') : t('scenario.menu')} <span aria-hidden="true">▾</span>
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={onFile}
        data-testid="import-input"
        aria-label={t('scenario.importInput', { mib: MAX_IMPORT_BYTES >> 20 })}
      />
      {open && (
        <div className="scenario-popup" role="menu" aria-label={t('scenario.menu')} data-testid="scenario-menu">
          <CurrentLine />
          <ul>
            {builtins.map((b) => {
              const title = builtinText(b.id, 'title', b.title);
              const description = builtinText(b.id, 'description', b.description);
              return (
              <li key={b.id} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-scenario={b.id}
                  title={description}
                  onClick={() => {
                    close();
                    void loadBuiltin(b.id, title);
                  }}
                >
                  <strong>{title}</strong>
                  <span>{description}</span>
                </button>
              </li>
              );
            })}
          </ul>
          <div className="scenario-files">
            <button
              type="button"
              role="menuitem"
              data-testid="export-button"
              onClick={() => {
                close();
                void exportFile();
              }}
            >
              {t('scenario.export')}
            </button>
            <button
              type="button"
              role="menuitem"
              data-testid="import-button"
              onClick={() => {
                close();
                fileInput.current?.click();
              }}
            >
              {t('scenario.import')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
