/**
 * Reads sign-in exports as a stream of records, in constant memory: Graph JSON (array, pages, NDJSON,
 * diagnostic records), portal CSV and Log Analytics CSV/JSON exports, each optionally gzipped, in
 * UTF-8 (with or without BOM) or UTF-16LE with BOM. A malformed record is reported by file and line
 * and skipped, or ends the read with `strict`.
 */
import { readdirSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import * as path from "node:path";
import { createGunzip } from "node:zlib";
import { parse as parseCsv } from "csv-parse";
import { JsonRecordSplitter, type RecordText } from "../../model/signins/jsonRecords";
import { csvRowToSignIn, SignInRecordError, toSignInRecord, type SignInRecord } from "../../model/signins/record";
import { UsageError } from "../io";

export interface ReadOptions {
  /** Refuse the input at the first malformed record instead of skipping it. */
  strict?: boolean;
  /** Told each skipped record: `file:line: problem`. */
  onSkipped?: (message: string) => void;
  /** Told as each file is read: bytes read so far (compressed bytes for gzip) of its size. */
  onProgress?: (file: string, bytesRead: number, size: number) => void;
}

/** Files named by the portal's downloads say which kind of sign-in they hold. */
function interactiveHint(file: string): boolean | undefined {
  const base = path.basename(file).toLowerCase();
  if (/non[-_ ]?interactive/.test(base)) return false;
  if (/interactive/.test(base)) return true;
  return undefined;
}

export function expandInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of inputs) {
    let st;
    try { st = statSync(p); } catch (e) { throw new UsageError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`); }
    if (st.isDirectory()) {
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
          const full = path.join(d, e.name);
          if (e.isDirectory()) walk(full);
          else if (/\.(json|ndjson|jsonl|csv)(\.gz)?$/i.test(e.name)) out.push(full);
        }
      };
      walk(p);
    } else if (st.isFile()) out.push(p);
    else throw new UsageError(`${p}: not a regular file`);
  }
  if (out.length === 0) throw new UsageError(`${inputs.join(", ")}: no sign-in files (.json, .ndjson, .csv, optionally .gz)`);
  return out;
}

/** Reads of this size, the next one started before the current chunk is parsed (reading overlaps parsing). */
const CHUNK = 1 << 20;

/** The file's raw bytes, in chunks: one await per chunk, no stream machinery. */
async function* fileBytes(file: string, onProgress?: ReadOptions["onProgress"]): AsyncGenerator<Buffer> {
  const fh = await open(file, "r");
  try {
    const size = onProgress ? (await fh.stat()).size : 0;
    let pos = 0;
    const readAt = (at: number) => { const buf = Buffer.allocUnsafe(CHUNK); return fh.read(buf, 0, CHUNK, at).then(({ bytesRead }) => buf.subarray(0, bytesRead)); };
    for (let next = readAt(0); ;) {
      const chunk = await next;
      if (chunk.length === 0) break;
      pos += chunk.length;
      next = readAt(pos);
      onProgress?.(file, pos, size);
      yield chunk;
    }
  } finally {
    await fh.close();
  }
}

/** The file's bytes, gunzipped when gzip, as UTF-8 (a UTF-16LE BOM is transcoded, a UTF-8 BOM dropped). */
async function* utf8Chunks(file: string, onProgress?: ReadOptions["onProgress"]): AsyncGenerator<Buffer> {
  const raw = fileBytes(file, onProgress);
  const head = await raw.next();
  if (head.done) return;
  async function* rawAll(): AsyncGenerator<Buffer> { yield head.value as Buffer; yield* raw; }
  const gzip = head.value[0] === 0x1f && head.value[1] === 0x8b;
  const source: AsyncIterable<Buffer> = gzip ? Readable.from(rawAll(), { objectMode: false }).pipe(createGunzip({ chunkSize: CHUNK })) : rawAll();
  let first = true;
  let utf16: InstanceType<typeof TextDecoder> | undefined;
  for await (const chunk of source) {
    let c = chunk as Buffer;
    if (first) {
      first = false;
      if (c[0] === 0xff && c[1] === 0xfe) { utf16 = new TextDecoder("utf-16le"); c = c.subarray(2); }
      else if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
    }
    yield utf16 ? Buffer.from(utf16.decode(c, { stream: true }), "utf8") : c;
  }
}

/** Every sign-in record of the inputs, in file order. */
export async function* readSignIns(inputs: readonly string[], opts: ReadOptions = {}): AsyncGenerator<SignInRecord> {
  for await (const batch of readSignInBatches(inputs, opts)) yield* batch;
}

/** The same records in batches (one per chunk read): one await per batch instead of one per record. */
export async function* readSignInBatches(inputs: readonly string[], opts: ReadOptions = {}): AsyncGenerator<SignInRecord[]> {
  for (const file of expandInputs(inputs)) {
    const hint = interactiveHint(file);
    const problem = (line: number, message: string) => {
      const text = `${file}:${line}: ${message}`;
      if (opts.strict) throw new UsageError(text);
      opts.onSkipped?.(text);
    };
    const chunks = utf8Chunks(file, opts.onProgress);
    const firstChunk = await chunks.next();
    if (firstChunk.done) continue;
    const firstByte = firstChunk.value.toString("utf8", 0, 64).trimStart()[0];
    async function* all(): AsyncGenerator<Buffer> { yield firstChunk.value as Buffer; yield* chunks; }
    if (firstByte === "[" || firstByte === "{") {
      const splitter = new JsonRecordSplitter();
      try {
        for await (const chunk of all()) {
          const batch: SignInRecord[] = [];
          // Normalised as the splitter parses it: the parsed Graph object is garbage before the next one is parsed.
          splitter.push(chunk, {
            push(r: RecordText) {
              try {
                batch.push(toSignInRecord(r.value !== undefined ? r.value : JSON.parse(r.text!), hint));
              } catch (e) {
                if (e instanceof SyntaxError || e instanceof SignInRecordError) problem(r.line, (e as Error).message);
                else throw e;
              }
            },
          });
          if (batch.length) yield batch;
        }
        splitter.end();
      } catch (e) {
        if (e instanceof SyntaxError) throw new UsageError(`${file}: not valid JSON (${e.message})`);
        throw e;
      }
    } else {
      const parser = parseCsv({ columns: true, bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
      const feed = (async () => { for await (const chunk of all()) if (!parser.write(chunk)) await new Promise((r) => parser.once("drain", r)); parser.end(); })();
      feed.catch((e) => parser.destroy(e));
      try {
        for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
          let record: SignInRecord | undefined;
          try {
            record = csvRowToSignIn(row.record, hint);
          } catch (e) {
            if (e instanceof SignInRecordError) problem(row.info.lines, e.message);
            else throw e;
          }
          if (record) yield [record];
        }
      } catch (e) {
        if ((e as { code?: string }).code?.startsWith("CSV_")) throw new UsageError(`${file}: not valid CSV (${(e as Error).message})`);
        throw e;
      }
      await feed;
    }
  }
}
