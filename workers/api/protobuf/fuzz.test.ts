import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../sim/rng';
import { isApiError } from '../errors';
import { decodeProtobufBody } from './body';
import { encodeObject, envelope } from './test-encoder';

const deployment = envelope(
  'apps/v1',
  'Deployment',
  encodeObject(
    {
      metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: '2024-01-02T03:04:05Z' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: { spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1' } }, ports: [{ containerPort: 80 }] }], volumes: [{ name: 'v', configMap: { name: 'cm' } }] } },
      },
    },
    'io.k8s.api.apps.v1.Deployment',
  ),
);

/** One seeded mutation: flip, insert, delete or truncate bytes (never the magic, which has its own tests). */
function mutate(rng: SeededRng, body: Uint8Array): Uint8Array {
  const b = [...body];
  for (let n = 1 + rng.int(4); n > 0 && b.length > 4; n--) {
    const at = 4 + rng.int(b.length - 4);
    switch (rng.int(4)) {
      case 0:
        b[at] = rng.int(256);
        break;
      case 1:
        b.splice(at, 0, rng.int(256));
        break;
      case 2:
        b.splice(at, 1);
        break;
      default:
        b.length = Math.max(4, at);
    }
  }
  return Uint8Array.from(b);
}

describe('protobuf decoding under seeded random corruption', () => {
  it.each([1, 2, 3])('seed %i: every mutant decodes to an object or fails as a 400, never anything else', (seed) => {
    const rng = new SeededRng(seed);
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const body = mutate(rng, deployment);
      try {
        expect(typeof decodeProtobufBody(body)).toBe('object');
      } catch (e) {
        if (!isApiError(e) || e.code !== 400) throw new Error(`seed ${seed} case ${i}: ${String(e)}`);
        rejected++;
      }
    }
    // Most random damage is detectable; a run that rejects nothing would mean the checks are missing.
    expect(rejected).toBeGreaterThan(500);
  });
});
