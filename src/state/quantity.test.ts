import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseQuantity, podRequests } from './quantity';

describe('quantities', () => {
  it.each([
    ['250m', 0.25],
    ['4', 4],
    ['1.5', 1.5],
    ['128Mi', 128 * 2 ** 20],
    ['8148668Ki', 8148668 * 1024],
    ['1G', 1e9],
    ['2k', 2000],
    ['1e3', 1000],
    ['100n', 1e-7],
    ['.5', 0.5],
  ])('parses %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each([['', undefined], ['abc', undefined], ['1Qi', undefined], [null, undefined], [3, 3]])('rejects or passes %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it('formats cpu and memory for people', () => {
    expect(formatCpu(0)).toBe('0');
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(4)).toBe('4');
    expect(formatCpu(1.25)).toBe('1.25');
    expect(formatMemory(70 * 2 ** 20)).toBe('70Mi');
    expect(formatMemory(8148668 * 1024)).toBe('7.8Gi');
    expect(formatMemory(512)).toBe('512');
  });

  it('sums a pod as the scheduler does: containers, max of init containers, overhead', () => {
    expect(
      podRequests({
        containers: [{ resources: { requests: { cpu: '100m', memory: '70Mi' } } }, { resources: { limits: { cpu: '200m' } } }],
        initContainers: [{ resources: { requests: { cpu: '500m' } } }],
        overhead: { memory: '10Mi' },
      }),
    ).toEqual({ cpu: 0.5, memory: 80 * 2 ** 20 });
    expect(podRequests(undefined)).toEqual({ cpu: 0, memory: 0 });
  });
});
