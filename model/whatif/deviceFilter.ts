/**
 * The supported subset of the Conditional Access device-filter rule language: comparisons
 * `device.<property> -eq|-ne|-startsWith|-notStartsWith|-endsWith|-contains|-notContains "value"`
 * and `-in|-notIn ["a","b"]`, booleans (`True`/`False`), combined with `-and`, `-or` and
 * parentheses. Anything else is rejected with an error naming the token. Attributes are
 * Microsoft's list ("Filter for devices", entra-docs concept-condition-filters-for-devices.md);
 * an unregistered device has every attribute null, so positive operators never match it and
 * negative ones always do ("Policy behavior with filter for devices").
 */
import type { DeviceInfo } from "./types";

export class DeviceFilterError extends Error {}

type Comparison = { op: "cmp"; prop: string; operator: string; value: string | string[] };
type Node = { op: "and" | "or"; left: Node; right: Node } | Comparison;

const TOKEN = /\s*(\(|\)|-and\b|-or\b|-[A-Za-z]+\b|device\.[A-Za-z0-9]+|"(?:[^"\\]|\\.)*"|\[[^\]]*\]|True\b|False\b|true\b|false\b)/y;
export const DEVICE_ATTRIBUTES = [
  "deviceId", "displayName", "deviceOwnership", "enrollmentProfileName", "isCompliant", "manufacturer", "mdmAppId", "model",
  "operatingSystem", "operatingSystemVersion", "physicalIds", "profileType", "systemLabels", "trustType",
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
] as const;
const ATTRIBUTE_BY_LOWER = new Map(DEVICE_ATTRIBUTES.map((a) => [a.toLowerCase(), a]));
/** String-collection attributes: `-contains` means "one of the strings equals". */
const COLLECTIONS = new Set(["physicalids", "systemlabels"]);
const NEGATIVE = new Set(["-ne", "-notstartswith", "-notendswith", "-notcontains", "-notin"]);
const OPERATORS = new Set(["-eq", "-ne", "-startswith", "-notstartswith", "-endswith", "-notendswith", "-contains", "-notcontains", "-in", "-notin"]);

function tokenize(rule: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < rule.length) {
    if (/^\s*$/.test(rule.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(rule);
    if (!m) throw new DeviceFilterError(`unsupported device filter syntax at '${rule.slice(pos).trim().slice(0, 30)}'`);
    out.push(m[1]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

export function parseDeviceFilter(rule: string): Node {
  const tokens = tokenize(rule);
  let i = 0;
  const peek = () => tokens[i]?.toLowerCase();
  const primary = (): Node => {
    if (tokens[i] === "(") {
      i++;
      const n = orExpr();
      if (tokens[i++] !== ")") throw new DeviceFilterError("device filter: missing ')'");
      return n;
    }
    const prop = tokens[i++];
    if (!prop?.startsWith("device.")) throw new DeviceFilterError(`device filter: expected device.<property>, found '${prop ?? "end of rule"}'`);
    if (!ATTRIBUTE_BY_LOWER.has(prop.slice("device.".length).toLowerCase())) throw new DeviceFilterError(`device filter: unknown attribute '${prop}' (supported: ${DEVICE_ATTRIBUTES.slice(0, 14).join(", ")}, extensionAttribute1-15)`);
    const operator = tokens[i++]?.toLowerCase();
    if (!operator || !OPERATORS.has(operator)) throw new DeviceFilterError(`device filter: unsupported operator '${operator ?? "end of rule"}' (supported: ${[...OPERATORS].join(", ")})`);
    const raw = tokens[i++];
    if (raw === undefined) throw new DeviceFilterError("device filter: missing value");
    let value: string | string[];
    if (raw.startsWith("[")) {
      let list: unknown;
      try { list = JSON.parse(raw); } catch { throw new DeviceFilterError(`device filter: '${raw}' is not a list such as ["a", "b"]`); }
      value = (list as unknown[]).map(String);
    }
    else if (raw.startsWith("\"")) value = JSON.parse(raw) as string;
    else if (/^(true|false)$/i.test(raw)) value = raw.toLowerCase();
    else throw new DeviceFilterError(`device filter: unsupported value '${raw}'`);
    return { op: "cmp", prop: prop.slice("device.".length).toLowerCase(), operator, value };
  };
  const andExpr = (): Node => {
    let n = primary();
    while (peek() === "-and") { i++; n = { op: "and", left: n, right: primary() }; }
    return n;
  };
  const orExpr = (): Node => {
    let n = andExpr();
    while (peek() === "-or") { i++; n = { op: "or", left: n, right: andExpr() }; }
    return n;
  };
  const tree = orExpr();
  if (i < tokens.length) throw new DeviceFilterError(`device filter: unexpected '${tokens[i]}'`);
  return tree;
}

type Attributes = Record<string, string | string[] | undefined>;

function evalNode(n: Node, device: Attributes): boolean {
  if (n.op === "cmp") return compare(n, device);
  return n.op === "and" ? evalNode(n.left, device) && evalNode(n.right, device) : evalNode(n.left, device) || evalNode(n.right, device);
}

function compare(n: Comparison, device: Attributes): boolean {
  const raw = device[n.prop];
  // A null attribute (unregistered device, or not reported): positive operators fail, negative ones hold.
  if (raw === undefined) return NEGATIVE.has(n.operator);
  const v = Array.isArray(n.value) ? n.value.map((x) => x.toLowerCase()) : n.value.toLowerCase();
  if (Array.isArray(raw) || COLLECTIONS.has(n.prop)) {
    const items = (Array.isArray(raw) ? raw : [raw]).map((x) => x.toLowerCase());
    const hit = Array.isArray(v) ? v.some((x) => items.includes(x)) : items.includes(v);
    return NEGATIVE.has(n.operator) ? !hit : hit;
  }
  const actual = raw.toLowerCase();
  switch (n.operator) {
    case "-eq": return actual === v;
    case "-ne": return actual !== v;
    case "-startswith": return actual.startsWith(v as string);
    case "-notstartswith": return !actual.startsWith(v as string);
    case "-endswith": return actual.endsWith(v as string);
    case "-notendswith": return !actual.endsWith(v as string);
    case "-contains": return actual.includes(v as string);
    case "-notcontains": return !actual.includes(v as string);
    case "-in": return (v as string[]).includes(actual);
    default: return !(v as string[]).includes(actual);
  }
}

/**
 * Compiles a rule once; the predicate takes the request's device attributes by rule name
 * (case-insensitive), or undefined for an unregistered device (every attribute null).
 */
export function compileDeviceFilter(rule: string): (device: DeviceInfo | undefined) => boolean {
  const tree = parseDeviceFilter(rule);
  return (device) => {
    const norm: Attributes = {};
    for (const [k, v] of Object.entries(device ?? {})) if (v !== undefined) norm[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
    return evalNode(tree, norm);
  };
}
