/** A lesson's host on a Simulation: requests as the cluster admin, actions as a scenario script performs them. */
import { performAction } from '../cluster/script-actions';
import type { Simulation } from '../cluster/simulation';
import type { LessonHost } from './lesson-run';

export function simulationLessonHost(sim: Simulation): LessonHost {
  return {
    request: (req) => sim.request(req),
    perform: (action) => performAction(sim, action),
    sendTraffic: (from, target) => sim.sendTraffic(from, target),
  };
}
