// Monaco's own editor worker (diffs, word ranges), as a local entry so Vite bundles it as a worker.
import 'monaco-editor/editor/editor.worker';
