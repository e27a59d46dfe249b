import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import type { RuntimeContainer } from '../runtime/container-runtime';
import { shouldRestart } from './restart-policy';

const pod = (restartPolicy?: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], ...(restartPolicy ? { restartPolicy } : {}) } });
const dead = (exitCode: number) => ({ state: 'exited', exitCode }) as RuntimeContainer;

describe('shouldRestart', () => {
  it.each([
    [undefined, 0, true],
    [undefined, 1, true],
    ['Always', 0, true],
    ['OnFailure', 0, false],
    ['OnFailure', 137, true],
    ['Never', 1, false],
    ['Never', 0, false],
  ])('restartPolicy %s, exit %i -> %s', (policy, code, want) => {
    expect(shouldRestart(pod(policy), dead(code))).toBe(want);
  });
});
