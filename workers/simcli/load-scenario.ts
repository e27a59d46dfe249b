/** Reads a scenario for `npm run sim`: from a share link, or from a scenario JSON file. */
import { parseScenario } from '../scenario/scenario';
import { decodeShareLink } from '../scenario/share-link';
import type { RunnableScenario } from './run-scenario';

/** A share link: a URL with `#s=`, `#s=...`, `s=...`, or a bare base64url payload. */
export function looksLikeShareLink(source: string): boolean {
  return source.includes('#') || source.startsWith('s=') || /^[A-Za-z0-9_-]{32,}$/.test(source);
}

/** The scenario behind `source`; throws a ScenarioError (with its path, line and column) when it is broken. */
export async function loadScenario(source: string, readFile: (path: string) => string): Promise<RunnableScenario> {
  return looksLikeShareLink(source) ? decodeShareLink(source) : parseScenario(readFile(source));
}
