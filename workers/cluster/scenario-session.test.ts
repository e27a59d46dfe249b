/** The cluster worker's scenario helpers: reading any source, problems as plain data, resume layouts, deletes as a script does them. */
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../scenario/base64url';
import { encodeShareLink } from '../scenario/share-link';
import { defaultScenario, deleteObject, describeScenario, problemOf, readScenario, resumeLayout, shareableScenario } from './scenario-session';
import { testSimulation } from './sim-testkit';

async function problem(link: string) {
  try {
    await readScenario({ link });
  } catch (e) {
    return problemOf(e);
  }
  throw new Error('the link was read');
}

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return `#s=${encodeBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
}

describe('scenario session', () => {
  it('reads built-ins, files, links and values alike', async () => {
    const hello = await readScenario({ builtin: 'hello-nginx' });
    expect(hello.builtin).toBe('hello-nginx');
    expect((await readScenario({ text: JSON.stringify(hello.scenario) })).scenario).toEqual(hello.scenario);
    expect((await readScenario({ link: await encodeShareLink(hello.scenario) })).scenario).toEqual(hello.scenario);
    expect((await readScenario({ value: { version: 1, seed: 3 } })).scenario).toEqual({ version: 1, seed: 3 });
    await expect(readScenario({ builtin: 'nope' })).rejects.toThrow('no built-in scenario named "nope"');
  });

  it('turns hostile links into problems with their reason, path and position', async () => {
    expect(await problem('#s=%%%')).toMatchObject({ reason: 'BadBase64' });
    expect(await problem('#s=AAAA')).toMatchObject({ reason: 'BadCompression' });
    expect(await problem(await deflate(' '.repeat((1 << 20) + 10)))).toMatchObject({ reason: 'TooLarge' });
    expect(await problem(await deflate('{"version": 1, "seed": 1,\n "__proto__": {}}'))).toMatchObject({ reason: 'ForbiddenKey', path: '__proto__' });
    expect(await problem(await deflate('{"version": 1,\n "seed": }'))).toMatchObject({ reason: 'BadJSON', line: 2 });
    const bomb = 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n';
    expect(await problem(await deflate(JSON.stringify({ version: 1, seed: 1, manifests: bomb })))).toMatchObject({ reason: 'BadYAML', path: 'manifests' });
    const html = await problem(await deflate(JSON.stringify({ version: 1, seed: 1, script: [{ at: 0, action: { type: 'cordon', node: '<script>alert(1)</script>' } }] })));
    expect(html).toMatchObject({ reason: 'Invalid', path: 'script[0].action.node' });
    expect(problemOf(new Error('boom'))).toEqual({ reason: 'Invalid', message: 'boom', path: '', causes: [] });
  });

  it('resumes with the machines the steps added and without those they deleted, up to now', () => {
    const s = {
      seed: 1,
      script: [
        { at: 1_000, action: { type: 'add-node' as const, node: { name: 'worker-3' } } },
        { at: 2_000, action: { type: 'delete-node' as const, node: 'worker-1' } },
        { at: 9_000, action: { type: 'add-node' as const, node: { name: 'late' } } },
      ],
    };
    const fallback = [{ name: 'control-plane', roles: ['control-plane'] }, { name: 'worker-1' }, { name: 'worker-2' }];
    expect(resumeLayout(s, 100, 5_000, fallback).map((n) => n.name)).toEqual(['control-plane', 'worker-2', 'worker-3']);
    expect(resumeLayout(s, 100, 1_000, fallback).map((n) => n.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
  });

  it('describes and validates what a session plays', () => {
    expect(describeScenario({ scenario: defaultScenario(), startMs: 0, recorded: 0 })).toEqual({ steps: 0, recorded: 0 });
    const big = { seed: 1, script: Array.from({ length: 10_001 }, (_, i) => ({ at: i, action: { type: 'stop-scheduler' as const } })) };
    expect(() => shareableScenario(big)).toThrow('script: Too many');
  });

  it('deletes as a script delete step does, answering with the API status', async () => {
    const sim = await testSimulation({ seed: 2 });
    const gone = await deleteObject(sim, { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' });
    expect(gone.status).toBe(404);
    expect((gone.body as { message: string }).message).toBe('deployments.apps "web" not found');
    expect((await deleteObject(sim, { apiVersion: 'v9', kind: 'Nope', name: 'x' })).status).toBe(404);
    await sim.close();
  });
});
