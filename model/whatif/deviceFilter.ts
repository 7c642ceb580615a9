/**
 * The supported subset of the Conditional Access device-filter rule language: comparisons
 * `device.<property> -eq|-ne|-startsWith|-notStartsWith|-endsWith|-contains|-notContains "value"`
 * and `-in|-notIn ["a","b"]`, booleans (`True`/`False`), combined with `-and`, `-or` and
 * parentheses. Anything else is rejected with an error naming the token.
 */
import type { DeviceInfo } from "./types";

export class DeviceFilterError extends Error {}

type Comparison = { op: "cmp"; prop: string; operator: string; value: string | string[] };
type Node = { op: "and" | "or"; left: Node; right: Node } | Comparison;

const TOKEN = /\s*(\(|\)|-and\b|-or\b|-[A-Za-z]+\b|device\.[A-Za-z0-9]+|"(?:[^"\\]|\\.)*"|\[[^\]]*\]|True\b|False\b|true\b|false\b)/y;
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
    const operator = tokens[i++]?.toLowerCase();
    if (!operator || !OPERATORS.has(operator)) throw new DeviceFilterError(`device filter: unsupported operator '${operator ?? "end of rule"}' (supported: ${[...OPERATORS].join(", ")})`);
    const raw = tokens[i++];
    if (raw === undefined) throw new DeviceFilterError("device filter: missing value");
    let value: string | string[];
    if (raw.startsWith("[")) value = (JSON.parse(raw) as unknown[]).map(String);
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

function evalNode(n: Node, device: Record<string, string>): boolean {
  if (n.op === "cmp") return compare(n, device);
  return n.op === "and" ? evalNode(n.left, device) && evalNode(n.right, device) : evalNode(n.left, device) || evalNode(n.right, device);
}

function compare(n: Comparison, device: Record<string, string>): boolean {
  const actual = (device[n.prop] ?? "").toLowerCase();
  const v = Array.isArray(n.value) ? n.value.map((x) => x.toLowerCase()) : n.value.toLowerCase();
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

/** Compiles a rule once; the predicate takes the request's device properties (case-insensitive names). */
export function compileDeviceFilter(rule: string): (device: DeviceInfo) => boolean {
  const tree = parseDeviceFilter(rule);
  return (device) => {
    const norm: Record<string, string> = {};
    for (const [k, v] of Object.entries(device)) if (v !== undefined) norm[k.toLowerCase()] = String(v);
    return evalNode(tree, norm);
  };
}
