/**
 * Splits a stream of JSON text into sign-in records without parsing it as a whole: a top-level array
 * of objects (portal download), Graph pages `{ "value": [...], "@odata.nextLink": … }` (one or many,
 * concatenated or one per line), or one object per line (NDJSON, diagnostic-setting records). Each
 * record's text goes to `JSON.parse` once, so memory stays flat and the cost is close to parsing
 * the records alone. Strings are skipped with `indexOf`, not byte by byte.
 */

/** Where the splitter puts records: an array, or a consumer that takes each at once. */
export interface RecordSink { push(r: RecordText): unknown }

export interface RecordText {
  /** The record's JSON text (slow path: the reader parses it). */
  text?: string;
  /** The parsed record (fast path: parsed once, here). */
  value?: unknown;
  /** Line of the record's first byte (1-based). */
  line: number;
}

/**
 * Where a Graph `signIn` record ends and the next begins: `}`, a comma, then an object whose first
 * two keys are `id` and `createdDateTime` (the order Graph serializes them in). Only a hint: a slice
 * is taken as a record only when JSON.parse accepts it whole (see `fastArray`).
 */
const SIGNIN_HEAD = /\{\s*"id"\s*:\s*"[^"\\]*"\s*,\s*"createdDateTime"\s*:/y;
const NEXT_SIGNIN = /\}\s*,\s*(?=\{\s*"id"\s*:\s*"[^"\\]*"\s*,\s*"createdDateTime"\s*:)/g;
const COMPACT_HEAD = '{"id":"';
const COMPACT_NEXT = '},{"id":"';
const COMPACT_TIME = ',"createdDateTime":';

/** End (exclusive) of the record before the next compact `{"id":"…","createdDateTime":`; indexOf, not a regex. */
function nextCompact(buf: string, from: number): number {
  for (let k = buf.indexOf(COMPACT_NEXT, from); k !== -1; k = buf.indexOf(COMPACT_NEXT, k + 1)) {
    const q = buf.indexOf('"', k + COMPACT_NEXT.length);
    if (q === -1) return -1;
    if (buf.startsWith(COMPACT_TIME, q + 1)) return k + 1;
  }
  return -1;
}

function nextPretty(buf: string, from: number): number {
  NEXT_SIGNIN.lastIndex = from;
  const m = NEXT_SIGNIN.exec(buf);
  return m ? m.index + 1 : -1;
}

/** After this many slices that were not records, the fast path stops trying for the file. */
const MAX_FAST_MISSES = 8;

/** Newlines in s[from, to): searched in a slice, so a text without newlines is not scanned to its end. */
const countLines = (s: string, from = 0, to = s.length): number => {
  if (to <= from) return 0;
  const part = from === 0 && to === s.length ? s : s.slice(from, to);
  let n = 0;
  for (let k = part.indexOf("\n"); k !== -1; k = part.indexOf("\n", k + 1)) n++;
  return n;
};
const isWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";

/** Bytes of a split character the decoder still holds (`lastNeed`, kept by Node for compatibility); unknown counts as some. */
const pendingBytes = (d: StringDecoder): number => (d as unknown as { lastNeed?: number }).lastNeed ?? 1;

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d, COLON = 0x3a, NEWLINE = 0x0a;

export class JsonRecordSplitter {
  private carry = "";
  private readonly decoder = new StringDecoder("utf8");
  /** The decoder holds no partial character: an ASCII chunk can be taken as Latin-1 (same text, 3× faster). */
  private decoderEmpty = true;
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
  private fastMisses = 0;

  /**
   * Feeds a chunk; gives each record it completes to `out` as soon as it is parsed (a sink that
   * consumes it lets the parsed object die young) and returns `out`.
   */
  push(chunk: Buffer): RecordText[];
  push<S extends RecordSink>(chunk: Buffer, out: S): S;
  push(chunk: Buffer, out: RecordSink = []): RecordSink {
    // Decoded once (multi-byte characters split across chunks are kept whole); records are slices.
    if (this.decoderEmpty && isAscii(chunk)) this.carry += chunk.toString("latin1");
    else {
      this.carry += this.decoder.write(chunk);
      this.decoderEmpty = pendingBytes(this.decoder) === 0;
    }
    const buf = this.carry;
    let i = this.pos;
    while (i < buf.length) {
      if (this.fastMisses < MAX_FAST_MISSES && !this.inString && this.recordStart < 0) {
        const next = this.depth === 0 ? this.fastLine(buf, i, out) : this.betweenRecords() ? this.fastArray(buf, i, out) : -1;
        if (next >= 0) { i = next; continue; }
      }
      if (this.inString) {
        const q = buf.indexOf('"', i);
        // A JSON string holds no raw newline: line counting can skip it.
        if (q === -1) { i = buf.length; break; }
        // Backslashes before the quote count from the string's start, not this chunk's: an escape may end the previous chunk.
        const opened = this.lastString[0] - this.base;
        let slashes = 0;
        for (let k = q - 1; k > opened && buf.charCodeAt(k) === BACKSLASH; k--) slashes++;
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

  private betweenRecords(): boolean {
    return (this.depth === 1 && this.top === LBRACKET) || (this.depth === 2 && this.inValueArray);
  }

  /**
   * Between records of an array: the next record parsed whole when it ends where NEXT_SIGNIN says.
   * A slice that starts at a record's `{` and that JSON.parse accepts whole is exactly that record
   * (a JSON value has one end), so the result equals the slow path's. Returns the position after
   * the record, or -1 to let the slow path take it (the last record of an array, other shapes).
   */
  private fastArray(buf: string, i: number, out: RecordSink): number {
    let j = i;
    while (j < buf.length && isWhitespace(buf.charCodeAt(j))) j++;
    if (buf.charCodeAt(j) === 0x2c) { j++; while (j < buf.length && isWhitespace(buf.charCodeAt(j))) j++; }
    if (buf.charCodeAt(j) !== LBRACE) return -1;
    // Records of another shape (Log Analytics rows): stop trying after a few, without scanning ahead.
    SIGNIN_HEAD.lastIndex = j;
    if (!SIGNIN_HEAD.test(buf)) { this.fastMisses++; return -1; }
    const end = buf.startsWith(COMPACT_HEAD, j) ? nextCompact(buf, j + 1) : nextPretty(buf, j + 1);
    if (end < 0) return -1;
    const text = buf.slice(j, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.fastMisses++;
      return -1;
    }
    const line = this.line + countLines(buf, i, j);
    out.push({ value, line });
    this.line = line + countLines(text);
    return end;
  }

  /**
   * Between top-level values: a whole line parsed at once (NDJSON, diagnostic records, a compact page
   * per line). A page's records are its `value` array's items, as in the slow path.
   */
  private fastLine(buf: string, i: number, out: RecordSink): number {
    let j = i;
    let lines = 0;
    while (j < buf.length && isWhitespace(buf.charCodeAt(j))) { if (buf.charCodeAt(j) === NEWLINE) lines++; j++; }
    if (j === buf.length) { this.line += lines; return j; }
    if (buf.charCodeAt(j) !== LBRACE) return -1;
    const nl = buf.indexOf("\n", j);
    if (nl === -1) return -1;
    let value: unknown;
    try {
      value = JSON.parse(buf.slice(j, nl));
    } catch {
      this.fastMisses++;
      return -1;
    }
    const line = this.line + lines;
    const page = (value as { value?: unknown }).value;
    if (Array.isArray(page)) for (const v of page) { if (v && typeof v === "object" && !Array.isArray(v)) out.push({ value: v, line }); }
    else out.push({ value, line });
    this.line = line + 1;
    return nl + 1;
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
