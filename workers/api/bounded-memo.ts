/**
 * A memo of values by key with a hard limit (TIGER_STYLE: a limit on everything). The keys a cluster
 * produces are few (quantities, image references, namespaces, label texts), so lookups nearly always
 * hit; a flood of distinct keys empties it rather than growing it. Values must be pure functions of
 * their keys, so forgetting one only costs computing it again.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`memo limit must be at least 1, got ${limit}`);
  }

  /** The value kept for `key`, if any. */
  get(key: K): V | undefined {
    return this.values.get(key);
  }

  /** Keeps `value` for `key` (emptying the memo first when it is full) and returns it. */
  remember(key: K, value: V): V {
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }

  /** How many values are kept now. */
  get size(): number {
    return this.values.size;
  }
}

/** Interns strings: equal texts come back as one shared string, so thousands of holders share it. */
export class StringInterner {
  private readonly memo: BoundedMemo<string, string>;

  constructor(limit: number) {
    this.memo = new BoundedMemo(limit);
  }

  /** The shared string equal to `text`. */
  intern(text: string): string {
    return this.memo.get(text) ?? this.memo.remember(text, text);
  }

  /** How many distinct texts are kept now. */
  get size(): number {
    return this.memo.size;
  }
}
