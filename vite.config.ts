import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// monaco-editor >= 0.56 maps `monaco-editor/esm/vs/...` through its `exports` to a path that does
// not exist; monaco-yaml's worker still imports that prefix, so point it at the real folder.
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

// Relative base so the static build works from any file host or sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\//, replacement: monacoEsm }] },
  worker: { format: 'es' },
  // Pre-bundled so the dev server does not reload mid-load when the editor is first opened.
  optimizeDeps: {
    include: ['dexie', 'comlink', 'yaml', 'monaco-yaml', 'monaco-yaml/yaml.worker.js', 'monaco-editor/editor/editor.api', 'monaco-editor/editor/editor.worker'],
  },
  build: { target: 'es2022', sourcemap: false },
});
