import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../api/yaml';
import type { NodeLayout as ClusterNodeLayout } from '../cluster/cluster-layout';
import type { ScriptAction } from '../cluster/script-actions';
import type { RunnableScenario } from '../simcli/run-scenario';
import type { NodeLayout } from './node-layout';
import {
  MAX_SCENARIO_STRING_BYTES,
  MAX_SCENARIO_TEXT_BYTES,
  MAX_SCRIPT_STEPS,
  parseScenario,
  validateScenario,
  type Scenario,
  type ScenarioInput,
} from './scenario';
import type { ScenarioAction } from './scenario-actions';
import { ScenarioError, type ScenarioErrorReason } from './scenario-error';

const CORPUS = '/work/shared/corpus';
const EXAMPLE = new URL('./examples/hello-nginx.json', import.meta.url);

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('no error');
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? yamlFiles(join(dir, n)) : n.endsWith('.yaml') ? [join(dir, n)] : []));
}

// Compile-time: a validated scenario goes straight to the runner and the cluster.
const asRunnable = (s: Scenario): RunnableScenario => s;
const asClusterLayout = (n: NodeLayout): ClusterNodeLayout => n;
const asScriptAction = (a: ScenarioAction): ScriptAction => a;
void [asRunnable, asClusterLayout, asScriptAction];

const NGINX = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n';

