/**
 * A short-lived, per-process memo of small reference rows that every public request reads (the tenant
 * by its slug, an event category list), so that a busy page or a 304 does not ask the database for
 * them each time. Entries live `ttlMs` (a change made by another instance shows up at most that much
 * later, like the data versions of the page caches); the writers of this process forget them at once.
 * Keyed by the database they came from as well: tests open several databases in one process.
 */
const dbKeys = new WeakMap<object, number>();
let nextDbKey = 0;

function keyOf(db: object): number {
  let k = dbKeys.get(db);
  if (k === undefined) {
    k = ++nextDbKey;
    dbKeys.set(db, k);
  }
  return k;
}

export class TtlMemo<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1000,
  ) {}

  async get(db: object, key: string, load: () => Promise<V>): Promise<V> {
    const k = `${keyOf(db)}|${key}`;
    const now = Date.now();
    const hit = this.entries.get(k);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    this.entries.set(k, { at: now, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** Forgets every entry (of any database: a write may run in a transaction object) the test names. */
  forget(match: (key: string, value: V) => boolean): void {
    for (const [k, e] of this.entries)
      if (match(k.slice(k.indexOf('|') + 1), e.value)) this.entries.delete(k);
  }
}
