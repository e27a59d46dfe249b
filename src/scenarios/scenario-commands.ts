/**
 * What the top bar's scenario controls do: load a built-in scenario, import and export a scenario
 * file, make a share link, reset. Loads replace the cluster only when the scenario is valid; a
 * broken one opens the banner and leaves the cluster as it was.
 */
import type { CurrentScenario, ScenarioLoad, ScenarioProblem } from '../../workers/cluster/protocol';
import { connectCluster, showNewCluster } from '../cluster/connection';
import { translate, useLanguage, type MessageKey } from '../i18n/i18n';
import { useScenarioStore, type NoticeTitle } from './scenario-store';

/** The largest scenario file Import reads (the scenario format's own text limit, 4 MiB). */
export const MAX_IMPORT_BYTES = 4 << 20;

/** A message in the page's current language (for dialogs and texts made outside React). */
function say(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(useLanguage.getState().language, key, params);
}

/** True unless the person has recorded actions and would rather keep them; `what` is the question's first words. */
export async function confirmReplace(what: string): Promise<boolean> {
  const current = await (await connectCluster()).currentScenario();
  const n = current?.recorded ?? 0;
  if (!n) return true;
  return window.confirm(say(n === 1 ? 'scenario.confirmReplace.one' : 'scenario.confirmReplace.other', { what, n }));
}

/** A scenario that loaded but whose first steps failed (a manifest the API refused): the banner says which. */
export function noteFailedSteps(current: CurrentScenario | undefined): void {
  const failures = current?.failures ?? [];
  if (!failures.length) return;
  const causes = failures.map((message) => ({ path: '', message }));
  const more = failures.length > 1 ? say('scenario.failedMore', { n: failures.length - 1 }) : '';
  useScenarioStore.getState().showProblem({ key: 'scenario.stepsFailed' }, { reason: 'StepFailed', message: `${failures[0]}${more}`, path: '', causes });
}

/** Runs a load and shows its outcome: the new cluster, or the banner. */
async function runLoad(failureTitle: NoticeTitle, load: () => Promise<ScenarioLoad>): Promise<boolean> {
  const store = useScenarioStore.getState();
  store.setBusy(true);
  try {
    const result = await load();
    if (!result.ok) {
      store.showProblem(failureTitle, result.problem);
      return false;
    }
    store.dismiss();
    await showNewCluster(result.boot);
    noteFailedSteps(result.boot.scenario);
    return true;
  } finally {
    store.setBusy(false);
  }
}

export async function loadBuiltin(id: string, title: string): Promise<boolean> {
  if (!(await confirmReplace(say('scenario.confirmLoad', { title })))) return false;
  const api = await connectCluster();
  return runLoad({ key: 'scenario.loadFailed', params: { title } }, () => api.loadBuiltinScenario(id));
}

/** Opens a share link pasted into the address bar of the open page; a broken one never gets to the question. */
export async function openLink(link: string): Promise<boolean> {
  const title: NoticeTitle = { key: 'scenario.linkFailed' };
  const api = await connectCluster();
  const problem = await api.checkShareLink(link);
  if (problem) {
    useScenarioStore.getState().showProblem(title, problem);
    return false;
  }
  if (!(await confirmReplace(say('scenario.confirmLink')))) return false;
  return runLoad(title, () => api.openShareLink(link));
}

function tooLarge(file: File): ScenarioProblem {
  const message = say('scenario.tooLarge', { size: file.size, max: MAX_IMPORT_BYTES });
  return {
    reason: 'TooLarge',
    message,
    path: '',
    causes: [{ path: '', message }],
  };
}

/** Imports a scenario JSON file (bounded in size before it is read). */
export async function importFile(file: File): Promise<boolean> {
  const title: NoticeTitle = { key: 'scenario.importFailed', params: { name: file.name } };
  if (file.size > MAX_IMPORT_BYTES) {
    useScenarioStore.getState().showProblem(title, tooLarge(file));
    return false;
  }
  if (!(await confirmReplace(say('scenario.confirmImport', { name: file.name })))) return false;
  const text = await file.text();
  const api = await connectCluster();
  return runLoad(title, () => api.importScenario(text));
}

/** A file name from a scenario title: `kubesim-hello-nginx.json`. */
export function exportFileName(title: string | undefined): string {
  const slug = (title ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `kubesim-${slug || 'scenario'}.json`;
}

/** Downloads the current scenario (recorded actions included) as a JSON file. */
export async function exportFile(): Promise<void> {
  const api = await connectCluster();
  const result = await api.exportScenario();
  if (!result.ok) {
    useScenarioStore.getState().showProblem({ key: 'scenario.exportFailed' }, result.problem);
    return;
  }
  const current = useScenarioStore.getState().current;
  const url = URL.createObjectURL(new Blob([result.json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(current?.title);
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The share link of the current scenario: this page's address with `#s=...`. */
export async function shareUrl(): Promise<{ url: string } | { problem: ScenarioProblem }> {
  const result = await (await connectCluster()).shareLink();
  if (!result.ok) return { problem: result.problem };
  return {
    url: `${location.origin}${location.pathname}${location.search}${result.fragment}`,
  };
}

/** Starts a fresh default cluster (the recorded actions go with the old one). */
export async function resetCluster(): Promise<void> {
  if (!window.confirm(say('scenario.confirmReset'))) return;
  const store = useScenarioStore.getState();
  store.setBusy(true);
  try {
    const info = await (await connectCluster()).reset();
    store.dismiss();
    await showNewCluster(info);
  } finally {
    store.setBusy(false);
  }
}
