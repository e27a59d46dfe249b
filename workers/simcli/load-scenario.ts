/** Reads a scenario for `npm run sim`: from a file, or from a share link. */
import type { RunnableScenario } from './run-scenario';

/** A share link (URL with `#s=`, `#s=...`, or `s=...`) or a path to a scenario JSON file. */
export async function loadScenario(source: string, readFile: (path: string) => string): Promise<RunnableScenario> {
  // TEMPORARY until workers/scenario lands (same session): plain JSON files only.
  const text = readFile(source);
  const value = JSON.parse(text) as RunnableScenario;
  if (typeof value.seed !== 'number') throw new Error(`${source}: seed: required number`);
  return value;
}
