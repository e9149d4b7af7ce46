// Maps from UUID strings to records, for registries that hold millions of entries. UuidMap keys
// records by a string each gives (`keyOf`) and behaves as a Map<string, T> for get/set/has;
// SlotUuidMap keys records numbered by the caller by the UUID words the caller keeps at each number.
//
// Performance trick (documented because it is one): a Map with millions of string keys costs a
// hash-table entry object per key and, on a machine with slow memory, a cache miss or two per
// insert in scattered buckets. Here the table is one Int32Array of (hash, index) pairs with
// linear probing, and the records sit in one array in insertion order; the hash reads only the
// first 8 characters, which for a random UUID are 32 random bits. Any string may be looked up:
// a candidate is accepted only when its record's key is exactly the key looked up.
// Deleting leaves a hole in the records (a tombstone the probe walks past); once holes are half the
// records, both arrays are rebuilt, so a map that forgets as fast as it learns stays the size of
// what it holds (stopped-task retention forgets tasks an hour after they stop).

import { uuidWords } from './arn.js';

const EMPTY = 0;

export class UuidMap<T> {
  private items: (T | undefined)[] = [];
  /** Deleted records still occupying a place in `items` (and a cell in `table`). */
  private holes = 0;
  /** Pairs (hash, index + 1); index + 1 === 0 marks an empty cell. */
  private table = new Int32Array(2 * 1024);
  private mask = 1023;

  /** @param keyOf the UUID a record is filed under (the same string for as long as it is here) */
  constructor(private readonly keyOf: (item: T) => string) {}

  /** Number of records. */
  get size(): number {
    return this.items.length - this.holes;
  }

  get(uuid: string): T | undefined {
    const v = this.cellOf(uuid);
    return v < 0 ? undefined : this.items[this.table[2 * v + 1]! - 1];
  }

  /** The table cell holding `uuid`'s record, or -1. */
  private cellOf(uuid: string): number {
    const h = hash8(uuid);
    const t = this.table;
    const m = this.mask;
    for (let i = h & m; ; i = (i + 1) & m) {
      const v = t[2 * i + 1]!;
      if (v === EMPTY) return -1;
      if (t[2 * i] === h && this.keyed(v - 1) === uuid) return i;
    }
  }

  /** The key of the record at `items[i]`, or undefined for a hole. */
  private keyed(i: number): string | undefined {
    const item = this.items[i];
    return item === undefined ? undefined : this.keyOf(item);
  }

  has(uuid: string): boolean {
    return this.get(uuid) !== undefined;
  }

  /**
   * Adds `item` under `uuid` (which must be its key), replacing a record with the same UUID.
   * @throws RangeError when `uuid` is not `keyOf(item)`.
   */
  set(uuid: string, item: T): this {
    const key = this.keyOf(item);
    if (key !== uuid) throw new RangeError(`UuidMap.set: key ${uuid} is not the record's uuid ${key}`);
    if (2 * (this.items.length + 1) > this.mask + 1) this.grow();
    const h = hash8(uuid);
    const t = this.table;
    const m = this.mask;
    let i = h & m;
    for (; ; i = (i + 1) & m) {
      const v = t[2 * i + 1]!;
      if (v === EMPTY) break;
      if (t[2 * i] === h && this.keyed(v - 1) === uuid) {
        this.items[v - 1] = item;
        return this;
      }
    }
    this.items.push(item);
    t[2 * i] = h;
    t[2 * i + 1] = this.items.length;
    return this;
  }

  /** Removes the record under `uuid`; false when there was none. */
  delete(uuid: string): boolean {
    const cell = this.cellOf(uuid);
    if (cell < 0) return false;
    this.items[this.table[2 * cell + 1]! - 1] = undefined;
    this.holes++;
    if (this.holes >= 1024 && 2 * this.holes > this.items.length) this.compact();
    return true;
  }

  /** Records in insertion order. */
  *values(): IterableIterator<T> {
    for (const item of this.items) if (item !== undefined) yield item;
  }

