import { beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptions } from '../../api/schema/schema';
import type { KubeObject } from '../../api/types';
import { resourceFor, resources } from '../../api/registry';
import { printTable } from './index';

// Tables and OpenAPI documents carry the field descriptions, which load lazily (the apiserver's handle awaits them).
beforeAll(() => loadDescriptions());

const NOW = Date.UTC(2026, 0, 1, 1, 0, 0);
const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'default', uid: 'u-1', resourceVersion: '42', creationTimestamp: '2026-01-01T00:00:00Z', labels: { a: 'b' } },
  data: { k: 'v' },
};
const configmaps = resourceFor('', 'v1', 'configmaps')!;

describe('printTable', () => {
  it('answers a meta.k8s.io/v1 Table with the list metadata and PartialObjectMetadata rows by default', () => {
    const t = printTable(configmaps, [cm], { nowMs: NOW }, { resourceVersion: '99', continue: 'tok', remainingItemCount: 3 });
    expect(t).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '99', continue: 'tok', remainingItemCount: 3 },
      columnDefinitions: [
        { name: 'Name', type: 'string', format: 'name', description: expect.stringMatching(/^Name must be unique within a namespace/), priority: 0 },
        { name: 'Data', type: 'string', format: '', description: expect.stringMatching(/^Data contains the configuration data/), priority: 0 },
        { name: 'Age', type: 'string', format: '', description: expect.stringMatching(/^CreationTimestamp is a timestamp/), priority: 0 },
      ],
      rows: [{ cells: ['cfg', 1, '60m'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata } }],
    });
  });

  it('embeds the full object for includeObject=Object and nothing for None', () => {
    expect(printTable(configmaps, [cm], { nowMs: NOW, includeObject: 'Object' }, {}).rows[0].object).toBe(cm);
    expect(printTable(configmaps, [cm], { nowMs: NOW, includeObject: 'None' }, {}).rows[0]).toEqual({ cells: ['cfg', 1, '60m'] });
  });

  it('declares the columns of an empty list', () => {
    const t = printTable(resourceFor('apps', 'v1', 'deployments')!, [], { nowMs: NOW, wide: true }, { resourceVersion: '7' });
    expect(t.rows).toEqual([]);
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  });

  it('falls back to NAME and CREATED AT for kinds upstream has no printer for (Roles, ClusterRoles, LimitRanges)', () => {
    const role: KubeObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin', creationTimestamp: '2025-12-31T23:00:05Z' }, rules: [] };
    const t = printTable(resourceFor('rbac.authorization.k8s.io', 'v1', 'clusterroles')!, [role], { nowMs: NOW, wide: true }, {});
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([['Name', 'string', 'name'], ['Created At', 'date', '']]);
    expect(t.rows[0].cells).toEqual(['admin', '2025-12-31T23:00:05Z']);
    const lr: KubeObject = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', creationTimestamp: '2026-01-01T00:00:00.250Z' } };
    expect(printTable(resourceFor('', 'v1', 'limitranges')!, [lr], { nowMs: NOW }, {}).rows[0].cells).toEqual(['limits', '2026-01-01T00:00:00Z']);
  });

  it('prints a Scale as the scale subresource table', () => {
    const scale: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { replicas: 5 }, status: { replicas: 3, selector: 'app=web' } };
    const t = printTable(resourceFor('apps', 'v1', 'deployments')!, [scale], { nowMs: NOW, wide: true }, {});
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Desired', 'Available', 'Age']);
    expect(t.rows[0].cells).toEqual(['web', 5, 3, '60m']);
  });

  it('prints a Status as upstream does (no name column)', () => {
    const status = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', details: { name: 'cfg', kind: 'configmaps' } } as unknown as KubeObject;
    const t = printTable(configmaps, [status], { nowMs: NOW, wide: true }, {});
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Status', 'Reason', 'Message']);
    expect(t.rows[0].cells).toEqual(['Success', '', '']);
  });

  it('prints every served resource, cells matching its columns, even for a bare object', () => {
    for (const info of resources) {
      const bare: KubeObject = { apiVersion: info.group ? `${info.group}/${info.version}` : info.version, kind: info.kind, metadata: { name: 'x' } };
      const t = printTable(info, [bare], { nowMs: NOW, wide: true }, {});
      expect(t.rows[0].cells.length, `${info.group}/${info.resource}`).toBe(t.columnDefinitions.length);
      expect(t.columnDefinitions.every((c) => c.description !== '' || ['Handler'].includes(c.name)), `${info.resource} descriptions`).toBe(true);
    }
  });
});
