/**
 * Writing `guardrails:incident` into a stack config file and removing it again as a text edit: apply
 * inserts one block at the end of the `config:` mapping in the file's own newline style and
 * indentation, revert removes exactly that block, so the file comes back byte for byte whatever its
 * formatting (CRLF, BOM, flow style, comments, blank lines, escapes). The file is edited in place:
 * its mode, a symlink and hard links survive.
 */
import { chmodSync, chownSync, closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import * as path from "node:path";
import { Document, isMap, isScalar, parseDocument, visit, type Node, type Pair, type YAMLMap } from "yaml";
import type { IncidentConfig } from "../../model/incident/profile";
import { UsageError } from "../io";

export const INCIDENT_KEY = "guardrails:incident";

/** Dates in a node written into a stack file are quoted, as the stack files write them: a YAML 1.1 reader would take them for timestamps. */
export function quoteDates<T extends Node>(node: T): T {
  visit(node, { Scalar(_k, s) { if (typeof s.value === "string" && /^\d{4}-\d{2}-\d{2}/.test(s.value)) s.type = "QUOTE_DOUBLE"; } });
  return node;
}

interface ConfigMap {
  map: YAMLMap;
  pair?: Pair;
}

function configMap(text: string, file: string): ConfigMap {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new UsageError(`${file}: invalid YAML (${doc.errors[0].message.split("\n")[0]})`);
  const root = doc.contents;
  const config = isMap(root) ? root.get("config", true) : undefined;
  if (!isMap(config) || !config.range) throw new UsageError(`${file}: config: must be a mapping of \`namespace:key\` entries`);
  const pair = config.items.find((p) => isScalar(p.key) && p.key.value === INCIDENT_KEY) as Pair | undefined;
  return { map: config, pair };
}

const eolOf = (text: string) => (/\r\n/.test(text) ? "\r\n" : "\n");
const lineStart = (text: string, at: number) => text.lastIndexOf("\n", at - 1) + 1;

/** Offset just past the end of the line holding `at` (its newline included), or the text's end. */
function pastLineEnd(text: string, at: number): number {
  if (at > 0 && text[at - 1] === "\n") return at;
  const nl = text.indexOf("\n", at);
  return nl === -1 ? text.length : nl + 1;
}

function incidentBlock(incident: IncidentConfig, indent: string, eol: string): string {
  const yaml = new Document({ [INCIDENT_KEY]: incident }).toString({ lineWidth: 0 }).replace(/\n$/, "");
  return yaml.split("\n").map((l) => indent + l).join(eol);
}

/** The stack file's text with the incident added at the end of `config:`. */
export function insertIncident(text: string, incident: IncidentConfig, file: string): string {
  const { map, pair } = configMap(text, file);
  if (pair) throw new UsageError(`${file}: ${INCIDENT_KEY}: an incident is already applied; revert it first`);
  const [start, end] = map.range!;
  const eol = eolOf(text);
  if (map.flow) {
    const close = text.lastIndexOf("}", end);
    const entry = `${JSON.stringify(INCIDENT_KEY)}: ${JSON.stringify(incident)}`;
    return text.slice(0, close) + (map.items.length > 0 ? `, ${entry}` : entry) + text.slice(close);
  }
  const indent = " ".repeat(start - lineStart(text, start));
  const at = pastLineEnd(text, end);
  const block = incidentBlock(incident, indent, eol);
  const endsWithEol = at > 0 && text[at - 1] === "\n";
  return endsWithEol ? text.slice(0, at) + block + eol + text.slice(at) : text.slice(0, at) + eol + block + text.slice(at);
}

/** The stack file's text without `guardrails:incident`; after `insertIncident`, exactly the original bytes. */
export function removeIncident(text: string, file: string): string {
  const { map, pair } = configMap(text, file);
  if (!pair) throw new UsageError(`${file}: ${INCIDENT_KEY}: no incident is applied`);
  const keyStart = (pair.key as { range: [number, number, number] }).range[0];
  const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? keyStart;
  if (map.flow) {
    const before = text.slice(0, keyStart);
    const comma = /,\s*$/.exec(before);
    if (comma) return before.slice(0, comma.index) + text.slice(valueEnd);
    const after = /^\s*,\s*/.exec(text.slice(valueEnd));
    return before + text.slice(valueEnd + (after?.[0].length ?? 0));
  }
  const from = lineStart(text, keyStart);
  const to = pastLineEnd(text, valueEnd);
  if (to === text.length && text[to - 1] !== "\n" && from > 0) {
    // Inserted at the end of a file without a final newline: the newline before it was ours too.
    const eolLength = text[from - 2] === "\r" ? 2 : 1;
    return text.slice(0, from - eolLength);
  }
  return text.slice(0, from) + text.slice(to);
}

/**
 * Replaces a stack file's content where it lives: through a symlink to its target, in place when it
 * has other hard links (a rename would split them), otherwise by an atomic rename that keeps its
 * mode and owner. A read-only file is refused, even for root.
 */
export function writeStackFileInPlace(file: string, content: string): void {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    throw new UsageError(`${file}: cannot read the stack config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const st = statSync(real);
  if ((st.mode & 0o222) === 0) throw new UsageError(`${file}: the stack config file is read-only (mode ${(st.mode & 0o777).toString(8)}); make it writable first`);
  if (st.nlink > 1) {
    const fd = openSync(real, "r+");
    try {
      const bytes = Buffer.from(content, "utf8");
      writeSync(fd, bytes, 0, bytes.length, 0);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, "w", st.mode & 0o7777);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, st.mode & 0o7777);
    try { chownSync(tmp, st.uid, st.gid); } catch { /* only root may give a file away; the mode is kept either way */ }
    renameSync(tmp, real);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${file}: cannot write the stack config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export function readStackText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read the stack config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
