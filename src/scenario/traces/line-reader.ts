// Reads a trace file line by line without holding it in memory: fixed-size chunks read
// synchronously (the runner is synchronous, so the replay pulls rows as simulated time needs
// them), gunzipped on the fly when the file is gzip (by its magic bytes, whatever its name).
//
// Why fflate and not node:zlib: zlib's streaming API is asynchronous, and a synchronous pull
// from the simulator's run loop needs an inflater that takes a chunk and returns its output at
// once; fflate's Gunzip does exactly that (multi-member files included).
import { closeSync, openSync, readSync } from 'node:fs';
import { Gunzip } from 'fflate';
import { TraceError } from './trace-error.js';

const CHUNK = 1 << 20;

/** Lines of a text file (`\n` or `\r\n`), numbered from 1. */
export class LineReader {
  /** The 1-based number of the line `next()` returned last. */
  line = 0;
  private fd: number | undefined;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private gunzip: Gunzip | undefined;
  private inflated: Uint8Array[] = [];
  private first = true;
  private eof = false;
  /** Decoded text not yet split into lines, and the cursor in it. */
  private text = '';
  private pos = 0;
  /** Keeps a UTF-8 sequence split across chunks whole (stream mode). */
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(readonly file: string) {
    try {
      this.fd = openSync(file, 'r');
    } catch (e) {
      throw new TraceError(file, 0, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }

  /** The next line without its line break, or undefined at the end of the file (which is then closed). */
  next(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl >= 0) {
        let end = nl;
        if (end > this.pos && this.text.charCodeAt(end - 1) === 13) end--;
        const out = this.text.slice(this.pos, end);
        this.pos = nl + 1;
        this.line++;
        return out;
      }
      if (this.eof) {
        if (this.pos < this.text.length) {
          const out = this.text.slice(this.pos);
          this.pos = this.text.length;
          this.line++;
          return out.endsWith('\r') ? out.slice(0, -1) : out;
        }
        this.close();
        return undefined;
      }
      this.fill();
    }
  }

  /** Closes the file early (a replay that stopped at its limit). */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private fill(): void {
    const rest = this.text.slice(this.pos);
    this.pos = 0;
    const bytes = this.readBytes();
    if (bytes === undefined) {
      this.eof = true;
      this.text = rest + this.decoder.decode();
      return;
    }
    this.text = rest + this.decoder.decode(bytes, { stream: true });
  }

  /** The next chunk of (inflated) bytes, or undefined at the end. */
  private readBytes(): Uint8Array | undefined {
    for (;;) {
      if (this.inflated.length > 0) return this.inflated.shift();
      if (this.fd === undefined) return undefined;
      const n = readSync(this.fd, this.buf, 0, CHUNK, null);
      if (this.first) {
        this.first = false;
        if (n >= 2 && this.buf[0] === 0x1f && this.buf[1] === 0x8b) {
          this.gunzip = new Gunzip((data) => {
            if (data.length > 0) this.inflated.push(data);
          });
        }
      }
      if (!this.gunzip) {
        if (n === 0) {
          this.close();
          return undefined;
        }
        // a copy: the buffer is reused by the next read while the decoder may hold a view
        return Uint8Array.prototype.slice.call(this.buf, 0, n);
      }
      try {
        this.gunzip.push(this.buf.subarray(0, n), n === 0);
      } catch (e) {
        this.close();
        const why = e instanceof Error ? e.message : String(e);
        throw new TraceError(this.file, this.line, `is not a complete gzip file (${why}${n === 0 ? ', the file ends early: truncated?' : ''}) after line ${this.line}`);
      }
      if (n === 0) {
        this.close();
        if (this.inflated.length === 0) return undefined;
      }
    }
  }
}
