/**
 * Property-level diff of two sets of resources, as a reviewer needs it. Resources are matched by
 * URN without the stack (so staging can be compared with prod); values are compared as they are
 * (ids, not the names shown for them: names are labels added when rendering); the noise that makes
 * provider diffs unreadable is removed: empty vs missing, `__` keys, the order of lists of plain
 * values (compared as sets), and the order of lists of objects that have an identity (log
 * categories, receivers, dimensions), which are matched by that identity instead of by index.
 * Paths use Pulumi's property-path syntax (`conditions.users.excludedGroups`, `a["key.with.dot"]`,
 * `list[0]`), with `list[key=value]` for an item matched by identity.
 */

export interface DiffResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Pulumi's `protect` on this side (state's flag for an export). */
  protect?: boolean;
}

export interface LeafChange {
  path: string;
  kind: "add" | "delete" | "update";
  old?: unknown;
  new?: unknown;
  /** Names for ids, added for rendering (never compared). */
  oldLabel?: string;
  newLabel?: string;
}

export interface ResourceChange {
  /** URN without stack and project: `<qualified type>::<name>`. */
  key: string;
  type: string;
  name: string;
  op: "create" | "delete" | "update";
  changes: LeafChange[];
  /** Created or deleted: what the resource holds, one readable line each. */
  content?: string[];
  /** The old side's resource is protected (`pulumi up` refuses to delete or replace it). */
  protected?: boolean;
  /** An update that the provider carries out as delete + create (a name or location changes). */
  replace?: string[];
}

export const resourceKey = (urn: string) => urn.split("::").slice(2).join("::");

const SKIP_TYPES = /^pulumi:(pulumi:Stack|providers:)/;

/** The identity of an item in a list of objects, by the list's property name. */
const ITEM_IDENTITY: Record<string, (item: Record<string, unknown>) => unknown> = {
  logs: (i) => i.category ?? i.categoryGroup,
  emailReceivers: (i) => i.emailAddress,
  smsReceivers: (i) => (i.phoneNumber !== undefined ? `+${String(i.countryCode)} ${String(i.phoneNumber)}` : undefined),
  voiceReceivers: (i) => (i.phoneNumber !== undefined ? `+${String(i.countryCode)} ${String(i.phoneNumber)}` : undefined),
  webhookReceivers: (i) => i.name,
  dimensions: (i) => i.name,
  allOf: (i) => i.metricMeasureColumn ?? "rows",
};
const IDENTITY_LABEL: Record<string, string> = { logs: "category", emailReceivers: "email", smsReceivers: "sms", voiceReceivers: "voice", webhookReceivers: "name", dimensions: "name", allOf: "measure" };

/** Drops empty values and `__` keys, canonicalizes strings (own-resource ids), sorts lists of plain values. */
/**
 * A string holding a JSON document (a workbook's `serializedData`): compared as the document, so a
 * reviewer sees which query changed instead of one long changed string.
 */
function jsonDocument(s: string): unknown {
  if (!s.startsWith("{\"") || !s.endsWith("}")) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

export function normalize(v: unknown, canon: (s: string) => string = (s) => s): unknown {
  if (typeof v === "string") {
    const doc = jsonDocument(v);
    return doc === undefined ? canon(v) : normalize(doc, canon);
  }
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x, canon)).filter((x) => x !== undefined);
    if (items.length === 0) return undefined;
    return items.every((x) => typeof x !== "object") ? [...items].sort((a, b) => String(a).localeCompare(String(b))) : items;
  }
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (k.startsWith("__")) continue;
      const n = normalize(val, canon);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v === null ? undefined : v;
}

const segment = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
const join = (path: string, k: string) => (path ? `${path}${segment(k)}` : segment(k).replace(/^\./, ""));
const isPlainList = (v: unknown): v is (string | number | boolean)[] => Array.isArray(v) && v.every((x) => typeof x !== "object");
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const lastProperty = (path: string) => /(\w+)$/.exec(path)?.[1] ?? "";

/** A whole value appearing or disappearing, reported leaf by leaf (so an emptied exclusion list shows each id). */
function expand(v: unknown, path: string, kind: "add" | "delete", out: LeafChange[]): void {
  if (isPlainList(v)) {
    for (const x of v) out.push(kind === "add" ? { path, kind, new: x } : { path, kind, old: x });
  } else if (Array.isArray(v)) {
    // A whole list of objects: one change per item, named by its identity where it has one.
    for (const [at, x] of itemPaths(path, v)) out.push(kind === "add" ? { path: at, kind, new: x } : { path: at, kind, old: x });
  } else if (isObject(v)) {
    for (const k of Object.keys(v).sort()) expand(v[k], join(path, k), kind, out);
  } else {
    out.push(kind === "add" ? { path, kind, new: v } : { path, kind, old: v });
  }
}

