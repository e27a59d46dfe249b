/** The lesson the learner follows, as the cluster worker last described it. */
import { create } from 'zustand';
import type { LessonView } from '../../workers/lessons/lesson-session';

interface LessonState {
  view?: LessonView;
  setView(view: LessonView | undefined): void;
}

export const useLessonStore = create<LessonState>((set) => ({
  view: undefined,
  setView: (view) => set({ view }),
}));
