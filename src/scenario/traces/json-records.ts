// Splits a JSON trace into records without holding the file: one object per line (JSON lines),
// or the elements of a top-level JSON array (pretty-printed or not), each element's text handed
// on with the line it starts on so an error can point at it. JSON.parse does the parsing; this
// only finds where each array element starts and ends (tracking strings and nesting depth). An
// array written on a single line is read a line at a time like everything else, so it is held whole.
import { LineReader } from './line-reader.js';
import { TraceError } from './trace-error.js';

export class JsonRecordReader {
  /** The line the record `next()` returned last starts on. */
  line = 0;
  private mode: 'unknown' | 'lines' | 'array' | 'done' = 'unknown';
  /** Array mode: the rest of the current line not yet scanned, and the element being collected. */
  private rest = '';
  private restLine = 0;
  private parts: string[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine = 0;

  constructor(private readonly lines: LineReader) {}

  get file(): string {
    return this.lines.file;
  }

  /** The next record's text, or undefined at the end. */
  next(): string | undefined {
    if (this.mode === 'lines') return this.nextLine();
    if (this.mode === 'unknown') {
      for (;;) {
        const text = this.lines.next();
        if (text === undefined) return undefined;
        const trimmed = text.trimStart();
        if (trimmed === '') continue;
        if (trimmed.startsWith('[')) {
          this.mode = 'array';
          this.rest = trimmed.slice(1);
          this.restLine = this.lines.line;
          break;
        }
        this.mode = 'lines';
        this.line = this.lines.line;
        return text;
      }
    }
    if (this.mode === 'done') return undefined;
    return this.nextElement();
  }

  private nextLine(): string | undefined {
    for (;;) {
      const text = this.lines.next();
      if (text === undefined) return undefined;
      if (text.trim() === '') continue;
      this.line = this.lines.line;
      return text;
    }
  }

  private nextElement(): string | undefined {
    for (;;) {
      const s = this.rest;
      let from = 0;
      for (let i = 0; i < s.length; i++) {
        const ch = s.charCodeAt(i);
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (ch === 92 /* \ */) this.escaped = true;
          else if (ch === 34 /* " */) this.inString = false;
          continue;
        }
        if (this.depth === 0) {
          if (ch === 123 /* { */ || ch === 91 /* [ */) {
            this.depth = 1;
            from = i;
            this.startLine = this.restLine;
          } else if (ch === 93 /* ] */) {
            this.mode = 'done';
            this.checkTrailing(s.slice(i + 1));
            return undefined;
          } else if (ch !== 44 /* , */ && ch !== 32 && ch !== 9 && ch !== 13) {
            // not an object: hand on the text up to the next comma or bracket for the reader to reject
            let j = i;
            while (j < s.length && s[j] !== ',' && s[j] !== ']') j++;
            this.rest = s.slice(j);
            this.line = this.restLine;
            return s.slice(i, j).trim();
          }
          continue;
        }
        if (ch === 34) this.inString = true;
        else if (ch === 123 || ch === 91) this.depth++;
        else if (ch === 125 || ch === 93) {
          this.depth--;
          if (this.depth === 0) {
            this.parts.push(s.slice(from, i + 1));
            this.rest = s.slice(i + 1);
            return this.emit();
          }
        }
      }
      if (this.depth > 0) this.parts.push(s.slice(from) + '\n');
      const text = this.lines.next();
      if (text === undefined) {
        this.mode = 'done';
        throw new TraceError(this.file, this.lines.line, this.depth > 0 ? `the JSON array ends inside an element that starts on line ${this.startLine}: truncated?` : 'expected "]" to close the JSON array, the file ends first: truncated?');
      }
      this.rest = text;
      this.restLine = this.lines.line;
    }
  }

  private emit(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.line = this.startLine;
    return text;
  }

  private checkTrailing(after: string): void {
    let extra = after.trim();
    for (;;) {
      if (extra !== '') throw new TraceError(this.file, this.restLine, `expected nothing after the JSON array's closing "]", got ${JSON.stringify(extra.slice(0, 20))}`);
      const text = this.lines.next();
      if (text === undefined) return;
      extra = text.trim();
      this.restLine = this.lines.line;
    }
  }
}
