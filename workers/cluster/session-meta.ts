/**
 * What a browser session needs besides the store to resume a cluster after a reload: its seed and
 * the virtual time it had reached. A tiny IndexedDB table beside the store's database.
 */
import Dexie, { type Table } from 'dexie';

export interface SessionRecord {
  seed: number;
  nowMs: number;
}

interface Row extends SessionRecord {
  id: 'session';
}

class SessionDb extends Dexie {
  meta!: Table<Row, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ meta: 'id' });
  }
}

export class SessionMeta {
  private readonly db: SessionDb;
  private writing = false;
  private next: SessionRecord | undefined;

  constructor(name: string) {
    this.db = new SessionDb(name);
  }

  async load(): Promise<SessionRecord | undefined> {
    const row = await this.db.meta.get('session');
    return row ? { seed: row.seed, nowMs: row.nowMs } : undefined;
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
    await this.db.meta.clear();
  }
}