  /** Drops the holes: the records close up (order kept) and the table is rebuilt for what is left. */
  private compact(): void {
    const live: T[] = [];
    for (const item of this.items) if (item !== undefined) live.push(item);
    let cells = 1024;
    while (2 * (live.length + 1) > cells) cells *= 2;
    this.items = [];
    this.holes = 0;
    this.table = new Int32Array(2 * cells);
    this.mask = cells - 1;
    for (const item of live) this.set(this.keyOf(item), item);
  }

  private grow(): void {
    const old = this.table;
    const cells = 2 * (this.mask + 1);
    const t = new Int32Array(2 * cells);
    const m = cells - 1;
    for (let j = 0; j < old.length; j += 2) {
      const v = old[j + 1]!;
      if (v === EMPTY) continue;
      const h = old[j]!;
      let i = h & m;
      while (t[2 * i + 1] !== EMPTY) i = (i + 1) & m;
      t[2 * i] = h;
      t[2 * i + 1] = v;
    }
    this.table = t;
    this.mask = m;
  }
}

/** FNV-1a over the first 8 UTF-16 units of `s`, mixed so the low bits depend on all of them. */
function hash8(s: string): number {
  let h = 0x811c9dc5 | 0;
  const n = s.length < 8 ? s.length : 8;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/** The UUIDs of the records a SlotUuidMap holds, as the caller keeps them: four 32-bit words per number. */
export interface SlotWords {
  /** Word j (0-3, most significant first, as uuidWords reads them) of the UUID of the record at number `slot`. */
  word(slot: number, j: number): number;
}

/**
 * A map from UUID strings to records that the caller numbers with small reusable integers (a
 * live task's live index): the record sits at its number, its UUID is the four words `words` keeps
 * at that number (so a record need not carry its UUID as a string), and the hash table holds
 * (hash, number + 1) pairs with linear probing, hashed by the first word (already random) and
 * confirmed by all four. For a set that changes as fast as it is read (tasks live a minute and
 * stop), deletion shifts the following cells back instead of leaving a tombstone, so the table
 * never needs rebuilding for what was deleted. The words at a number must not change while a
 * record is there.
 *
 * Performance trick: records are hashed only when someone looks one up. `set` files the record at
 * its number and notes the number as pending; the first `get` after it hashes every pending record
 * still there. A scenario run places and stops a million tasks and never looks one up by UUID, so
 * it pays no hash and no probe; a record that comes and goes between two lookups is never hashed.
 */
export class SlotUuidMap<T> {
  private items: (T | undefined)[] = [];
  /** 1 at a number whose record is in the hash table. */
  private hashed: Uint8Array = new Uint8Array(1024);
  /** Numbers set since the last lookup (some since deleted or hashed: skipped at catch-up). */
  private pending: Int32Array = new Int32Array(1024);
  private pendingCount = 0;
  private table = new Int32Array(2 * 1024);
  private mask = 1023;
  private count = 0;
  /** Records in the hash table. */
  private inTable = 0;
  /** The words of a UUID being looked up. */
  private readonly scratch = new Uint32Array(4);

  constructor(private readonly words: SlotWords) {}

  get size(): number {
    return this.count;
  }

  /** The record whose UUID is exactly `uuid` (spelled as uuidOfWords spells its words), or undefined. */
  get(uuid: string): T | undefined {
    const w = this.scratch;
    if (!uuidWords(uuid, w, 0)) return undefined;
    if (this.pendingCount > 0) this.catchUp();
    const w0 = w[0]!;
    const h = hashWord(w0);
    const t = this.table;
    const m = this.mask;
    const words = this.words;
    for (let i = h & m; ; i = (i + 1) & m) {
      const v = t[2 * i + 1]!;
      if (v === EMPTY) return undefined;
      if (t[2 * i] === h) {
        const slot = v - 1;
        if (words.word(slot, 0) === w0 && words.word(slot, 1) === w[1] && words.word(slot, 2) === w[2] && words.word(slot, 3) === w[3]) return this.items[slot];
      }
    }
  }

  /**
   * Adds `item` under its UUID at number `slot` (>= 0), which must be free and whose UUID must not be here.
   * @throws RangeError when `slot` is taken.
   */
  set(slot: number, item: T): void {
    if (this.items[slot] !== undefined) throw new RangeError(`SlotUuidMap.set: slot ${slot} is taken`);
    while (this.items.length < slot) this.items.push(undefined);
    this.items[slot] = item;
    this.count++;
    if (slot >= this.hashed.length) this.hashed = grownBytes(this.hashed, slot);
    if (this.pendingCount === this.pending.length) this.prunePending();
    this.pending[this.pendingCount++] = slot;
  }

  /** Removes the record at number `slot`; false when there was none. */
  delete(slot: number): boolean {
    if (this.items[slot] === undefined) return false;
    this.items[slot] = undefined;
    this.count--;
    if (this.hashed[slot] === 0) return true;
    this.hashed[slot] = 0;
    this.inTable--;
    const t = this.table;
    const m = this.mask;
    let i = hashWord(this.words.word(slot, 0)) & m;
    while (t[2 * i + 1] !== slot + 1) i = (i + 1) & m;
    // backward-shift deletion: pull back every following cell that may sit at the hole
    for (let j = (i + 1) & m; t[2 * j + 1] !== EMPTY; j = (j + 1) & m) {
      const home = t[2 * j]! & m;
      // j's entry may move to i when its home is not in the cyclic range (i, j]
      const movable = i <= j ? home <= i || home > j : home <= i && home > j;
      if (movable) {
        t[2 * i] = t[2 * j]!;
        t[2 * i + 1] = t[2 * j + 1]!;
        i = j;
      }
    }
    t[2 * i] = 0;
    t[2 * i + 1] = EMPTY;
    return true;
  }

  /** Hashes every record set since the last lookup and still here. */
  private catchUp(): void {
    const pending = this.pending;
    for (let k = 0; k < this.pendingCount; k++) {
      const slot = pending[k]!;
      if (this.items[slot] === undefined || this.hashed[slot] === 1) continue;
      if (2 * (this.inTable + 1) > this.mask + 1) this.grow();
      this.place(this.table, this.mask, hashWord(this.words.word(slot, 0)), slot + 1);
      this.hashed[slot] = 1;
      this.inTable++;
    }
    this.pendingCount = 0;
  }

  /** The pending list is full: keeps only the numbers still awaiting their hash (at most every record), with room to spare. */
  private prunePending(): void {
    const pending = this.pending;
    let n = 0;
    for (let k = 0; k < this.pendingCount; k++) {
      const slot = pending[k]!;
      if (this.items[slot] !== undefined && this.hashed[slot] === 0) pending[n++] = slot;
    }
    this.pendingCount = n;
    if (2 * n > pending.length) {
      const bigger = new Int32Array(2 * pending.length);
      bigger.set(pending.subarray(0, n));
      this.pending = bigger;
    }
  }

  private place(t: Int32Array, m: number, h: number, v: number): void {
    let i = h & m;
    while (t[2 * i + 1] !== EMPTY) i = (i + 1) & m;
    t[2 * i] = h;
    t[2 * i + 1] = v;
  }

  private grow(): void {
    const old = this.table;
    const cells = 2 * (this.mask + 1);
    const t = new Int32Array(2 * cells);
    const m = cells - 1;
    for (let j = 0; j < old.length; j += 2) if (old[j + 1] !== EMPTY) this.place(t, m, old[j]!, old[j + 1]!);
    this.table = t;
    this.mask = m;
  }
}

/** Spreads a UUID's first word (already random) over the low bits, as an int32 (what the table holds). */
function hashWord(w: number): number {
  return Math.imul(w ^ (w >>> 16), 0x45d9f3b) | 0;
}

/** `a` grown to hold index `i` (doubling), contents kept. */
function grownBytes(a: Uint8Array, i: number): Uint8Array {
  let n = a.length;
  while (n <= i) n *= 2;
  const out = new Uint8Array(n);
  out.set(a);
  return out;
}
