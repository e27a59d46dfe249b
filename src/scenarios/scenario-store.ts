/** The page's view of the scenario the cluster plays, and the banner for a scenario that could not be used. */
import { create } from 'zustand';
import type { CurrentScenario, ScenarioProblem } from '../../workers/cluster/protocol';
import type { MessageKey } from '../i18n/i18n';

/** A banner title by message key, worded in the language shown (it follows a switch). */
export interface NoticeTitle {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** A scenario problem as the banner shows it: what was attempted, and what was wrong. */
export interface ScenarioNotice {
  /** What could not be done: `This share link could not be opened.` */
  title: NoticeTitle;
  problem: ScenarioProblem;
}

export interface ScenarioState {
  current?: CurrentScenario;
  notice?: ScenarioNotice;
  /** A load, reset or import is under way. */
  busy: boolean;
  setCurrent(current: CurrentScenario | undefined): void;
  showProblem(title: NoticeTitle, problem: ScenarioProblem): void;
  dismiss(): void;
  setBusy(busy: boolean): void;
}

export const useScenarioStore = create<ScenarioState>((set) => ({
  busy: false,
  setCurrent: (current) => set({ current }),
  showProblem: (title, problem) => set({ notice: { title, problem } }),
  dismiss: () => set({ notice: undefined }),
  setBusy: (busy) => set({ busy }),
}));
