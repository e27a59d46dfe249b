/**
 * The built-in scenarios the dashboard's Scenarios menu offers (issue 4, section 5): each a lesson
 * with a title and a short plain-text explanation, kept as scenario JSON files in examples/.
 */
import crashLoop from './examples/crash-loop-and-image-pull-back-off.json';
import helloNginx from './examples/hello-nginx.json';
import nodeFailure from './examples/node-failure-and-self-healing.json';
import podDoesNotFit from './examples/pod-that-does-not-fit.json';
import rollingUpdate from './examples/rolling-update-and-rollback.json';
import scaleUpDown from './examples/scale-up-and-down.json';
import serviceLoadBalancing from './examples/service-load-balancing.json';
import taintsAffinity from './examples/taints-tolerations-and-node-affinity.json';
import { validateScenario, type Scenario } from './scenario';

/** A built-in scenario, named by the file it comes from. */
export interface BuiltinScenario {
  id: string;
  /** The file as written (durations as strings); validateScenario makes it a Scenario. */
  source: unknown;
}

/** In the order the menu lists them: from the first Deployment to things going wrong. */
export const BUILTIN_SCENARIOS: readonly BuiltinScenario[] = [
  { id: 'hello-nginx', source: helloNginx },
  { id: 'scale-up-and-down', source: scaleUpDown },
  { id: 'rolling-update-and-rollback', source: rollingUpdate },
  { id: 'node-failure-and-self-healing', source: nodeFailure },
  { id: 'pod-that-does-not-fit', source: podDoesNotFit },
  { id: 'taints-tolerations-and-node-affinity', source: taintsAffinity },
  { id: 'service-load-balancing', source: serviceLoadBalancing },
  { id: 'crash-loop-and-image-pull-back-off', source: crashLoop },
];

/** A built-in scenario by id, validated (a fresh copy each time); undefined for an unknown id. */
export function builtinScenario(id: string): Scenario | undefined {
  const b = BUILTIN_SCENARIOS.find((s) => s.id === id);
  return b ? validateScenario(b.source) : undefined;
}
