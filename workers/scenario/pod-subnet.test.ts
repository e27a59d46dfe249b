import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../simcli/run-scenario';
import { podSubnetProblem } from './pod-subnet';
import { validateScenario } from './scenario';
import { ScenarioError } from './scenario-error';

describe('cluster.podSubnet', () => {
  it.each([
    ['10.244.0.0/16', undefined],
    ['192.168.0.0/23', undefined],
    ['10.128.0.0/9', undefined],
    ['10.244.1.0/16', 'must be a network address (the bits after the prefix zero)'],
    ['10.244.0.0/25', 'the prefix must be between /8 and /24 (each node takes a /24)'],
    ['10.96.0.0/16', 'must not overlap the Service network 10.96.0.0/12'],
    ['10.0.0.0/8', 'must not overlap the Service network 10.96.0.0/12'],
    ['300.1.0.0/16', 'must be an IPv4 network in CIDR form, e.g. 10.244.0.0/16'],
    ['10.244.0.0', 'must be an IPv4 network in CIDR form, e.g. 10.244.0.0/16'],
    ['010.244.0.0/16', 'must be an IPv4 network in CIDR form, e.g. 10.244.0.0/16'],
  ])('%s', (cidr, problem) => expect(podSubnetProblem(cidr)).toBe(problem));

  it('is kept by validation, and a bad one is reported at its path with nothing else changed', () => {
    expect(validateScenario({ version: 1, seed: 1, cluster: { podSubnet: '10.200.0.0/16' } }).cluster).toEqual({ podSubnet: '10.200.0.0/16' });
    let error: unknown;
    try {
      validateScenario({ version: 1, seed: 1, cluster: { podSubnet: '10.96.0.0/16', nodes: [{ name: 'a' }] } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).causes).toEqual([{ path: 'cluster.podSubnet', message: 'cluster.podSubnet: Invalid value: "10.96.0.0/16": must not overlap the Service network 10.96.0.0/12' }]);
  });

  it('a /23 for three machines: two get a /24, the third never does (CIDRNotAvailable in the history)', async () => {
    const historyFile = join(mkdtempSync(join(tmpdir(), 'pod-subnet-')), 'history.jsonl');
    await runScenario(
      { version: 1, seed: 3, cluster: { podSubnet: '10.200.0.0/23', nodes: [{ name: 'control-plane', roles: ['control-plane'] }, { name: 'worker-1' }, { name: 'worker-2' }] } },
      { until: { kind: 'time', ms: 5_000 }, nodeWorkers: 0, historyFile },
    );
    const history = readFileSync(historyFile, 'utf8');
    expect(history).toContain('"podCIDR":"10.200.0.0/24"');
    expect(history).toContain('"podCIDR":"10.200.1.0/24"');
    expect(history).toContain('CIDRNotAvailable');
    expect(history).not.toContain('10.244.');
  }, 60_000);
});
