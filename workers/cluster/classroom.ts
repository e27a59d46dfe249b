/**
 * What the cluster worker hosts for teaching (issue 5): the lesson a learner follows on the live
 * simulation and the architecture view's trace feed. Kept out of the worker entry so it stays thin.
 * Each tick the worker asks for what to post: the lesson view when it changed, the trace batch.
 */
import type { Lesson } from '../lessons/lesson';
import type { LessonSession, LessonView } from '../lessons/lesson-session';
import { problemOf } from './scenario-session';
import type { BootInfo, ClusterWorkerApi } from './protocol';
import { controlPlaneState } from './script-actions';
import { controlPlaneInternals, type ControlPlaneInternals } from './control-plane-internals';
import type { Simulation } from './simulation';
import { TraceStream, type TraceBatch, type TraceDetail } from './trace-stream';

/** Virtual ms between two checks of a lesson step while time runs. */
const LESSON_CHECK_EVERY_MS = 250;

/** The lessons' chunk (catalogue, sessions, links), loaded on first use. */
const lessonsModule = () => import('./classroom-lessons');

export class Classroom {
  private sim?: Simulation;
  private lesson?: LessonSession;
  private trace?: TraceStream;
  private lastCheckMs = -Infinity;
  private checking = false;

  /** The lesson with this id, or undefined. */
  static async lessonById(id: string): Promise<Lesson | undefined> {
    return (await lessonsModule()).builtInLessons().find((l) => l.id === id);
  }

  /** A new simulation took over (a load, a reset): the lesson and the feed follow it or end. */
  attach(sim: Simulation | undefined): void {
    const tracing = this.trace !== undefined;
    this.trace?.stop();
    this.trace = undefined;
    this.lesson = undefined;
    this.sim = sim;
    if (sim && tracing) this.startTrace();
  }

  async startLesson(lesson: Lesson): Promise<LessonView> {
    const { LessonSession } = await lessonsModule();
    if (!this.sim) throw new Error('the cluster is not running');
    this.lesson = new LessonSession(lesson, this.sim);
    this.lastCheckMs = -Infinity;
    return this.lesson.view();
  }

  stopLesson(): void {
    this.lesson = undefined;
  }

  get currentLesson(): LessonSession | undefined {
    return this.lesson;
  }

  startTrace(): void {
    if (!this.sim || this.trace) return;
    this.trace = new TraceStream(this.sim.cluster);
    this.trace.start();
  }

  stopTrace(): void {
    this.trace?.stop();
    this.trace = undefined;
  }

  traceDetail(seq: number): TraceDetail | undefined {
    return this.trace?.detail(seq);
  }

  internals(): ControlPlaneInternals | undefined {
    return this.sim ? controlPlaneInternals(this.sim.cluster.store, this.sim.controlPlane) : undefined;
  }

  /** How many messages the architecture view's feed has made (0 when it is off). */
  get traceProduced(): number {
    return this.trace?.produced ?? 0;
  }

  /** The trace messages since the last call. */
  takeTrace(): TraceBatch | undefined {
    return this.trace?.take();
  }

  /** The lesson's view when a check (at most every 250 virtual ms) changed what the page shows. */
  async lessonUpdate(): Promise<LessonView | undefined> {
    const s = this.sim;
    const l = this.lesson;
    if (!s || !l || this.checking || s.now() - this.lastCheckMs < LESSON_CHECK_EVERY_MS) return undefined;
    this.checking = true;
    this.lastCheckMs = s.now();
    try {
      return await l.refresh();
    } finally {
      this.checking = false;
    }
  }
}

/** What the worker entry lends the classroom's API methods. */
export interface ClassroomHost {
  classroom: Classroom;
  sim(): Simulation | undefined;
  /** Replaces the cluster with a fresh one playing the scenario; throws with the problem's message. */
  loadFresh(scenario: unknown): Promise<BootInfo>;
  serial<T>(fn: () => Promise<T>): Promise<T>;
}

/** The lesson, architecture-view and internals methods of the worker's API. */
export function classroomApi(h: ClassroomHost): Pick<
  ClusterWorkerApi,
  'controlPlane' | 'lessons' | 'startLesson' | 'openLessonLink' | 'lessonLink' | 'lessonPredict' | 'lessonAct' | 'lessonNext' | 'stopLesson' | 'traceStart' | 'traceStop' | 'traceDetail' | 'internals'
> {
  const lesson = () => {
    const l = h.classroom.currentLesson;
    if (!l) throw new Error('no lesson is running');
    return l;
  };
  return {
    async controlPlane() {
      const s = h.sim();
      return s ? controlPlaneState(s) : undefined;
    },
    async lessons() {
      return (await lessonsModule()).lessonSummaries();
    },
    async startLesson(id) {
      const l = await Classroom.lessonById(id);
      if (!l) throw new Error(`no lesson named ${JSON.stringify(id)}`);
      const boot = await h.loadFresh(l.scenario);
      return { boot, lesson: await h.classroom.startLesson(l) };
    },
    async openLessonLink(link) {
      let l: Lesson;
      try {
        l = await (await lessonsModule()).decodeLessonLink(link);
      } catch (e) {
        return { ok: false, problem: problemOf(e) };
      }
      const boot = await h.loadFresh(l.scenario);
      return { ok: true, boot, lesson: await h.classroom.startLesson(l) };
    },
    async lessonLink() {
      const l = h.classroom.currentLesson;
      return l ? (await lessonsModule()).encodeLessonLink(l.lesson) : undefined;
    },
    lessonPredict: async (value) => lesson().predict(value),
    // "Do it" changes the cluster: it waits its turn like every other action.
    lessonAct: () => h.serial(async () => lesson().act()),
    lessonNext: async () => lesson().next(),
    async stopLesson() {
      h.classroom.stopLesson();
    },
    async traceStart() {
      h.classroom.startTrace();
    },
    async traceStop() {
      h.classroom.stopTrace();
    },
    async traceDetail(seq) {
      return h.classroom.traceDetail(seq);
    },
    async internals() {
      const i = h.classroom.internals();
      if (!i) throw new Error('the cluster is not running');
      return i;
    },
  };
}
