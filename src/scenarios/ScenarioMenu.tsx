/**
 * The Scenarios menu: the built-in lessons (title and explanation each), and the current scenario
 * as a JSON file (Export) or a scenario file to load (Import).
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ScenarioSummary } from '../../workers/cluster/protocol';
import { connectCluster } from '../cluster/connection';
import { exportFile, importFile, loadBuiltin, MAX_IMPORT_BYTES } from './scenario-commands';
import { useScenarioStore } from './scenario-store';
import { useDismiss } from './use-dismiss';

function CurrentLine() {
  const current = useScenarioStore((s) => s.current);
  if (!current) return null;
  const n = current.recorded;
  return (
    <p className="scenario-current" data-testid="scenario-current">
      Now: <strong>{current.title ?? 'Default cluster'}</strong>
      {n > 0 && ` · ${n} recorded action${n === 1 ? '' : 's'}`}
    </p>
  );
}

export function ScenarioMenu({ disabled }: { disabled: boolean }) {
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
        {busy ? 'Loading…' : 'Scenarios'} <span aria-hidden="true">▾</span>
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        onChange={onFile}
        data-testid="import-input"
        aria-label={`Scenario file to import (at most ${MAX_IMPORT_BYTES >> 20} MiB)`}
      />
      {open && (
        <div className="scenario-popup" role="menu" aria-label="Scenarios" data-testid="scenario-menu">
          <CurrentLine />
          <ul>
            {builtins.map((b) => (
              <li key={b.id} role="none">
                <button
                  type="button"
                  role="menuitem"
                  data-scenario={b.id}
                  title={b.description}
                  onClick={() => {
                    close();
                    void loadBuiltin(b.id, b.title);
                  }}
                >
                  <strong>{b.title}</strong>
                  <span>{b.description}</span>
                </button>
              </li>
            ))}
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
              Export scenario file
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
              Import scenario file…
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
