// Growing a typed array: the flat stores (event slots, instance resources, feasibility leaves,
// group counts) hold numbers in typed arrays, which cannot grow in place. One helper makes the
// bigger copy, so every store grows the same way: at least double, amortised O(1) per element.

/** The typed arrays the stores use. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/**
 * `a` when it has room for `length` elements, else a copy of it with exactly `length` (new
 * elements 0). Same element type as `a`.
 */
export function withLength<T extends TypedArray>(a: T, length: number): T {
  if (length <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(length);
  (b as unknown as { set(src: ArrayLike<number>): void }).set(a);
  return b;
}

/**
 * `a` when `index` is inside it, else a copy with room for `index` and at least double the length
 * (at least `min`): what an append or a write at a new slot needs.
 */
export function withRoomFor<T extends TypedArray>(a: T, index: number, min = 16): T {
  if (index < a.length) return a;
  return withLength(a, Math.max(min, index + 1, a.length * 2));
}
