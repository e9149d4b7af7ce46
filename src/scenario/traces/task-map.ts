// The replay's table of open tasks, keyed by a task's name: a number (job × 10^6 + index, see
// taskKey) or, for names that are not, a string. Trick, for speed: number keys live in an
// open-addressing table (linear probing, backward-shift deletion, typed-array keys), because
// V8's Map hashes numbers above 2^31 as heap numbers and was the replay's largest cost; strings
// go to an ordinary Map.

const EMPTY = -1;

export class TaskMap<V> {
  private keys = new Float64Array(1024).fill(EMPTY);
  private vals: (V | undefined)[] = new Array<V | undefined>(1024);
  private mask = 1023;
  private n = 0;
  private readonly strings = new Map<string, V>();

  get size(): number {
    return this.n + this.strings.size;
  }

  get(key: string | number): V | undefined {
    if (typeof key === 'string') return this.strings.get(key);
    const keys = this.keys;
    for (let i = hash(key) & this.mask; ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) return this.vals[i];
      if (k === EMPTY) return undefined;
    }
  }

  set(key: string | number, value: V): void {
    if (typeof key === 'string') {
      this.strings.set(key, value);
      return;
    }
    if (key < 0) throw new RangeError(`TaskMap keys are non-negative, got ${key}`);
    if ((this.n + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let i = hash(key) & this.mask;
    for (; keys[i] !== EMPTY; i = (i + 1) & this.mask) {
      if (keys[i] === key) {
        this.vals[i] = value;
        return;
      }
    }
    keys[i] = key;
    this.vals[i] = value;
    this.n++;
  }

  delete(key: string | number): void {
    if (typeof key === 'string') {
      this.strings.delete(key);
      return;
    }
    const keys = this.keys;
    const mask = this.mask;
    let i = hash(key) & mask;
    for (; keys[i] !== key; i = (i + 1) & mask) if (keys[i] === EMPTY) return;
    // backward-shift deletion: move later entries of the probe run into the gap, so no tombstones
    let gap = i;
    for (let j = (i + 1) & mask; keys[j] !== EMPTY; j = (j + 1) & mask) {
      const home = hash(keys[j]!) & mask;
      // entry j may fill the gap unless its home lies cyclically in (gap, j]
      if (gap <= j ? home <= gap || home > j : home <= gap && home > j) {
        keys[gap] = keys[j]!;
        this.vals[gap] = this.vals[j];
        gap = j;
      }
    }
    keys[gap] = EMPTY;
    this.vals[gap] = undefined;
    this.n--;
  }

  /** Every value (order: table order for numbers, then strings in insertion order). */
  *values(): IterableIterator<V> {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== EMPTY) yield this.vals[i]!;
    yield* this.strings.values();
  }

  clear(): void {
    this.keys.fill(EMPTY);
    this.vals.fill(undefined);
    this.n = 0;
    this.strings.clear();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const size = oldKeys.length * 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.vals = new Array<V | undefined>(size);
    this.mask = size - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === EMPTY) continue;
      let j = hash(k) & this.mask;
      while (this.keys[j] !== EMPTY) j = (j + 1) & this.mask;
      this.keys[j] = k;
      this.vals[j] = oldVals[i];
    }
  }
}

/** Mixes a non-negative whole number below 2^53 into 32 bits. */
function hash(k: number): number {
  const lo = k % 4294967296 | 0;
  const hi = (k / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return h >>> 0;
}
