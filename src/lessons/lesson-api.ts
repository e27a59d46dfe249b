/** The Lessons panel's view of the cluster worker: starting a lesson also shows its fresh cluster. */
import { connectCluster, showNewCluster } from '../cluster/connection';
import type { LessonApi } from './LessonPanel';

export const lessonApi: LessonApi = {
  lessons: async () => (await connectCluster()).lessons(),
  async startLesson(id) {
    const api = await connectCluster();
    const { boot, lesson } = await api.startLesson(id);
    await showNewCluster(boot);
    return lesson;
  },
  lessonPredict: async (value) => (await connectCluster()).lessonPredict(value),
  lessonAct: async () => (await connectCluster()).lessonAct(),
  lessonNext: async () => (await connectCluster()).lessonNext(),
  stopLesson: async () => (await connectCluster()).stopLesson(),
  lessonLink: async () => (await connectCluster()).lessonLink(),
};