/** Items keyed by identity when every item of both lists has a distinct one; undefined otherwise. */
function keyedItems(path: string, a: unknown[], b: unknown[]): [Map<string, unknown>, Map<string, unknown>] | undefined {
  const identity = ITEM_IDENTITY[lastProperty(path)];
  if (!identity) return undefined;
  const index = (list: unknown[]) => {
    const m = new Map<string, unknown>();
    for (const item of list) {
      const id = isObject(item) ? identity(item) : undefined;
      if (id === undefined || m.has(String(id))) return undefined;
      m.set(String(id), item);
    }
    return m;
  };
  const ma = index(a);
  const mb = index(b);
  return ma && mb ? [ma, mb] : undefined;
}

/** The path of each item of a list of objects: `list[category=SignInLogs]` where items have an identity, else `list[0]`. */
export function itemPaths(path: string, list: readonly unknown[]): [string, unknown][] {
  const keyed = keyedItems(path, [...list], []);
  return keyed ? [...keyed[0]].map(([k, x]) => [`${path}[${IDENTITY_LABEL[lastProperty(path)]}=${k}]`, x]) : list.map((x, i) => [`${path}[${i}]`, x]);
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
    const keyed = keyedItems(path, a, b);
    if (keyed) {
      const [ma, mb] = keyed;
      const label = IDENTITY_LABEL[lastProperty(path)];
      for (const k of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
        const at = `${path}[${label}=${k}]`;
        const x = ma.get(k);
        const y = mb.get(k);
        if (x === undefined) out.push({ path: at, kind: "add", new: y });
        else if (y === undefined) out.push({ path: at, kind: "delete", old: x });
        else leafDiff(x, y, at, out);
      }
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) leafDiff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) leafDiff(a[k], b[k], join(path, k), out);
    return;
  }
  out.push({ path, kind: "update", old: a, new: b });
}

/** Leaf changes between two normalised values (the same rules as resources: sets, identities, paths). */
export function diffValues(a: unknown, b: unknown): LeafChange[] {
  const out: LeafChange[] = [];
  leafDiff(a, b, "", out);
  return out;
}

/**
 * Inputs whose change makes the provider replace the resource (its Azure name, resource group or
 * region; a scheduled query rule's scopes, which the component marks replaceOnChanges).
 */
const REPLACE_ON: Record<string, readonly string[]> = {
  "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
  "azure-native:operationalinsights:Workspace": ["workspaceName", "resourceGroupName", "location"],
  "azure-native:operationalinsights:Table": ["tableName", "workspaceName", "resourceGroupName"],
  "azure-native:storage:StorageAccount": ["accountName", "resourceGroupName", "location"],
  "azure-native:monitor:ActionGroup": ["actionGroupName", "resourceGroupName"],
  "azure-native:monitor:ScheduledQueryRule": ["ruleName", "resourceGroupName", "scopes"],
  "azure-native:aadiam:DiagnosticSetting": ["name"],
};

export interface DiffOptions {
  /** Canonical form of a string on the old / new side (own resources' ids become references to them). */
  canonOld?: (s: string) => string;
  canonNew?: (s: string) => string;
}

export function diffResources(oldSide: readonly DiffResource[], newSide: readonly DiffResource[], opts: DiffOptions = {}): ResourceChange[] {
  const index = (rs: readonly DiffResource[]) => new Map(rs.filter((r) => !SKIP_TYPES.test(r.type)).map((r) => [resourceKey(r.urn), r]));
  const before = index(oldSide);
  const after = index(newSide);
  const changes: ResourceChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(key);
    const b = after.get(key);
    const na = a ? normalize(a.inputs, opts.canonOld) ?? {} : undefined;
    const nb = b ? normalize(b.inputs, opts.canonNew) ?? {} : undefined;
    const leaves: LeafChange[] = [];
    leafDiff(na, nb, "", leaves);
    if (leaves.length === 0) continue;
    const r = (b ?? a)!;
    const replaced = a && b ? (REPLACE_ON[r.type] ?? []).filter((p) => leaves.some((l) => l.path === p || l.path.startsWith(`${p}[`))) : [];
    changes.push({
      key, type: r.type, name: r.name,
      op: !a ? "create" : !b ? "delete" : "update",
      changes: a && b ? leaves : [],
      ...(a?.protect ? { protected: true } : {}),
      ...(replaced.length > 0 ? { replace: replaced } : {}),
    });
  }
  return changes;
}
