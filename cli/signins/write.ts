/**
 * Writes Graph `signIn` objects as one of the exports users have (model/signins/formats.ts), streaming:
 * records are buffered a few MB at a time, so a 300 MB file takes no more memory than a small one.
 * Files are written under a temporary name and renamed when complete (nothing half-written is left).
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { csvLine, diagnosticRecord, laCsvHeader, laCsvValues, laRow, PORTAL_CSV_HEADER, portalCsvValues, type SignInFormat } from "../../model/signins/formats";

type Obj = Record<string, unknown>;

/** One output file: appends text, flushes in large writes, renames into place on close. */
class OutFile {
  private readonly tmp: string;
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(readonly file: string, private readonly gzip: boolean) {
    this.tmp = `${file}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "w");
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 4 << 20) this.flush();
  }

  private flush(): void {
    const buf = Buffer.from(this.parts.join(""), "utf8");
    this.parts = [];
    this.size = 0;
    this.bytes += buf.length;
    // gzip members concatenate into one valid gzip stream (RFC 1952 §2.2).
    writeSync(this.fd, this.gzip ? gzipSync(buf) : buf);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.file);
  }

  abort(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}

export interface WriteOptions {
  format: SignInFormat;
  dir: string;
  gzip?: boolean;
  /** Records per Graph page (Graph returns at most 1,000). */
  pageSize?: number;
}

/** Writes the records; returns the files written with their sizes (uncompressed bytes). */
export function writeSignIns(records: Iterable<Obj>, o: WriteOptions): { file: string; bytes: number; records: number }[] {
  mkdirSync(o.dir, { recursive: true });
  const ext = o.gzip ? ".gz" : "";
  const open = new Map<string, OutFile & { records: number }>();
  const done: { file: string; bytes: number; records: number }[] = [];
  const file = (name: string, header?: () => string): OutFile & { records: number } => {
    let f = open.get(name);
    if (!f) {
      f = Object.assign(new OutFile(path.join(o.dir, name + ext), o.gzip === true), { records: 0 });
      open.set(name, f);
      if (header) f.write(header());
    }
    return f;
  };
  const finish = (name: string, trailer?: string) => {
    const f = open.get(name);
    if (!f) return;
    if (trailer) f.write(trailer);
    f.close();
    open.delete(name);
    done.push({ file: f.file, bytes: f.bytes, records: f.records });
  };
  const pageSize = o.pageSize ?? 1000;
  let page = 0, inPage = 0;
  const pageName = () => `signins-page-${String(page + 1).padStart(4, "0")}.json`;
  try {
    for (const s of records) {
      const interactive = s.isInteractive !== false;
      switch (o.format) {
        case "graph-pages": {
          const f = file(pageName(), () => `{"@odata.context":"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns","value":[`);
          f.write((inPage > 0 ? "," : "") + JSON.stringify(s));
          f.records++;
          if (++inPage === pageSize) {
            const name = pageName();
            page++;
            inPage = 0;
            finish(name, `],"@odata.nextLink":"https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=${page}"}\n`);
          }
          break;
        }
        case "graph-array": {
          const f = file("signins.json", () => "[\n");
          f.write((f.records++ > 0 ? ",\n" : "") + JSON.stringify(s, null, 2));
          break;
        }
        case "ndjson": { const f = file("signins.ndjson"); f.write(JSON.stringify(s) + "\n"); f.records++; break; }
        case "diagnostic": { const f = file("signins.diagnostic.json"); f.write(JSON.stringify(diagnosticRecord(s)) + "\n"); f.records++; break; }
        case "la-json": {
          const f = file("signins.loganalytics.json", () => "[");
          f.write((f.records++ > 0 ? ",\n" : "") + JSON.stringify(laRow(s)));
          break;
        }
        case "la-csv": {
          const f = file(interactive ? "SigninLogs.csv" : "AADNonInteractiveUserSignInLogs.csv", () => csvLine(laCsvHeader()));
          f.write(csvLine(laCsvValues(s)));
          f.records++;
          break;
        }
        case "portal-csv": {
          const f = file(interactive ? "InteractiveSignIns.csv" : "NonInteractiveSignIns.csv", () => csvLine(PORTAL_CSV_HEADER));
          f.write(csvLine(portalCsvValues(s)));
          f.records++;
          break;
        }
      }
    }
    if (o.format === "graph-pages") finish(pageName(), "]}\n");
    finish("signins.json", "\n]\n");
    finish("signins.loganalytics.json", "]\n");
    for (const name of [...open.keys()]) finish(name);
  } catch (e) {
    for (const f of open.values()) f.abort();
    throw e;
  }
  return done.sort((a, b) => a.file.localeCompare(b.file));
}
