// A trace file that cannot be read as its format: where (file and 1-based line) and what was
// expected there. One error per file: a replay stops at the first structural fault, because the
// rows after a wrong column count or a broken gzip member cannot be trusted either.

export class TraceError extends Error {
  override readonly name = 'TraceError';

  constructor(
    readonly file: string,
    /** 1-based; 0 when the fault is the file as a whole (unreadable, unknown format). */
    readonly line: number,
    /** What was wrong, as a sentence fragment: `expected 13 columns, got 12`. */
    readonly detail: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
  }
}

/** A fault a row reader found in one row; the replay adds the file and line. */
export class RowError extends Error {
  override readonly name = 'RowError';
}
