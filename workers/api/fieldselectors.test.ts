import { describe, expect, it } from 'vitest';
import { isApiError } from './errors';
import {
  fieldSelectorForResource,
  fieldSelectorToString,
  fieldSet,
  matchesFields,
  parseFieldSelector,
  parseFieldSelectorText,
} from './fieldselectors';
import type { KubeObject } from './types';

const pods = { group: '', resource: 'pods', namespaced: true };
const nodes = { group: '', resource: 'nodes', namespaced: false };

function apiErrorOf(fn: () => unknown): { code: number; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  return undefined;
}

describe('parseFieldSelector', () => {
  const ok: [string, string][] = [
    ['metadata.name=x', 'metadata.name=x'],
    ['spec.nodeName!=y,metadata.name==x', 'metadata.name=x,spec.nodeName!=y'],
    ['status.phase=Running,spec.restartPolicy=Always', 'spec.restartPolicy=Always,status.phase=Running'],
    ['metadata.name=a\\,b', 'metadata.name=a\\,b'],
    ['metadata.name=a\\=b\\\\c', 'metadata.name=a\\=b\\\\c'],
    ['metadata.name=', 'metadata.name='],
    ['', ''],
  ];
  it.each(ok)('%j prints as %j', (text, want) => {
    expect(fieldSelectorToString(parseFieldSelectorText(text))).toBe(want);
  });

  it('unescapes values', () => {
    expect(parseFieldSelectorText('metadata.name=a\\,b')).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b' }]);
  });

  const bad: [string, string][] = [
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\b', 'invalid field selector: invalid escape sequence: \\b'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  it.each(bad)('%j is a 400: %s', (text, msg) => {
    expect(apiErrorOf(() => parseFieldSelector(text))).toEqual({ code: 400, message: msg });
  });
});

describe('fieldSelectorForResource', () => {
  const cases: [string, { group: string; resource: string }, string, string | undefined][] = [
    ['pods accept spec.nodeName', pods, 'spec.nodeName', undefined],
    ['pods reject unknown fields', pods, 'spec.foo', 'field label not supported: spec.foo'],
    ['nodes accept spec.unschedulable', nodes, 'spec.unschedulable', undefined],
    ['nodes reject metadata.namespace', nodes, 'metadata.namespace', 'field label not supported: metadata.namespace'],
    ['events accept involvedObject.name', { group: '', resource: 'events' }, 'involvedObject.name', undefined],
    ['secrets accept type', { group: '', resource: 'secrets' }, 'type', undefined],
    ['services accept spec.type', { group: '', resource: 'services' }, 'spec.type', undefined],
    ['jobs use their own wording', { group: 'batch', resource: 'jobs' }, 'spec.x', 'field label "spec.x" not supported for batchv1.Job'],
    ['kinds without a conversion get the default', { group: '', resource: 'configmaps' }, 'data.x', '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['apps/v1 replicasets reject status.replicas as upstream', { group: 'apps', resource: 'replicasets' }, 'status.replicas', '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['csrs accept spec.signerName', { group: 'certificates.k8s.io', resource: 'certificatesigningrequests' }, 'spec.signerName', undefined],
  ];
  it.each(cases)('%s', (_name, info, field, err) => {
    const got = apiErrorOf(() => fieldSelectorForResource(info, [{ field, operator: '=', value: 'x' }]));
    expect(got).toEqual(err === undefined ? undefined : { code: 400, message: err });
  });

  it('maps the legacy spec.host to spec.nodeName', () => {
    expect(fieldSelectorForResource(pods, parseFieldSelectorText('spec.host=n1'))).toEqual([{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  });
});

describe('matchesFields', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'node-a', restartPolicy: 'Always' },
    status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
  };
  const cases: [string, boolean][] = [
    ['metadata.name=web-1', true],
    ['metadata.namespace=default,spec.nodeName=node-a', true],
    ['spec.nodeName!=node-a', false],
    ['spec.nodeName=', false],
    ['status.phase!=Running', false],
    ['status.podIP=10.0.0.5', true],
    ['spec.hostNetwork=false', true],
    ['status.nominatedNodeName=', true],
  ];
  it.each(cases)('%j is %s', (text, want) => {
    expect(matchesFields(parseFieldSelectorText(text), pod, pods)).toBe(want);
  });

  it('exposes job status.successful from status.succeeded and event source from reportingComponent', () => {
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'd' }, status: { succeeded: 2 } };
    expect(fieldSet(job, { group: 'batch', resource: 'jobs' })['status.successful']).toBe('2');
    const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' }, reportingComponent: 'kubelet' };
    expect(fieldSet(ev, { group: '', resource: 'events' }).source).toBe('kubelet');
    const ev2: KubeObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', namespace: 'd' }, regarding: { kind: 'Pod', name: 'p' }, reportingController: 'kubelet' };
    expect(fieldSet(ev2, { group: 'events.k8s.io', resource: 'events' })).toMatchObject({ 'involvedObject.kind': 'Pod', 'involvedObject.name': 'p', source: 'kubelet', reportingComponent: 'kubelet' });
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { unschedulable: true } };
    expect(fieldSet(node, nodes)).toEqual({ 'metadata.name': 'n', 'spec.unschedulable': 'true' });
  });
});
