/**
 * Plays a scenario on a Simulation, the same way in the browser's cluster worker and in `npm run
 * sim`: the manifests are applied at virtual time zero, then each script step runs at its virtual
 * time, and the dashboard's own actions are recorded into the script with theirs (DESIGN.md section 7).
 *
 * Where a step lands within its instant decides the history (resourceVersions, the order of what
 * follows), so a recorded action and its replay must land at the same place. A person acts between
 * the driver's windows: after everything due at or before the current instant has run and settled.
 * A plain kernel timer would fire among that instant's events instead. So the runner puts a barrier
 * into the lockstep driver's windows: a window never runs past the next step's time, and the step
 * runs right after the window that reaches it, exactly where a recorded action ran. Windows may
 * fall anywhere else: histories do not depend on them (workers/cluster/determinism.test.ts).
 */
import type { NodeLayout } from './cluster-layout';
import { performAction, type ActionOutcome, type ScriptAction } from './script-actions';
import type { Simulation } from './simulation';

/** One script step: an action at a virtual time, in ms since the scenario started. */
export interface RunnableStep {
  at: number;
  action: ScriptAction;
}

/** What the runner needs of a scenario (workers/scenario validates the full format). */
export interface RunnableScenario {
  version?: 1;
  title?: string;
  description?: string;
  seed: number;
  cluster?: { nodes?: NodeLayout[]; podSubnet?: string };
  settings?: { speed?: number | 'max' };
  manifests?: string;
  script?: RunnableStep[];
}

/** The machines a scenario boots with: its own layout, or none (the caller's default). */
export function scenarioLayout(s: RunnableScenario): NodeLayout[] | undefined {
  return s.cluster?.nodes?.length ? s.cluster.nodes : undefined;
}

/** Seconds as `npm run sim` prints them in failures: `at 20s`. */
function atText(atMs: number): string {
  return `at ${atMs / 1000}s`;
}

/** Plays a scenario's script on one Simulation and records new actions into it. */
export class ScenarioRunner {
  private readonly steps: RunnableStep[];
  /** Index of the next step to perform. */
  private next = 0;
  private uninstall: (() => void) | undefined;
  /** Actions (scripted or recorded) that failed, as `at 20s: <what kubectl said>`. */
  readonly failures: string[] = [];
  /** Steps the dashboard recorded since the scenario started. */
  recorded = 0;
  /** Called after every step performed or recorded (persistence). */
  onChange: (() => void) | undefined;

  private constructor(
    readonly sim: Simulation,
    private readonly base: RunnableScenario,
    /** Absolute virtual time of the scenario's time zero. */
    readonly startMs: number,
  ) {
    this.steps = (base.script ?? []).map((s) => ({ at: s.at, action: s.action }));
  }

  /**
   * Starts a scenario on a freshly booted simulation: its manifests at virtual time zero (as `kubectl
   * apply -f`), the steps due at zero, then the barrier for the rest.
   */
  static async start(sim: Simulation, s: RunnableScenario): Promise<ScenarioRunner> {
    const r = new ScenarioRunner(sim, s, sim.now());
    if (s.manifests) await r.perform({ type: 'apply', manifests: s.manifests }, 0);
    await r.performDue();
    r.install();
    return r;
  }

  /**
   * Takes a scenario up again on a simulation restored from persistence: steps up to now count as
   * done (they ran before the reload), the rest run at their times.
   */
  static resume(sim: Simulation, s: RunnableScenario, startMs: number, recorded = 0): ScenarioRunner {
    const r = new ScenarioRunner(sim, s, startMs);
    while (r.next < r.steps.length && startMs + r.steps[r.next].at <= sim.now()) r.next++;
    r.recorded = recorded;
    r.install();
    return r;
  }

  /** The scenario as it stands: what was loaded, with the recorded steps in their places. */
  scenario(): RunnableScenario {
    const out: RunnableScenario = { ...this.base };
    if (this.steps.length) out.script = this.steps.map((s) => ({ at: s.at, action: s.action }));
    else delete out.script;
    return out;
  }

  /** Virtual ms since the scenario started. */
  elapsedMs(): number {
    return this.sim.now() - this.startMs;
  }

  /** Absolute virtual time of the next step still to run. */
  nextStepAtMs(): number | undefined {
    return this.next < this.steps.length ? this.startMs + this.steps[this.next].at : undefined;
  }

  /** The time of the last step at or before `endMs` (ms since the start), if any. */
  lastStepAt(endMs: number): number | undefined {
    let last: number | undefined;
    for (const s of this.steps) if (s.at <= endMs) last = s.at;
    return last;
  }

  /**
   * Performs a person's action now and records it with its virtual time. The driver must be paused
   * and idle (the caller serialises actions): the action then lands between windows, where a replay's
   * barrier puts it. The clock first moves to the next whole ms so the step's time reads cleanly.
   */
  async record<T>(action: ScriptAction, perform: () => Promise<T>): Promise<T> {
    const whole = Math.ceil(this.sim.now());
    if (whole > this.sim.now()) await this.sim.driver.advanceTo(whole);
    const at = this.elapsedMs();
    const result = await perform();
    // Before the steps still to come (a loaded script's later steps keep their places).
    this.steps.splice(this.next, 0, { at, action });
    this.next++;
    this.recorded++;
    this.onChange?.();
    return result;
  }

  /** Removes the barrier (before the simulation closes). */
  close(): void {
    this.uninstall?.();
    this.uninstall = undefined;
  }

  private async perform(action: ScriptAction, at: number): Promise<ActionOutcome> {
    let outcome: ActionOutcome;
    try {
      outcome = await performAction(this.sim, action);
    } catch (e) {
      outcome = { ok: false, text: (e as Error).message };
    }
    if (!outcome.ok) this.failures.push(`${atText(at)}: ${outcome.text}`);
    return outcome;
  }

  /** Runs every step due at or before now, in script order. */
  private async performDue(): Promise<void> {
    let ran = false;
    while (this.next < this.steps.length && this.startMs + this.steps[this.next].at <= this.sim.now()) {
      const step = this.steps[this.next++];
      await this.perform(step.action, step.at);
      ran = true;
    }
    if (ran) this.onChange?.();
  }

  /**
   * The barrier: the driver sees the next step as the next event, and a window that would pass it
   * stops at its time, then the due steps run (still inside the driver's turn, so nothing else
   * advances time meanwhile). Every way of driving time (real time, advanceTo, step) goes through
   * these two methods of the lockstep system, so wrapping them on this one Simulation covers all.
   */
  private install(): void {
    const sim = this.sim;
    const nextEventAt = sim.nextEventAt.bind(sim);
    const runWindow = sim.runWindow.bind(sim);
    sim.nextEventAt = () => {
      const event = nextEventAt();
      const step = this.nextStepAtMs();
      if (step === undefined) return event;
      return event === undefined ? step : Math.min(event, step);
    };
    sim.runWindow = async (untilMs: number) => {
      const step = this.nextStepAtMs();
      if (step === undefined || step > untilMs) return runWindow(untilMs);
      if (step > sim.now()) await runWindow(step);
      await this.performDue();
    };
    this.uninstall = () => {
      // The prototype's methods show through again.
      Reflect.deleteProperty(sim, 'nextEventAt');
      Reflect.deleteProperty(sim, 'runWindow');
    };
  }
}
