/**
 * Opening the page with a lesson link (`#lesson=<id>` or `#l=<payload>`): the lesson starts on a
 * fresh cluster and the Lessons tab opens; a broken link says why in the banner and changes nothing.
 */
import type * as Comlink from 'comlink';
import type { ClusterWorkerApi } from '../../workers/cluster/protocol';
import { showNewCluster } from '../cluster/connection';
import { useScenarioStore } from '../scenarios/scenario-store';
import { useUiStore } from '../state/ui-store';
import { useLessonStore } from './lesson-store';

/** Whether a location fragment carries a lesson. */
export function isLessonFragment(hash: string): boolean {
  return hash
    .replace(/^#/, '')
    .split('&')
    .some((p) => p.startsWith('lesson=') || p.startsWith('l='));
}

/** Opens the lesson the address carries, if any (then takes it out of the address). */
export async function openLessonInLocation(api: Comlink.Remote<ClusterWorkerApi>): Promise<void> {
  const hash = location.hash;
  if (!isLessonFragment(hash)) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  const res = await api.openLessonLink(hash);
  if (!res.ok) {
    useScenarioStore.getState().showProblem({ key: 'lessons.linkFailed' }, res.problem);
    return;
  }
  await showNewCluster(res.boot);
  useLessonStore.getState().setView(res.lesson);
  useUiStore.getState().setSideTab('lessons');
}
