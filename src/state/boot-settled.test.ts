import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { allNodesReady } from './boot-settled';
import type { ObjectEntry } from './cluster-store';

function node(name: string, ready?: 'True' | 'False' | 'Unknown'): [string, ObjectEntry] {
  const object = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name }, status: ready ? { conditions: [{ type: 'Ready', status: ready }] } : {} } as KubeObject;
  return [name, { resource: 'nodes', object }];
}
const pod: [string, ObjectEntry] = ['p', { resource: 'pods', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', uid: 'p' } } as KubeObject }];

describe('allNodesReady', () => {
  it('needs at least one node', () => {
    expect(allNodesReady(new Map())).toBe(false);
    expect(allNodesReady(new Map([pod]))).toBe(false);
  });
  it('is true only when every node has Ready=True', () => {
    expect(allNodesReady(new Map([node('a', 'True'), node('b', 'True'), pod]))).toBe(true);
    expect(allNodesReady(new Map([node('a', 'True'), node('b', 'Unknown')]))).toBe(false);
    expect(allNodesReady(new Map([node('a', 'True'), node('b')]))).toBe(false);
  });
});
