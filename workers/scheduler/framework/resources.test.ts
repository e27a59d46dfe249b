import { describe, expect, it } from 'vitest';
import { makePod } from '../testing/builders';
import { podRequests } from './resources';

const c = (name: string, cpu: string, restartPolicy?: string) => ({ name, image: 'x', resources: { requests: { cpu } }, ...(restartPolicy ? { restartPolicy } : {}) });

describe('podRequests (upstream computePodResourceRequest)', () => {
  it.each([
    ['containers are summed', makePod({ images: ['a', 'b'], cpu: '250m' }), 500],
    ['a large init container dominates', { ...makePod({ cpu: '100m' }), spec: { ...makePod({ cpu: '100m' }).spec, initContainers: [c('i', '2')] } }, 2000],
    // Sidecar 500m runs with the containers (100m) -> 600m; the init after it needs 300m + 500m = 800m.
    ['sidecars add to the containers and to later init containers', { ...makePod({ cpu: '100m' }), spec: { ...makePod({ cpu: '100m' }).spec, initContainers: [c('s', '500m', 'Always'), c('i', '300m')] } }, 800],
    ['an init container before the sidecar does not see it', { ...makePod({ cpu: '100m' }), spec: { ...makePod({ cpu: '100m' }).spec, initContainers: [c('i', '300m'), c('s', '500m', 'Always')] } }, 600],
  ])('%s', (_n, pod, milli) => {
    expect(podRequests(pod).milliCPU).toBe(milli);
  });

  it('non-zero requests default unset cpu and memory to 100m and 200Mi', () => {
    const r = podRequests(makePod(), true);
    expect([r.milliCPU, r.memory]).toEqual([100, 200 * 1024 * 1024]);
    expect(podRequests(makePod()).milliCPU).toBe(0);
  });
});
