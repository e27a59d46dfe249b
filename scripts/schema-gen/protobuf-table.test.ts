import { describe, expect, it } from 'vitest';
import { goFacts } from '../schema-facts';
import { protobufTable } from './protobuf-table';

describe('protobufTable', () => {
  it('maps field numbers to JSON names, lists omitempty zero-droppers, follows inlined structs', () => {
    const t = protobufTable(['io.k8s.api.core.v1.Volume', 'io.k8s.api.core.v1.ConfigMap'], goFacts);
    expect(t['io.k8s.api.core.v1.ConfigMap']).toEqual({
      f: { 1: 'metadata', 2: 'data', 3: 'binaryData', 4: 'immutable' },
      e: ['binaryData', 'data', 'metadata'],
    });
    expect(t['io.k8s.api.core.v1.Volume']).toEqual({ f: { 1: 'name' }, i: { 2: 'io.k8s.api.core.v1.VolumeSource' } });
    // Pointer fields (`*ConfigMapVolumeSource`) are absent in JSON only when unset: never in `e`.
    expect(t['io.k8s.api.core.v1.VolumeSource'].f[19]).toBe('configMap');
    expect(t['io.k8s.api.core.v1.VolumeSource'].e).toBeUndefined();
  });

  it('carries upstream numbers for what kubectl sends (DeploymentSpec, Container, DeleteOptions)', () => {
    const t = protobufTable(['io.k8s.api.apps.v1.DeploymentSpec', 'io.k8s.api.core.v1.Container', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'], goFacts);
    expect(t['io.k8s.api.apps.v1.DeploymentSpec'].f).toMatchObject({ 1: 'replicas', 3: 'template', 9: 'progressDeadlineSeconds' });
    expect(t['io.k8s.api.core.v1.Container'].f).toMatchObject({ 1: 'name', 2: 'image', 13: 'terminationMessagePath', 20: 'terminationMessagePolicy' });
    expect(t['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'].f).toMatchObject({ 1: 'gracePeriodSeconds', 4: 'propagationPolicy', 5: 'dryRun' });
  });
});
