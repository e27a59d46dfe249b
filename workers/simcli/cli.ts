/**
 * `npm run sim -- <scenario.json | share link> [--until 10m | all-available] [--nodes K]
 * [--node-workers N] [--history FILE]`: runs a scenario headless at max speed and prints one JSON
 * line (history fingerprint, final virtual time, wall time, pods by phase). Exit code 1 when the
 * scenario is broken or its stop condition never held, 2 on bad flags.
 */
import { readFileSync } from 'node:fs';
import { parseSimArgs } from './args';
import { loadScenario } from './load-scenario';
import { runScenario } from './run-scenario';

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseSimArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  let scenario;
  try {
    scenario = await loadScenario(opts.source, (path) => readFileSync(path, 'utf8'));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 1;
  }
  const report = await runScenario(scenario, opts);
  console.log(JSON.stringify(report));
  return report.unmet || report.failures ? 1 : 0;
}

process.exitCode = await main();
