/**
 * The Monaco YAML editor, loaded on demand: the chunk is imported the first time this mounts, so
 * the first page load never carries it. Until it is ready (or if it fails) the caller's plain
 * textarea is the editor.
 */
import { useEffect, useRef } from 'react';
import type { ApplyResult } from '../../workers/kubectl/apply';
import type { YamlEditorHandle } from './monaco-setup';
import type { RequestFn } from './cluster-schema';

export interface YamlEditorProps {
  value: string;
  onChange(value: string): void;
  onApply(): void;
  /** The last apply or delete: its failures become markers while the text is unchanged. */
  run: { text: string; results: readonly ApplyResult[] };
  /** Line to reveal (a result was clicked); the object identity changes per click. */
  reveal?: { line: number };
  /** Cluster requests for the /openapi/v3 schema. */
  request: RequestFn;
  onReady(ready: boolean): void;
  onSchema(kinds: number): void;
}

export function YamlEditor(props: YamlEditorProps) {
  const container = useRef<HTMLDivElement>(null);
  const handle = useRef<YamlEditorHandle | undefined>(undefined);
  // Callbacks change per render; the editor calls through this ref.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let disposed = false;
    void (async () => {
      try {
        const setup = await import('./monaco-setup');
        if (disposed || !container.current) return;
        handle.current = setup.createYamlEditor(container.current, {
          value: latest.current.value,
          onChange: (v) => latest.current.onChange(v),
          onApply: () => latest.current.onApply(),
        });
        handle.current.setResults(latest.current.run.text, latest.current.run.results);
        latest.current.onReady(true);
        const { fetchManifestSchema } = await import('./cluster-schema');
        const { schemaKinds } = await import('./kube-json-schema');
        const schema = await fetchManifestSchema(latest.current.request);
        if (disposed) return;
        await setup.setManifestSchema(schema);
        latest.current.onSchema(schemaKinds(schema).length);
      } catch (e) {
        console.error('YAML editor failed to load; the plain text box stays', e);
        if (!disposed) latest.current.onReady(false);
      }
    })();
    return () => {
      disposed = true;
      handle.current?.dispose();
      handle.current = undefined;
    };
  }, []);

  useEffect(() => handle.current?.setValue(props.value), [props.value]);
  useEffect(() => handle.current?.setResults(props.run.text, props.run.results), [props.run, props.value]);
  useEffect(() => {
    if (props.reveal) handle.current?.revealLine(props.reveal.line);
  }, [props.reveal]);

  return <div ref={container} className="monaco-host" data-testid="yaml-editor" />;
}
