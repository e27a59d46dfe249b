import { describe, expect, it } from 'vitest';
import { frozen } from '../shared/testing';
import { endpointKey, newSlice, type DesiredGroup, type EndpointSlice, type SliceEndpoint } from './desired-slices';
import type { Service } from './endpoint-pods';
import { reconcileAddressType, reconcileByPortMapping, recycleDeletions } from './reconcile-slices';

const svc: Service = frozen({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', labels: { app: 'web' } },
  spec: { clusterIP: '10.96.0.20', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
});
const PORTS = [{ name: 'http', port: 8080, protocol: 'TCP' }];

function ep(name: string, ready = true): SliceEndpoint {
  return { addresses: [`10.0.0.${name.slice(1)}`], conditions: { ready, serving: ready, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` }, nodeName: 'n1' };
}

function group(...eps: SliceEndpoint[]): DesiredGroup {
  return { portKey: 'k', ports: PORTS, endpoints: new Map(eps.map((e) => [endpointKey(e), e])) };
}

function slice(name: string, ...eps: SliceEndpoint[]): EndpointSlice {
  const s = newSlice(svc, PORTS, 'IPv4');
  s.metadata.name = name;
  delete s.metadata.generateName;
  s.endpoints = eps;
  return frozen(s);
}

const names = (slices: EndpointSlice[]) => slices.map((s) => `${s.metadata.name ?? 'new'}:${(s.endpoints ?? []).map((e) => e.targetRef.name).join(',')}`);

describe('reconcileByPortMapping', () => {
  it.each([
    ['nothing changed: no writes', [slice('s1', ep('p1'), ep('p2'))], group(ep('p1'), ep('p2')), { create: [], update: [], delete: [] }],
    ['a pod went away: its slice is updated', [slice('s1', ep('p1'), ep('p2'))], group(ep('p1')), { create: [], update: ['s1:p1'], delete: [] }],
    ['the last pod of a slice went away: the slice is deleted', [slice('s1', ep('p1')), slice('s2', ep('p2'))], group(ep('p2')), { create: [], update: [], delete: ['s1:p1'] }],
    ['readiness changed: updated in place', [slice('s1', ep('p1'), ep('p2'))], group(ep('p1'), ep('p2', false)), { create: [], update: ['s1:p1,p2'], delete: [] }],
    ['a new pod joins the slice that changes anyway', [slice('s1', ep('p1'), ep('p2')), slice('s2', ep('p3'))], group(ep('p2'), ep('p3'), ep('p4')),
      { create: [], update: ['s1:p2,p4'], delete: [] }],
    ['a new pod goes to the unchanged slice it fits best', [slice('s1', ep('p1')), slice('s2', ep('p2'), ep('p3'))], group(ep('p1'), ep('p2'), ep('p3'), ep('p4')),
      { create: [], update: ['s2:p2,p3,p4'], delete: [] }],
    ['no slice yet: one new slice', [], group(ep('p1')), { create: ['new:p1'], update: [], delete: [] }],
  ])('%s', (_name, existing, desired, want) => {
    const c = reconcileByPortMapping(svc, existing, desired, 'IPv4');
    expect({ create: names(c.create), update: names(c.update), delete: names(c.delete) }).toEqual(want);
  });

  it('splits at the maximum per slice and fills the fullest changing slice first', () => {
    const desired = group(ep('p1'), ep('p2'), ep('p3'), ep('p4'), ep('p5'));
    const c = reconcileByPortMapping(svc, [], desired, 'IPv4', 2);
    expect(names(c.create)).toEqual(['new:p1,p2', 'new:p3,p4', 'new:p5']);
  });
});

describe('reconcileAddressType and recycleDeletions', () => {
  it('keeps an existing placeholder rather than deleting and recreating it', () => {
    const placeholder = { ...slice('web-abcde'), ports: [] };
    const c = reconcileAddressType(svc, [placeholder], new Map(), 'IPv4');
    expect(c).toEqual({ create: [], update: [], delete: [] });
  });

  it('turns a create into an update of a slice that would be deleted', () => {
    const old = slice('web-old', ep('p1'));
    const other = { ...group(ep('p2')), portKey: 'other', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] };
    const planned = reconcileAddressType(svc, [old], new Map([['other', other]]), 'IPv4');
    expect([names(planned.create), names(planned.delete)]).toEqual([['new:p2'], ['web-old:p1']]);
    const c = recycleDeletions(svc, planned);
    expect([names(c.create), names(c.update), names(c.delete)]).toEqual([[], ['web-old:p2'], []]);
    expect(c.update[0].ports).toEqual([{ name: 'http', port: 9090, protocol: 'TCP' }]);
  });
});
