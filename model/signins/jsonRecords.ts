/**
 * Splits a stream of JSON text into sign-in records without parsing it as a whole: a top-level array
 * of objects (portal download), Graph pages `{ "value": [...], "@odata.nextLink": … }` (one or many,
 * concatenated or one per line), or one object per line (NDJSON, diagnostic-setting records). Each
 * record's text goes to `JSON.parse` once, so memory stays flat and the cost is close to parsing
 * the records alone. Strings are skipped with `indexOf`, not byte by byte.
 */

export interface RecordText {
  text: string;
  /** Line of the record's first byte (1-based). */
  line: number;
}

import { StringDecoder } from "node:string_decoder";

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d, COLON = 0x3a, NEWLINE = 0x0a;

export class JsonRecordSplitter {
  private carry = "";
  private readonly decoder = new StringDecoder("utf8");
  /** Absolute offset of carry[0] and the line number there. */
  private base = 0;
  private pos = 0;
  private depth = 0;
  private inString = false;
  private top = 0;
  /** Offset (absolute) where the current record / top-level object began. */
  private recordStart = -1;
  private recordLine = 0;
  private objectStart = -1;
  private objectLine = 0;
  private lastString: [number, number] = [-1, -1];
  private pendingKey: string | undefined;
  private inValueArray = false;
  private pageSeen = false;
  private line = 1;

  /** Feeds a chunk; returns the records it completed. */
  push(chunk: Buffer): RecordText[] {
    // Decoded once (multi-byte characters split across chunks are kept whole); records are slices.
    this.carry += this.decoder.write(chunk);
    const out: RecordText[] = [];
    const buf = this.carry;
    let i = this.pos;
    while (i < buf.length) {
      if (this.inString) {
        const q = buf.indexOf('"', i);
        // A JSON string holds no raw newline: line counting can skip it.
        if (q === -1) { i = buf.length; break; }
        let slashes = 0;
        for (let k = q - 1; k >= i && buf.charCodeAt(k) === BACKSLASH; k--) slashes++;
        i = q + 1;
        if (slashes % 2 === 0) { this.inString = false; this.lastString[1] = this.base + q; }
        continue;
      }
      const c = buf.charCodeAt(i);
      if (c === QUOTE) { this.inString = true; this.lastString = [this.base + i, -1]; }
      else if (c === NEWLINE) this.line++;
      else if (c === COLON && this.depth === 1 && this.top === LBRACE) this.pendingKey = this.text(this.lastString[0] + 1, this.lastString[1]);
      else if (c === LBRACE || c === LBRACKET) {
        if (this.depth === 0) {
          this.top = c;
          if (c === LBRACE) { this.objectStart = this.base + i; this.objectLine = this.line; this.pageSeen = false; }
        } else if (c === LBRACE && (this.depth === 1 ? this.top === LBRACKET : this.depth === 2 && this.inValueArray)) {
          this.recordStart = this.base + i;
          this.recordLine = this.line;
        }
        if (c === LBRACKET && this.depth === 1 && this.top === LBRACE && this.pendingKey === "value") { this.inValueArray = true; this.pageSeen = true; }
        this.depth++;
      } else if (c === RBRACE || c === RBRACKET) {
        this.depth--;
        if (this.depth < 0) throw new SyntaxError(`line ${this.line}: unexpected '${String.fromCharCode(c)}'`);
        if (c === RBRACE && this.recordStart >= 0 && (this.depth === 1 || (this.depth === 2 && this.inValueArray))) {
          out.push({ text: this.text(this.recordStart, this.base + i + 1), line: this.recordLine });
          this.recordStart = -1;
        }
        if (c === RBRACKET && this.depth === 1 && this.inValueArray) this.inValueArray = false;
        if (this.depth === 0) {
          if (c === RBRACE && !this.pageSeen) out.push({ text: this.text(this.objectStart, this.base + i + 1), line: this.objectLine });
          this.objectStart = -1;
          this.top = 0;
        }
        if (this.depth === 1) this.pendingKey = undefined;
      }
      i++;
    }
    this.pos = i;
    this.trim();
    return out;
  }

  /** Call at the end of input: throws when a record or container is still open. */
  end(): void {
    if (this.inString || this.depth !== 0) throw new SyntaxError(`line ${this.line}: unexpected end of input (a record is not closed)`);
  }

  private text(from: number, to: number): string {
    return this.carry.slice(from - this.base, to - this.base);
  }

  /** Drops consumed bytes: keeps only what an open record, top-level object or string still needs. */
  private trim(): void {
    // A string at depth 1 of a top-level object may be a key whose colon is still to come.
    const keyContext = this.inString || (this.depth === 1 && this.top === LBRACE);
    const keep = [this.recordStart, this.pageSeen ? -1 : this.objectStart, keyContext ? this.lastString[0] : -1]
      .filter((x) => x >= 0);
    const from = keep.length > 0 ? Math.min(...keep) : this.base + this.pos;
    const cut = from - this.base;
    if (cut <= 0) return;
    this.carry = this.carry.slice(cut);
    this.base = from;
    this.pos -= cut;
  }
}
