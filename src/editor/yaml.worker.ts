// monaco-yaml's language worker (yaml-language-server), as a local entry so Vite bundles it as a worker.
import 'monaco-yaml/yaml.worker.js';
