/**
 * Share links (DESIGN.md section 7): `#s=<base64url(deflate-raw(scenario JSON))>` in the URL
 * fragment, so a static build shares scenarios without a server. A link is untrusted input: its
 * payload is decompressed as a stream and reading stops at a hard 1 MiB cap (a deflate bomb is never
 * expanded), then the JSON is read strictly and validated like any scenario.
 */
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { parseScenario, validateScenario, type Scenario, type ScenarioInput } from './scenario';
import { scenarioError } from './scenario-error';

/** The most bytes a link's scenario JSON may decompress to. */
export const SHARE_LINK_MAX_JSON_BYTES = 1 << 20;
/** The fragment parameter carrying the scenario. */
export const SHARE_LINK_PARAM = 's';
// Deflate adds at most a few bytes per 16 KiB stored block, so a real payload stays well under this.
const MAX_COMPRESSED_BYTES = SHARE_LINK_MAX_JSON_BYTES + (64 << 10);
const MAX_PAYLOAD_CHARS = Math.ceil((MAX_COMPRESSED_BYTES * 4) / 3);

const ignore = (): void => undefined;

async function readAll(readable: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (e) {
      throw scenarioError('BadCompression', `the link's payload is not valid deflate-raw data (${(e as Error).message})`);
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > maxBytes) {
      // Cancelling stops the decompressor: nothing beyond the cap is ever inflated.
      reader.cancel().catch(ignore);
      throw scenarioError('TooLarge', `the link's scenario decompresses to more than ${maxBytes} bytes`);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

// Feeds bytes through a transform stream and reads its output, at most maxBytes of it.
function transform(stream: CompressionStream | DecompressionStream, bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // The reading side reports every failure; these promises only mirror it.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(ignore);
  writer.close().catch(ignore);
  return readAll(stream.readable as ReadableStream<Uint8Array>, maxBytes);
}

/** The fragment parameter of lesson links (`#l=...`). */
export const LESSON_LINK_PARAM = 'l';

/** What a link's parameter carries, for messages. */
function noun(param: string): string {
  return param === LESSON_LINK_PARAM ? 'lesson' : 'scenario';
}

/** Compresses JSON text into a link fragment `#<param>=<base64url(deflate-raw)>` (what share links carry). */
export async function encodeJsonLink(param: string, json: string): Promise<string> {
  const bytes = new TextEncoder().encode(json);
  if (bytes.byteLength > SHARE_LINK_MAX_JSON_BYTES) {
    throw scenarioError('TooLarge', `the ${noun(param)} is ${bytes.byteLength} bytes of JSON; a share link holds at most ${SHARE_LINK_MAX_JSON_BYTES}`);
  }
  const compressed = await transform(new CompressionStream('deflate-raw'), bytes, Number.POSITIVE_INFINITY);
  return `#${param}=${encodeBase64Url(compressed)}`;
}

/**
 * The JSON text a link's `<param>=` payload decompresses to, read with the same caps as scenario
 * links (a deflate bomb is never expanded past 1 MiB). Throws ScenarioErrors as decodeShareLink.
 */
export async function decodeJsonLink(linkOrHash: string, param: string): Promise<string> {
  const payload = linkPayload(linkOrHash, param);
  if (payload.length > MAX_PAYLOAD_CHARS) {
    throw scenarioError('TooLarge', `the link's payload is ${payload.length} characters long, more than a ${SHARE_LINK_MAX_JSON_BYTES}-byte ${noun(param)} needs`);
  }
  const compressed = decodeBase64Url(payload);
  const bytes = await transform(new DecompressionStream('deflate-raw'), compressed, SHARE_LINK_MAX_JSON_BYTES);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw scenarioError('BadJSON', `the link's ${noun(param)} is not UTF-8 text`);
  }
}

/**
 * The share link fragment (`#s=...`) of a scenario. Validates it first (durations become ms) and
 * throws a ScenarioError rather than make a link that would not open (TooLarge over 1 MiB of JSON).
 */
export async function encodeShareLink(s: Scenario | ScenarioInput): Promise<string> {
  return encodeJsonLink(SHARE_LINK_PARAM, JSON.stringify(validateScenario(s)));
}

/**
 * The base64url payload of a full URL (`https://host/#s=...`), a fragment (`#s=...`), `s=...` or the
 * bare payload. Throws a BadLink ScenarioError when a URL or fragment carries no `s=` parameter.
 */
export function sharePayload(linkOrHash: string): string {
  return linkPayload(linkOrHash, SHARE_LINK_PARAM);
}

/** The payload of a link's `<param>=` fragment parameter (or the bare payload). */
export function linkPayload(linkOrHash: string, param: string): string {
  const text = linkOrHash.trim();
  const hash = text.indexOf('#');
  let payload = text;
  if (hash >= 0 || text.startsWith(`${param}=`)) {
    const fragment = hash >= 0 ? text.slice(hash + 1) : text;
    const found = fragment.split('&').find((p) => p.startsWith(`${param}=`));
    if (found === undefined) throw scenarioError('BadLink', `the link carries no ${param === SHARE_LINK_PARAM ? 'scenario' : 'lesson'}: its fragment has no "${param}=" parameter`);
    payload = found.slice(param.length + 1);
  }
  if (payload.includes('%')) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      // Left as it is: the base64url decoder names the bad character.
    }
  }
  if (payload === '') throw scenarioError('BadLink', `the link's ${noun(param)} payload is empty`);
  return payload;
}

/**
 * The scenario of a share link (full URL, `#s=...`, or the bare payload). Throws a ScenarioError:
 * BadLink, BadBase64, BadCompression, TooLarge (over 1 MiB decompressed), BadJSON (also not UTF-8),
 * ForbiddenKey, BadYAML or Invalid, each with a message saying what is wrong.
 */
export async function decodeShareLink(linkOrHash: string): Promise<Scenario> {
  return parseScenario(await decodeJsonLink(linkOrHash, SHARE_LINK_PARAM));
}
