import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64url';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario';
import { ScenarioError, type ScenarioErrorReason } from './scenario-error';
import { decodeShareLink, encodeShareLink, SHARE_LINK_MAX_JSON_BYTES, sharePayload } from './share-link';

const EXAMPLE = parseScenario(readFileSync(new URL('./examples/hello-nginx.json', import.meta.url), 'utf8'));

async function deflateRaw(data: Uint8Array | string): Promise<Uint8Array> {
  const input = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const stream = new Blob([input as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function linkOf(data: Uint8Array | string): Promise<string> {
  return `#s=${encodeBase64Url(await deflateRaw(data))}`;
}

async function failure(link: string): Promise<ScenarioError> {
  try {
    await decodeShareLink(link);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('decoded');
}

describe('share links round trip', () => {
  it('encodes the example as #s=<base64url> and decodes it to the same scenario', async () => {
    const link = await encodeShareLink(EXAMPLE);
    expect(link).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(await decodeShareLink(link)).toEqual(EXAMPLE);
    // The same scenario always gives the same link.
    expect(await encodeShareLink(EXAMPLE)).toBe(link);
  });

  it('accepts a full URL, the fragment, s=... or the bare payload', async () => {
    const link = await encodeShareLink(EXAMPLE);
    const payload = link.slice(3);
    for (const form of [`https://kubesim.example/app/?lang=en#s=${payload}`, `#theme=dark&s=${payload}&x=1`, `s=${payload}`, payload, `  ${link}\n`, `#s=${payload}%3D%3D`]) {
      expect(sharePayload(form).replace(/=+$/, '')).toBe(payload);
      expect(await decodeShareLink(form)).toEqual(EXAMPLE);
    }
  });

  it('carries a recorded script with its times normalised to ms', async () => {
    const s: ScenarioInput = { version: 1, seed: 9, script: [{ at: '1m30s', action: { type: 'drain', node: 'worker-1' } }] };
    expect(await decodeShareLink(await encodeShareLink(s))).toEqual({ version: 1, seed: 9, script: [{ at: 90_000, action: { type: 'drain', node: 'worker-1' } }] });
  });

  it('refuses to encode an invalid scenario', async () => {
    const bad = { version: 1, seed: 1, cluster: { nodes: [{ name: 'Bad Name' }] } } as Scenario;
    await expect(encodeShareLink(bad)).rejects.toMatchObject({ reason: 'Invalid', path: 'cluster.nodes[0].name' });
  });

  it('refuses to encode a scenario whose JSON is over 1 MiB, rather than make a link that would not open', async () => {
    // 600 KB of strings, but every '"' doubles in JSON.
    const s: Scenario = { version: 1, seed: 1, manifests: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: quotes}\ndata: {q: '${'"'.repeat(600_000)}'}\n` };
    const size = JSON.stringify(s).length;
    expect(size).toBeGreaterThan(1_200_000);
    await expect(encodeShareLink(s)).rejects.toMatchObject({ reason: 'TooLarge', message: `the scenario is ${size} bytes of JSON; a share link holds at most ${SHARE_LINK_MAX_JSON_BYTES}` });
  });
});

describe('hostile and broken links', () => {
  const cases: [name: string, link: string | (() => Promise<string> | string), reason: ScenarioErrorReason, message: string | RegExp][] = [
    ['a URL without s=', 'https://kubesim.example/#theme=dark', 'BadLink', 'the link carries no scenario: its fragment has no "s=" parameter'],
    ['an empty payload', '#s=', 'BadLink', "the link's scenario payload is empty"],
    ['bad base64', '#s=Zm9v*', 'BadBase64', `the link's payload is not valid base64url: character "*" at position 5`],
    ['a cut-off payload', '#s=Zm9vY', 'BadBase64', /cannot encode whole bytes/],
    ['a payload longer than any scenario', () => `#s=${'A'.repeat(2_000_000)}`, 'TooLarge', /^the link's payload is 2000000 characters long/],
    ['bytes that are not deflate', () => `#s=${encodeBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02, 0x03]))}`, 'BadCompression', /^the link's payload is not valid deflate-raw data \(.+\)$/],
    ['a truncated deflate stream', async () => `#s=${encodeBase64Url((await deflateRaw(JSON.stringify(EXAMPLE))).subarray(0, 40))}`, 'BadCompression', /not valid deflate-raw data/],
    ['a deflate bomb just over 1 MiB', () => linkOf(new Uint8Array(SHARE_LINK_MAX_JSON_BYTES + 1).fill(0x20)), 'TooLarge', `the link's scenario decompresses to more than ${SHARE_LINK_MAX_JSON_BYTES} bytes`],
    ['a 64 MiB deflate bomb', () => linkOf(new Uint8Array(64 << 20).fill(0x20)), 'TooLarge', /decompresses to more than/],
    ['bytes that are not UTF-8', () => linkOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 'BadJSON', "the link's scenario is not UTF-8 text"],
    ['bad JSON', () => linkOf('{"version": 1,\n "seed": 42,\n}'), 'BadJSON', `invalid JSON: unexpected "}" where a member name (a string) was expected (line 3, column 1)`],
    ['deeply nested JSON', () => linkOf(`{"version": 1, "seed": 1, "title": ${'['.repeat(500_000)}${']'.repeat(500_000)}}`), 'BadJSON', /nest deeper than 64 levels/],
    ['a __proto__ key', () => linkOf('{"version": 1, "seed": 1, "__proto__": {"polluted": true}}'), 'ForbiddenKey', '__proto__: forbidden key "__proto__" (line 1, column 27)'],
    ['a constructor key deep down', () => linkOf('{"version": 1, "seed": 1, "script": [{"at": 0, "action": {"type": "add-node", "node": {"name": "a", "labels": {"constructor": "x"}}}}]}'), 'ForbiddenKey', /^script\[0\]\.action\.node\.labels\.constructor: forbidden key "constructor"/],
    ['an invalid scenario', () => linkOf('{"version": 1, "seed": 1, "script": [{"at": "5s", "action": {"type": "cordon", "node": "<img src=x onerror=alert(1)>"}}]}'), 'Invalid', /^script\[0\]\.action\.node: Invalid value: "<img src=x onerror=alert\(1\)>": a lowercase RFC 1123 subdomain/],
    ['bad YAML', () => linkOf(JSON.stringify({ version: 1, seed: 1, manifests: 'apiVersion: v1\nkind: [Pod\n' })), 'BadYAML', /^manifests: Invalid value: YAML \(document 1, line \d+, column \d+\): /],
    ['a YAML alias', () => linkOf(JSON.stringify({ version: 1, seed: 1, manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: &n a}\ndata: {x: *n}\n' })), 'BadYAML', 'manifests: Invalid value: YAML (document 1, line 4, column 11): YAML aliases (*n) are not allowed in scenarios'],
  ];

  it.each(cases)('%s', async (_name, make, reason, message) => {
    const e = await failure(typeof make === 'string' ? make : await make());
    expect(e.reason).toBe(reason);
    if (typeof message === 'string') expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