describe('valid scenarios', () => {
  it('accepts the smallest scenario: a seed and manifests', () => {
    expect(parseScenario(JSON.stringify({ version: 1, seed: 42, manifests: NGINX }))).toEqual({ version: 1, seed: 42, manifests: NGINX });
  });

  it('normalises every step time to ms and keeps every field', () => {
    const input: ScenarioInput = {
      version: 1,
      title: 'Node failure',
      description: 'A worker stops; its pods move.',
      seed: 4_294_967_295,
      cluster: {
        nodes: [
          { name: 'control-plane', roles: ['control-plane'] },
          { name: 'worker-1', cpu: '2', memory: '4Gi', ephemeralStorage: '20Gi', maxPods: 50, labels: { 'topology.kubernetes.io/zone': 'a', disktype: 'ssd' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'spot', effect: 'PreferNoSchedule' }] },
        ],
      },
      settings: { speed: 'max' },
      manifests: NGINX,
      script: [
        { at: 0, action: { type: 'apply', manifests: NGINX } },
        { at: '90s', action: { type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: 5 } },
        { at: '1m30s', action: { type: 'cordon', node: 'worker-1' } },
        { at: '2m', action: { type: 'add-node', node: { name: 'worker-2', labels: {} } } },
        { at: 120_000, action: { type: 'kill-container', namespace: 'default', pod: 'web-abc', container: 'nginx' } },
        { at: '1h30m', action: { type: 'stop-scheduler' } },
        { at: 5_400_000.5, action: { type: 'slow-etcd', latencyMs: 250 } },
        { at: '1h30m0.001s', action: { type: 'delete', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:aggregate-to-edit' } },
      ],
    };
    const s = parseScenario(JSON.stringify(input));
    expect(s.script?.map((step) => step.at)).toEqual([0, 90_000, 90_000, 120_000, 120_000, 5_400_000, 5_400_000.5, 5_400_001]);
    expect(s.cluster).toEqual(input.cluster);
    expect(s.settings).toEqual({ speed: 'max' });
    expect(s.script?.[7].action).toEqual({ type: 'delete', apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:aggregate-to-edit' });
    // Validating the result again changes nothing.
    expect(validateScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('accepts every action type', () => {
    const script = [
      { type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'p' },
      { type: 'delete-node', node: 'worker-1' },
      { type: 'uncordon', node: 'worker-1' },
      { type: 'drain', node: 'worker-1' },
      { type: 'stop-kubelet', node: 'worker-1' },
      { type: 'start-kubelet', node: 'worker-1' },
      { type: 'partition-node', node: 'worker-1' },
      { type: 'heal-node', node: 'worker-1' },
      { type: 'start-scheduler' },
      { type: 'stop-controller-manager' },
      { type: 'start-controller-manager' },
      { type: 'slow-etcd', latencyMs: 0 },
    ].map((action, i) => ({ at: i * 1000, action }));
    expect(validateScenario({ version: 1, seed: 1, script }).script?.map((s) => s.action)).toEqual(script.map((s) => s.action));
  });

  it('returns a copy that the input cannot change afterwards', () => {
    const input = { version: 1, seed: 1, cluster: { nodes: [{ name: 'a', labels: { x: 'y' } }] } };
    const s = validateScenario(input);
    input.cluster.nodes[0].labels.x = 'changed';
    expect(s.cluster?.nodes?.[0].labels).toEqual({ x: 'y' });
  });

  it('reads a file that starts with a byte-order mark', () => {
    expect(parseScenario('\uFEFF{"version": 1, "seed": 7}')).toEqual({ version: 1, seed: 7 });
  });

  it('validates the built-in hello-nginx example: a 3-replica Deployment and its Service', () => {
    const s = parseScenario(readFileSync(EXAMPLE, 'utf8'));
    expect(s.title).toBe('Hello nginx');
    const objects = parseManifests(s.manifests ?? '').documents.map((d) => d.object);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/nginx', 'Service/nginx']);
    expect((objects[0].spec as { replicas: number }).replicas).toBe(3);
  });

  it.each(yamlFiles(CORPUS).map((f) => [f.slice(CORPUS.length + 1), f]))('accepts corpus manifests %s', (_name, file) => {
    const manifests = readFileSync(file, 'utf8');
    const s = validateScenario({ version: 1, seed: 3, manifests, script: [{ at: '10s', action: { type: 'apply', manifests } }] });
    expect(s.manifests).toBe(manifests);
  });
});

type Case = [name: string, value: unknown, path: string, message: string, reason?: ScenarioErrorReason];
const base = { version: 1, seed: 1 };
const step = (action: unknown, at: unknown = 0) => ({ ...base, script: [{ at, action }] });
const node = (n: unknown) => ({ ...base, cluster: { nodes: [n] } });

describe('invalid scenarios: every problem named with its path', () => {
  const cases: Case[] = [
    ['not an object', [1], '', 'Invalid value: [...]: a scenario must be a JSON object'],
    ['no version', { seed: 1 }, 'version', 'version: Required value: this kubesim reads scenario version 1'],
    ['a future version', { version: 2, seed: 1, future: true }, 'version', 'version: Unsupported value: 2: supported values: "1"'],
    ['a version as string', { version: '1', seed: 1 }, 'version', 'version: Unsupported value: "1": supported values: "1"'],
    ['no seed', { version: 1 }, 'seed', 'seed: Required value: a uint32 that seeds the simulation'],
    ['a negative seed', { version: 1, seed: -1 }, 'seed', 'seed: Invalid value: -1: must be greater than or equal to 0'],
    ['a seed beyond uint32', { version: 1, seed: 2 ** 32 }, 'seed', 'seed: Invalid value: 4294967296: must be less than or equal to 4294967295'],
    ['a fractional seed', { version: 1, seed: 1.5 }, 'seed', 'seed: Invalid value: 1.5: must be an integer'],
    ['an unknown field', { ...base, seeds: 2 }, 'seeds', 'unknown field "seeds"'],
    ['a title that is not a string', { ...base, title: 5 }, 'title', 'title: Invalid value: 5: must be a string'],
    ['a long title', { ...base, title: 'x'.repeat(257) }, 'title', 'title: Too long: may not be more than 256 bytes'],
    ['manifests as an object', { ...base, manifests: { kind: 'Pod' } }, 'manifests', 'manifests: Invalid value: {...}: must be a string'],
    ['bad YAML', { ...base, manifests: 'kind: Pod\n  bad: [' }, 'manifests', 'manifests: Invalid value: YAML (document 1, line 1, column 7): Nested mappings are not allowed in compact mappings', 'BadYAML'],
    ['a document without kind', { ...base, manifests: '---\napiVersion: v1\n---\nkind: Pod\n' }, 'manifests', `manifests: Invalid value: YAML (document 1, line 2, column 1): Object 'Kind' is missing in '{"apiVersion":"v1"}'`, 'BadYAML'],
    ['a YAML alias', { ...base, manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: &d {x: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: *d\n' }, 'manifests', 'manifests: Invalid value: YAML (document 2, line 9, column 7): YAML aliases (*d) are not allowed in scenarios', 'BadYAML'],
    ['a forbidden key in YAML', { ...base, manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  __proto__: {x: 1}\n' }, 'manifests', 'manifests: Invalid value: YAML (document 1, line 4, column 3): forbidden key "__proto__"', 'BadYAML'],
    ['settings.speed too fast', { ...base, settings: { speed: 100 } }, 'settings.speed', 'settings.speed: Invalid value: 100: must be less than or equal to 64'],
    ['settings.speed as a word', { ...base, settings: { speed: 'fast' } }, 'settings.speed', 'settings.speed: Invalid value: "fast": must be a number from 0.25 to 64, or "max"'],
    ['an unknown setting', { ...base, settings: { theme: 'dark' } }, 'settings.theme', 'unknown field "settings.theme"'],
    ['cluster.nodes not an array', { ...base, cluster: { nodes: {} } }, 'cluster.nodes', 'cluster.nodes: Invalid value: {...}: must be an array'],
    ['a node without a name', node({ cpu: '2' }), 'cluster.nodes[0].name', 'cluster.nodes[0].name: Required value'],
    ['a node name with capitals', node({ name: 'Worker_1' }), 'cluster.nodes[0].name', `cluster.nodes[0].name: Invalid value: "Worker_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
    ['a script in a node name', node({ name: '<script>alert(1)</script>' }), 'cluster.nodes[0].name', 'cluster.nodes[0].name: Invalid value: "<script>alert(1)</script>": a lowercase RFC 1123 subdomain'],
    ['an unknown node field', node({ name: 'a', gpu: 1 }), 'cluster.nodes[0].gpu', 'unknown field "cluster.nodes[0].gpu"'],
    ['a bad cpu', node({ name: 'a', cpu: 'two' }), 'cluster.nodes[0].cpu', `cluster.nodes[0].cpu: Invalid value: "two": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`],
    ['a zero memory', node({ name: 'a', memory: '0' }), 'cluster.nodes[0].memory', 'cluster.nodes[0].memory: Invalid value: "0": must be greater than 0'],
    ['a cpu as a number', node({ name: 'a', cpu: 2 }), 'cluster.nodes[0].cpu', 'cluster.nodes[0].cpu: Invalid value: 2: must be a string'],
    ['maxPods zero', node({ name: 'a', maxPods: 0 }), 'cluster.nodes[0].maxPods', 'cluster.nodes[0].maxPods: Invalid value: 0: must be greater than or equal to 1'],
    ['a bad role', node({ name: 'a', roles: ['control plane'] }), 'cluster.nodes[0].roles[0]', `cluster.nodes[0].roles[0]: Invalid value: "control plane": must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`],
    ['a duplicate role', node({ name: 'a', roles: ['x', 'x'] }), 'cluster.nodes[0].roles[1]', 'cluster.nodes[0].roles[1]: Duplicate value: "x"'],
    ['a bad label key', node({ name: 'a', labels: { 'a/b/c': 'x' } }), 'cluster.nodes[0].labels', 'cluster.nodes[0].labels: Invalid value: "a/b/c": a qualified name must consist of'],
    ['a bad label value', node({ name: 'a', labels: { app: 'a b' } }), 'cluster.nodes[0].labels.app', 'cluster.nodes[0].labels.app: Invalid value: "a b": a valid label must be an empty string'],
    ['a label value that is a number', node({ name: 'a', labels: { tier: 1 } }), 'cluster.nodes[0].labels.tier', 'cluster.nodes[0].labels.tier: Invalid value: 1: must be a string'],
    ['a taint without effect', node({ name: 'a', taints: [{ key: 'k' }] }), 'cluster.nodes[0].taints[0].effect', 'cluster.nodes[0].taints[0].effect: Required value'],
    ['a taint effect not known', node({ name: 'a', taints: [{ key: 'k', effect: 'NoRun' }] }), 'cluster.nodes[0].taints[0].effect', 'cluster.nodes[0].taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['a taint without key', node({ name: 'a', taints: [{ effect: 'NoSchedule' }] }), 'cluster.nodes[0].taints[0].key', 'cluster.nodes[0].taints[0].key: Required value'],
    ['a duplicate taint', node({ name: 'a', taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }] }), 'cluster.nodes[0].taints[1]', 'cluster.nodes[0].taints[1]: Duplicate value: "k:NoSchedule": taints must be unique by key and effect pair'],
    ['two nodes of one name', { ...base, cluster: { nodes: [{ name: 'a' }, { name: 'a' }] } }, 'cluster.nodes[1].name', 'cluster.nodes[1].name: Duplicate value: "a"'],
    ['script not an array', { ...base, script: {} }, 'script', 'script: Invalid value: {...}: must be an array'],
    ['a step without at', { ...base, script: [{ action: { type: 'stop-scheduler' } }] }, 'script[0].at', 'script[0].at: Required value: virtual ms since the scenario started, or a duration such as "90s"'],
    ['a step without action', { ...base, script: [{ at: 0 }] }, 'script[0].action', 'script[0].action: Required value'],
    ['an unknown step field', { ...base, script: [{ at: 0, after: 1, action: { type: 'stop-scheduler' } }] }, 'script[0].after', 'unknown field "script[0].after"'],
    ['a negative at', step({ type: 'stop-scheduler' }, -1), 'script[0].at', 'script[0].at: Invalid value: -1: must be greater than or equal to 0'],
    ['a negative duration', step({ type: 'stop-scheduler' }, '-5s'), 'script[0].at', 'script[0].at: Invalid value: -5000: must be greater than or equal to 0'],
    ['a day unit', step({ type: 'stop-scheduler' }, '1d'), 'script[0].at', 'script[0].at: Invalid value: "1d": time: unknown unit "d" in duration "1d"'],
    ['an at beyond 30 days', step({ type: 'stop-scheduler' }, '721h'), 'script[0].at', 'script[0].at: Invalid value: 2595600000: must be less than or equal to 2592000000'],
    ['an at as a boolean', step({ type: 'stop-scheduler' }, true), 'script[0].at', 'script[0].at: Invalid value: true: must be a number of ms or a duration string such as "90s"'],
    ['steps out of order', { ...base, script: [{ at: '2m', action: { type: 'stop-scheduler' } }, { at: '90s', action: { type: 'start-scheduler' } }] }, 'script[1].at', 'script[1].at: Invalid value: "90s": must not be earlier than script[0].at (120000 ms)'],
    ['an action without type', step({ node: 'a' }), 'script[0].action.type', 'script[0].action.type: Required value'],
    ['an unknown action type', step({ type: 'explode' }), 'script[0].action.type', 'script[0].action.type: Unsupported value: "explode": supported values: "apply", "delete", "scale", "rollout-restart", "rollout-undo", "rollout-pause", "rollout-resume", "add-node", "delete-node", "cordon", "uncordon", "drain", "stop-kubelet", "start-kubelet", "partition-node", "heal-node", "kill-container", "stop-scheduler", "start-scheduler", "stop-controller-manager", "start-controller-manager", "slow-etcd"'],
    ['a field of another action', step({ type: 'stop-scheduler', node: 'a' }), 'script[0].action.node', 'unknown field "script[0].action.node"'],
    ['apply without manifests', step({ type: 'apply' }), 'script[0].action.manifests', 'script[0].action.manifests: Required value'],
    ['apply with bad YAML', step({ type: 'apply', manifests: 'a: [' }), 'script[0].action.manifests', 'script[0].action.manifests: Invalid value: YAML (document 1, line 1, column 5): Flow sequence in block collection must', 'BadYAML'],
    ['delete without name', step({ type: 'delete', apiVersion: 'v1', kind: 'Pod' }), 'script[0].action.name', 'script[0].action.name: Required value'],
    ['delete with a slash in the name', step({ type: 'delete', apiVersion: 'v1', kind: 'Pod', name: 'a/b' }), 'script[0].action.name', `script[0].action.name: Invalid value: "a/b": may not contain '/'`],
    ['delete with a bad apiVersion', step({ type: 'delete', apiVersion: 'apps/v1/x', kind: 'Deployment', name: 'a' }), 'script[0].action.apiVersion', `script[0].action.apiVersion: Invalid value: "apps/v1/x": must be 'version' or 'group/version'`],
    ['delete with a bad kind', step({ type: 'delete', apiVersion: 'v1', kind: 'pod s', name: 'a' }), 'script[0].action.kind', 'script[0].action.kind: Invalid value: "pod s": must be a kind name such as Deployment'],
    ['delete with a bad namespace', step({ type: 'delete', apiVersion: 'v1', kind: 'Pod', namespace: 'Kube_System', name: 'a' }), 'script[0].action.namespace', 'script[0].action.namespace: Invalid value: "Kube_System": a lowercase RFC 1123 label must consist of'],
    ['scale without namespace', step({ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', replicas: 2 }), 'script[0].action.namespace', 'script[0].action.namespace: Required value'],
    ['scale to a negative count', step({ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: -1 }), 'script[0].action.replicas', 'script[0].action.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['scale to a string', step({ type: 'scale', apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web', replicas: '3' }), 'script[0].action.replicas', 'script[0].action.replicas: Invalid value: "3": must be an integer'],
    ['add-node without node', step({ type: 'add-node' }), 'script[0].action.node', 'script[0].action.node: Required value'],
    ['add-node with a bad node', step({ type: 'add-node', node: { name: 'a', maxPods: 'many' } }), 'script[0].action.node.maxPods', 'script[0].action.node.maxPods: Invalid value: "many": must be an integer'],
    ['cordon a node by a bad name', step({ type: 'cordon', node: 'Node 1' }), 'script[0].action.node', 'script[0].action.node: Invalid value: "Node 1": a lowercase RFC 1123 subdomain'],
    ['drain a node given as an object', step({ type: 'drain', node: { name: 'a' } }), 'script[0].action.node', 'script[0].action.node: Invalid value: {...}: must be a string'],
    ['kill-container without container', step({ type: 'kill-container', namespace: 'default', pod: 'p' }), 'script[0].action.container', 'script[0].action.container: Required value'],
    ['kill-container with a bad pod', step({ type: 'kill-container', namespace: 'default', pod: 'P', container: 'c' }), 'script[0].action.pod', 'script[0].action.pod: Invalid value: "P": a lowercase RFC 1123 subdomain'],
    ['slow-etcd without latency', step({ type: 'slow-etcd' }), 'script[0].action.latencyMs', 'script[0].action.latencyMs: Required value'],
    ['slow-etcd for too long', step({ type: 'slow-etcd', latencyMs: 60_001 }), 'script[0].action.latencyMs', 'script[0].action.latencyMs: Invalid value: 60001: must be less than or equal to 60000'],
    ['a non-finite number', { ...base, script: [{ at: Number.POSITIVE_INFINITY, action: { type: 'stop-scheduler' } }] }, 'script[0].at', 'script[0].at: Invalid value: Infinity: must be a finite number'],
  ];

  it.each(cases)('%s', (_name, value, path, message, reason = 'Invalid') => {
    const e = failure(() => validateScenario(value));
    expect(e.path).toBe(path);
    expect(e.message.slice(0, message.length)).toBe(message);
    expect(e.reason).toBe(reason);
    expect(e.causes[0]).toEqual({ path, message: e.causes.length > 1 ? e.causes[0].message : e.message });
  });

  it('reports every problem at once, the first in the message', () => {
    const e = failure(() => validateScenario({ version: 1, seed: -1, extra: 1, cluster: { nodes: [{ name: 'A' }] }, script: [{ at: '1d', action: { type: 'cordon', node: 'B' } }] }));
    expect(e.causes.map((c) => c.path)).toEqual(['extra', 'seed', 'cluster.nodes[0].name', 'script[0].at', 'script[0].action.node']);
    expect(e.message).toBe('unknown field "extra" (and 4 more problems)');
  });

  it('points at line and column of a YAML error, with its document', () => {
    const e = failure(() => validateScenario({ ...base, manifests: `${NGINX}---\nkind: [\n` }));
    expect([e.reason, e.path, e.document, e.line, e.column]).toEqual(['BadYAML', 'manifests', 1, 7, 1]);
  });

  it('points at line and column of a JSON syntax error', () => {
    const e = failure(() => parseScenario('{\n  "version": 1,\n  "seed": 42,\n  "manifests": "x"\n  "script": []\n}'));
    expect(e.message).toBe(`invalid JSON: unexpected "\\"" where ',' or '}' was expected (line 5, column 3)`);
    expect([e.reason, e.line, e.column]).toEqual(['BadJSON', 5, 3]);
  });
});

describe('hostile scenarios', () => {
  it('refuses __proto__ that JSON.parse made an own property, without polluting', () => {
    const value = JSON.parse('{"version": 1, "seed": 1, "cluster": {"nodes": [{"name": "a", "labels": {"__proto__": {"polluted": "yes"}}}]}}') as unknown;
    const e = failure(() => validateScenario(value));
    expect([e.reason, e.path, e.message]).toEqual(['ForbiddenKey', 'cluster.nodes[0].labels.__proto__', 'cluster.nodes[0].labels.__proto__: forbidden key "__proto__"']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['constructor', 'prototype'])('refuses %s keys in parsed text', (key) => {
    const e = failure(() => parseScenario(`{"version": 1, "seed": 1, "settings": {"${key}": 1}}`));
    expect([e.reason, e.path]).toEqual(['ForbiddenKey', `settings.${key}`]);
  });

  it('refuses deeply nested JSON, as text and as a value', () => {
    const text = `{"version": 1, "seed": 1, "title": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(failure(() => parseScenario(text)).message).toMatch(/^title(\[0\])+: invalid JSON: objects and arrays nest deeper than 64 levels/);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const e = failure(() => validateScenario({ version: 1, seed: 1, title: deep }));
    expect(e.message).toMatch(/^title(\.a)+: Invalid value: objects and arrays nest deeper than 64 levels$/);
  });

  it('does not loop on a cyclic value', () => {
    const cyclic: Record<string, unknown> = { version: 1, seed: 1 };
    cyclic.settings = { speed: 1, self: cyclic };
    expect(failure(() => validateScenario(cyclic)).path).toBe('settings.self');
  });

  it('accepts a script of exactly the maximum length and refuses one step more', () => {
    const steps = (n: number) => Array.from({ length: n }, (_, i) => ({ at: i, action: { type: 'heal-node', node: `worker-${i % 7}` } }));
    expect(validateScenario({ ...base, script: steps(MAX_SCRIPT_STEPS) }).script).toHaveLength(MAX_SCRIPT_STEPS);
    const e = failure(() => validateScenario({ ...base, script: steps(MAX_SCRIPT_STEPS + 1) }));
    expect(e.message).toBe('script: Too many: 10001: must have at most 10000 items');
  });

  it('refuses strings that add up to more than 1 MiB', () => {
    const half = 'a'.repeat(MAX_SCENARIO_STRING_BYTES / 2);
    const e = failure(() => validateScenario({ ...base, description: 'x', script: [{ at: 0, action: { type: 'delete', apiVersion: 'v1', kind: 'Pod', name: 'p' } }], cluster: { nodes: [{ name: 'a', labels: { [half.slice(0, 60)]: 'x' } }] }, manifests: `# ${half}\n# ${half}` }));
    expect(e.reason).toBe('TooLarge');
    expect(e.message).toMatch(/^Too long: the scenario's strings hold \d+ bytes, more than 1048576$/);
  });

  it('counts multi-byte characters as UTF-8 bytes', () => {
    const e = failure(() => validateScenario({ ...base, title: 'é'.repeat(129) }));
    expect(e.message).toBe('title: Too long: may not be more than 256 bytes');
  });

  it('refuses text longer than it will read, before parsing it', () => {
    const e = failure(() => parseScenario(' '.repeat(MAX_SCENARIO_TEXT_BYTES + 1)));
    expect(e.reason).toBe('TooLarge');
  });

  it('refuses a YAML alias bomb before expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    const e = failure(() => validateScenario({ ...base, manifests: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${bomb.replaceAll('\n', '\n  ')}\n` }));
    expect([e.reason, e.path]).toEqual(['BadYAML', 'manifests']);
    expect(e.message).toContain('YAML aliases (*a) are not allowed in scenarios');
  });
});
