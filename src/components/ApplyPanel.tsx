/**
 * The YAML tab: a Monaco editor (loaded lazily the first time the tab is shown) that applies,
 * dry-runs and deletes its documents like `kubectl apply|delete -f -`, with per-document results and
 * server errors as markers on the offending lines. A plain textarea is the editor until Monaco has
 * loaded; afterwards it stays as a synced, visually hidden mirror that scripts and tests can fill.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { connectCluster } from '../cluster/connection';
import { useClusterStore } from '../state/cluster-store';
import { useUiStore } from '../state/ui-store';
import { useBootSettled } from '../state/boot-settled';
import { YamlEditor } from '../editor/YamlEditor';
import { ExamplesMenu } from '../editor/ExamplesMenu';
import { ApplyResults } from '../editor/ApplyResults';
import { appendDocument, examples } from '../editor/examples';
import { useEditRequest } from '../editor/edit-request';
import type { RequestFn } from '../editor/cluster-schema';
import type { ApplyResult } from '../../workers/kubectl/apply';
import { useT, type MessageKey } from '../i18n/i18n';
import { richText } from '../i18n/rich-text';

const request: RequestFn = async (req) => (await connectCluster()).request(req);

type Action = 'apply' | 'dry-run' | 'delete';

function editorStatus(editor: 'plain' | 'monaco' | 'failed', wanted: boolean, schemaKinds: number): [MessageKey, Record<string, number>?] {
  if (editor === 'monaco') return schemaKinds ? ['apply.status.schema', { kinds: schemaKinds }] : ['apply.status.loadingSchema'];
  if (editor === 'failed') return ['apply.status.failed'];
  return wanted ? ['apply.status.loadingEditor'] : ['apply.status.plain'];
}

function ApplyActions({ disabled, perform }: { disabled: boolean; perform(action: Action): void }) {
  const t = useT();
  return (
    <div className="apply-actions">
      <button className="primary" onClick={() => perform('apply')} disabled={disabled} data-testid="apply" title="kubectl apply -f (Ctrl/Cmd+Enter)">
        {t('apply.apply')}
      </button>
      <button onClick={() => perform('dry-run')} disabled={disabled} data-testid="dry-run" title="kubectl apply --dry-run=server">
        {t('apply.dryRun')}
      </button>
      <button className="danger" onClick={() => perform('delete')} disabled={disabled} data-testid="delete" title={t('apply.deleteTitle')}>
        {t('apply.delete')}
      </button>
      <span className="hint">{richText(t('apply.hint'), { keys: <><kbd>Ctrl</kbd>+<kbd>Enter</kbd></> })}</span>
    </div>
  );
}

export function ApplyPanel() {
  const t = useT();
  const [text, setTextState] = useState(examples[0]!.yaml);
  // Ctrl+Enter can follow a keystroke before React re-renders: apply reads the text from here.
  const textRef = useRef(text);
  const setText = useCallback((value: string) => {
    textRef.current = value;
    setTextState(value);
  }, []);
  const [run, setRun] = useState<{ text: string; results: ApplyResult[] }>({ text: '', results: [] });
  const [busy, setBusy] = useState<Action | undefined>();
  const [editor, setEditor] = useState<'plain' | 'monaco' | 'failed'>('plain');
  const [schemaKinds, setSchemaKinds] = useState(0);
  const [reveal, setReveal] = useState<{ line: number }>();
  const phase = useClusterStore((s) => s.phase);
  const shown = useUiStore((s) => s.sideTab === 'yaml' && !s.presenting);
  // Monaco is wanted from the first time the tab is shown once the cluster's boot has settled (its
  // parse and start-up take a core the cluster's first seconds need; the plain text box edits meanwhile).
  const settled = useBootSettled();
  const [wanted, setWanted] = useState(false);
  if (!wanted && shown && settled) setWanted(true);

  const perform = useCallback(
    async (action: Action) => {
      const text = textRef.current;
      setBusy(action);
      try {
        const api = await connectCluster();
        // Delete's YAML reading loads with the first delete, not with the page.
        const results = action === 'delete' ? await (await import('../editor/manifest-delete')).deleteManifests(request, text) : await api.apply(text, { dryRun: action === 'dry-run' });
        setRun({ text, results });
      } catch (e) {
        setRun({ text, results: [{ document: -1, line: 1, ok: false, text: `error: ${(e as Error).message}` }] });
      } finally {
        setBusy(undefined);
      }
    },
    [],
  );
  const running = phase === 'running';
  const monacoShown = editor === 'monaco';
  const editing = useEditRequest((s) => s.request);
  const loadedSeq = useRef(0);
  // An Edit elsewhere replaces the text (Ctrl/Cmd+Z in the editor brings the previous text back).
  useEffect(() => {
    if (!editing || editing.seq === loadedSeq.current) return;
    loadedSeq.current = editing.seq;
    setText(editing.yaml);
    setRun({ text: '', results: [] });
  }, [editing, setText]);

  return (
    <div className="apply">
      <div className="apply-header">
        <h2>{t('apply.title')}</h2>
        <span className="editor-status" data-testid="editor-status">
          {t(...editorStatus(editor, wanted, schemaKinds))}
        </span>
        <ExamplesMenu
          onInsert={(ex) => {
            useEditRequest.getState().clear();
            setText(appendDocument(textRef.current, ex.yaml));
          }}
        />
      </div>
      {editing && (
        <div className="edit-banner" data-testid="editing" role="status">
          <span>{richText(t('apply.editing'), { ref: <code>{editing.ref}</code> })}</span>
          <button type="button" className="link" aria-label={t('common.dismiss')} title={t('common.dismiss')} onClick={() => useEditRequest.getState().clear()}>
            ✕
          </button>
        </div>
      )}
      <div className={monacoShown ? 'editor-frame monaco' : 'editor-frame'}>
        {wanted && (
          <YamlEditor
            value={text}
            onChange={setText}
            onApply={() => void perform('apply')}
            run={run}
            reveal={reveal}
            request={request}
            onReady={(ok) => setEditor(ok ? 'monaco' : 'failed')}
            onSchema={setSchemaKinds}
          />
        )}
        <textarea
          className={monacoShown ? 'yaml-mirror' : 'yaml-plain'}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void perform('apply');
            }
          }}
          spellCheck={false}
          aria-label={t('apply.yamlLabel')}
          aria-hidden={monacoShown || undefined}
          tabIndex={monacoShown ? -1 : undefined}
          data-testid="yaml-input"
        />
      </div>
      <ApplyActions disabled={!!busy || !running} perform={(a) => void perform(a)} />
      <ApplyResults results={run.results} onReveal={(line) => setReveal({ line })} />
    </div>
  );
}
