/**
 * Monaco with YAML and the Kubernetes schema. Imported only dynamically (when the YAML tab is first
 * shown), so none of it is in the first page load. Only the editor API, YAML support and the editor
 * features we use are imported: the bare `monaco-editor` entry would pull every language.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/yaml/register';
// Only the features an editor of manifests uses (register.all would add about 100 KB gzipped).
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
// The suggest widget itself (features/suggest only adds inline suggestions; register.all gets it via inline completions).
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml } from 'monaco-yaml';
import EditorWorker from './editor.worker?worker';
import { translate, useLanguage, type Language } from '../i18n/i18n';
import YamlWorker from './yaml.worker?worker';
import { resultMarkers } from './apply-markers';
import type { ApplyResult } from '../../workers/kubectl/apply';

type Monaco = typeof monaco;

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

/**
 * monaco-yaml 5.5 still calls the pre-0.53 `createWebWorker({moduleId, label, createData})`; Monaco
 * 0.57 wants a started worker. Start it here and hand it the create data the way the old loader did
 * (a first message to initialise, then the data), the fix discussed in monaco-yaml issue #272.
 */
function withYamlWorkerAdapter(m: Monaco): Monaco {
  type LegacyOptions = { moduleId?: string; createData?: unknown; host?: Record<string, (...args: unknown[]) => unknown>; keepIdleModels?: boolean };
  const createWebWorker = (opts: LegacyOptions) => {
    const worker = new YamlWorker();
    worker.postMessage('init');
    worker.postMessage(opts.createData);
    return m.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
  };
  return { ...m, editor: { ...m.editor, createWebWorker } } as unknown as Monaco;
}

const SCHEMA_URI = 'kubesim://schemas/kubernetes.json';
let yaml: MonacoYaml | undefined;

function yamlSupport(): MonacoYaml {
  yaml ??= configureMonacoYaml(withYamlWorkerAdapter(monaco) as never, {
    enableSchemaRequest: false,
    yamlVersion: '1.1',
    format: { enable: false },
    completion: true,
    hover: true,
    validate: true,
    schemas: [],
  });
  return yaml;
}

/** Gives the language worker the cluster's schema (once it is fetched). */
export function setManifestSchema(schema: object): Promise<undefined> {
  return yamlSupport().update({ schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as JSONSchema }] });
}

// Themes on the page's palette (styles.css), so the editor sits in the panel without a seam.
monaco.editor.defineTheme('kubesim-light', { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff', 'editorGutter.background': '#f8f9fb', 'editorLineNumber.foreground': '#9aa4b1' } });
monaco.editor.defineTheme('kubesim-dark', { base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#1a1e25', 'editorGutter.background': '#151920', 'editorLineNumber.foreground': '#5c6570' } });
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
const applyTheme = () => monaco.editor.setTheme(darkQuery.matches ? 'kubesim-dark' : 'kubesim-light');
darkQuery.addEventListener('change', applyTheme);

export interface YamlEditorOptions {
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter. */
  onApply(): void;
}

/** What the page drives the editor with. */
export interface YamlEditorHandle {
  /** Replaces the text as one undoable edit (no-op when unchanged). */
  setValue(value: string): void;
  /** Shows failed results as markers while the text is the one they were computed for. */
  setResults(text: string, results: readonly ApplyResult[]): void;
  revealLine(line: number): void;
  focus(): void;
  dispose(): void;
}

const MARKER_OWNER = 'kubectl';

/** Creates the editor in `container`. */
export function createYamlEditor(container: HTMLElement, opts: YamlEditorOptions): YamlEditorHandle {
  yamlSupport();
  applyTheme();
  const model = monaco.editor.createModel(opts.value, 'yaml', monaco.Uri.parse('kubesim://editor/manifests.yaml'));
  const editor = monaco.editor.create(container, {
    model,
    automaticLayout: true,
    // Chromium's EditContext drops typed spaces under automation; the textarea input is the proven path.
    editContext: false,
    minimap: { enabled: false },
    fontSize: 13,
    lineNumbersMinChars: 3,
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    tabSize: 2,
    insertSpaces: true,
    wordWrap: 'off',
    quickSuggestions: { other: true, comments: false, strings: true },
    fixedOverflowWidgets: true,
    padding: { top: 8, bottom: 8 },
  });
  // Our own words (the editor's label, the Apply command in its menu) follow the page's language.
  let applyAction: monaco.IDisposable | undefined;
  const localize = (language: Language) => {
    editor.updateOptions({ ariaLabel: translate(language, 'editor.label') });
    applyAction?.dispose();
    applyAction = editor.addAction({
      id: 'kubesim.apply',
      label: translate(language, 'editor.applyAction'),
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => opts.onApply(),
    });
  };
  localize(useLanguage.getState().language);
  const unsubscribeLanguage = useLanguage.subscribe((s, prev) => {
    if (s.language !== prev.language) localize(s.language);
  });
  let applying = false;
  const sub = model.onDidChangeContent(() => {
    if (applying) return;
    // Markers from the last apply point at lines that may have moved: they belong to that text.
    monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
    opts.onChange(model.getValue());
  });
  return {
    setValue(value) {
      if (value === model.getValue()) return;
      applying = true;
      editor.pushUndoStop();
      editor.executeEdits('kubesim', [{ range: model.getFullModelRange(), text: value }]);
      editor.pushUndoStop();
      applying = false;
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
    },
    setResults(text, results) {
      const markers = text === model.getValue() ? resultMarkers(text, results) : [];
      const data = markers.map((m) => ({
        startLineNumber: m.startLine,
        startColumn: m.startColumn,
        endLineNumber: m.endLine,
        endColumn: m.endColumn,
        message: m.message,
        severity: monaco.MarkerSeverity.Error,
        source: 'kubectl',
      }));
      monaco.editor.setModelMarkers(model, MARKER_OWNER, data);
    },
    revealLine(line) {
      editor.revealLineInCenterIfOutsideViewport(line);
      editor.setPosition({ lineNumber: line, column: 1 });
    },
    focus: () => editor.focus(),
    dispose() {
      unsubscribeLanguage();
      applyAction?.dispose();
      sub.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
