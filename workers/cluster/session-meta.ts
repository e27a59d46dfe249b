/**
 * What a browser session needs besides the store to resume a cluster after a reload: its seed, the
 * virtual time it had reached, and the scenario it plays (the loaded one and the recorded steps). A
 * tiny IndexedDB table beside the store's database.
 */
import Dexie, { type Table } from 'dexie';
import { withoutLiveQueries } from '../store/dexie-persistence';
import type { RunnableScenario } from './scenario-runner';

export interface SessionRecord {
  seed: number;
  nowMs: number;
}

/** The scenario a session plays, saved whenever a step is recorded. */
export interface ScenarioRecord {
  scenario: RunnableScenario;
  /** Absolute virtual time of the scenario's time zero. */
  startMs: number;
  /** How many of its steps the dashboard recorded. */
  recorded: number;
  /** The built-in scenario it started from, if any. */
  builtin?: string;
}

type Row = (SessionRecord & { id: 'session' }) | (ScenarioRecord & { id: 'scenario' });

class SessionDb extends Dexie {
  meta!: Table<Row, string>;
  constructor(name: string) {
    super(name, { cache: 'disabled' });
    withoutLiveQueries(this);
    this.version(1).stores({ meta: 'id' });
  }
}

export class SessionMeta {
  private readonly db: SessionDb;
  private writing = false;
  private next: SessionRecord | undefined;
  private scenarioWrite: Promise<void> = Promise.resolve();

  constructor(name: string) {
    this.db = new SessionDb(name);
  }

  async load(): Promise<SessionRecord | undefined> {
    const row = await this.db.meta.get('session');
    return row?.id === 'session' ? { seed: row.seed, nowMs: row.nowMs } : undefined;
  }

  async loadScenario(): Promise<ScenarioRecord | undefined> {
    const row = await this.db.meta.get('scenario');
    if (row?.id !== 'scenario') return undefined;
    const { id: _id, ...rec } = row;
    return rec;
  }

  /** Saves the session's scenario; writes are chained, so the last call wins. */
  saveScenario(rec: ScenarioRecord): Promise<void> {
    const write = this.scenarioWrite.then(() => this.db.meta.put({ id: 'scenario', ...rec }));
    this.scenarioWrite = write.then(
      () => undefined,
      () => undefined,
    );
    return write.then(() => undefined);
  }

  /** Saves the latest record; calls that arrive while a write is under way collapse into one. */
  async save(rec: SessionRecord): Promise<void> {
    this.next = rec;
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.next) {
        const r = this.next;
        this.next = undefined;
        await this.db.meta.put({ id: 'session', ...r });
      }
    } finally {
      this.writing = false;
    }
  }

  async clear(): Promise<void> {
    this.next = undefined;
    await this.scenarioWrite;
    await this.db.meta.clear();
  }
}
