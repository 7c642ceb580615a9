/**
 * Property-level diff of two sets of resources, as a reviewer needs it: resources matched by URN
 * without the stack (so staging can be compared with prod), ids rendered as names, and the noise
 * removed that makes provider diffs unreadable: empty vs missing, `__` keys, and the order of
 * lists of plain values (include/exclude lists, client app types, …), compared as sets.
 * Paths use Pulumi's property-path syntax (`conditions.users.excludedGroups`, `a["key.with.dot"]`, `list[0]`).
 */

export interface DiffResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface LeafChange {
  path: string;
  kind: "add" | "delete" | "update";
  old?: unknown;
  new?: unknown;
}

export interface ResourceChange {
  /** URN without stack and project: `<qualified type>::<name>`. */
  key: string;
  type: string;
  name: string;
  op: "create" | "delete" | "update";
  changes: LeafChange[];
}

export const resourceKey = (urn: string) => urn.split("::").slice(2).join("::");

const SKIP_TYPES = /^pulumi:(pulumi:Stack|providers:)/;

/** Drops empty values and `__` keys, renames strings, sorts lists of plain values. */
export function normalize(v: unknown, rename: (s: string) => string): unknown {
  if (typeof v === "string") return rename(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x, rename)).filter((x) => x !== undefined);
    if (items.length === 0) return undefined;
    return items.every((x) => typeof x !== "object") ? [...items].sort((a, b) => String(a).localeCompare(String(b))) : items;
  }
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (k.startsWith("__")) continue;
      const n = normalize(val, rename);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v === null ? undefined : v;
}

const segment = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const join = (path: string, k: string) => (path ? `${path}${segment(k)}` : segment(k).replace(/^\./, ""));
const isPlainList = (v: unknown): v is (string | number | boolean)[] => Array.isArray(v) && v.every((x) => typeof x !== "object");

/** A whole value appearing or disappearing, reported leaf by leaf (so an emptied exclusion list shows each id). */
function expand(v: unknown, path: string, kind: "add" | "delete", out: LeafChange[]): void {
  if (isPlainList(v)) {
    for (const x of v) out.push(kind === "add" ? { path, kind, new: x } : { path, kind, old: x });
  } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    for (const k of Object.keys(v).sort()) expand((v as Record<string, unknown>)[k], join(path, k), kind, out);
  } else {
    out.push(kind === "add" ? { path, kind, new: v } : { path, kind, old: v });
  }
}

function leafDiff(a: unknown, b: unknown, path: string, out: LeafChange[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a === undefined) { expand(b, path, "add", out); return; }
  if (b === undefined) { expand(a, path, "delete", out); return; }
  if (isPlainList(a) && isPlainList(b)) {
    // Set-like: report the values that appear and disappear.
    for (const x of b) if (!a.includes(x)) out.push({ path, kind: "add", new: x });
    for (const x of a) if (!b.includes(x)) out.push({ path, kind: "delete", old: x });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) leafDiff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) leafDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], join(path, k), out);
    return;
  }
  out.push({ path, kind: "update", old: a, new: b });
}

export function diffResources(oldSide: readonly DiffResource[], newSide: readonly DiffResource[], rename: (s: string) => string = (s) => s): ResourceChange[] {
  const index = (rs: readonly DiffResource[]) => new Map(rs.filter((r) => !SKIP_TYPES.test(r.type)).map((r) => [resourceKey(r.urn), r]));
  const before = index(oldSide);
  const after = index(newSide);
  const changes: ResourceChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    const na = a ? normalize(a.inputs, rename) ?? {} : undefined;
    const nb = b ? normalize(b.inputs, rename) ?? {} : undefined;
    const leaves: LeafChange[] = [];
    leafDiff(na, nb, "", leaves);
    if (leaves.length === 0) continue;
    const r = (b ?? a)!;
    changes.push({
      key, type: r.type, name: r.name,
      op: !a ? "create" : !b ? "delete" : "update",
      changes: a && b ? leaves : [],
    });
  }
  return changes;
}
