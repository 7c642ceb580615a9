/**
 * Structure-aware mutations for fuzzing the readers: take a valid document, and at random paths
 * replace a value with a hostile one, delete a key, or add a key. Shared by the fuzz test (sizes
 * for `npm test`) and the benchmark (larger runs).
 */
import fc from "fast-check";

/** Values that have broken parsers before: wrong types, prototype names, placeholders, odd numbers and strings. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, true, "", " ", "All", "all", "None", "constructor", "toString", "__proto__", "hasOwnProperty",
    "<EmergencyAccessGroup>", "%GroupId%", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "00000000-0000-0000-0000-000000000000",
    "eeeeeeee-0001-4000-8000-000000000001", "contoso.com", "0xcb.0.113.0/24", "fe80::1%eth0/64", "0.0.0.0/0", "2026-02-30",
    "PT12H", "Auxiliary", "\u001b[31m", "((((((", "device.x -xor y", "unknownFutureValue", "enabled", "XX", "in~", [], {}, [null], [1, "a"], { a: { b: {} } },
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

export type Mutation = { kind: "set" | "delete" | "add"; pick: number; key: string; value: unknown };

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("set", "set", "delete", "add"),
  pick: fc.nat(),
  key: fc.constantFrom("constructor", "__proto__", "toString", "extra", "includeUsers", "state", "value", "urn", "x"),
  value: hostileValue,
});

/** Every container path of a JSON value (objects and arrays). */
function containers(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === "object") {
    out.push(at);
    if (Array.isArray(v)) v.forEach((x, i) => containers(x, [...at, i], out));
    else for (const [k, x] of Object.entries(v)) containers(x, [...at, k], out);
  }
  return out;
}

function at(v: unknown, path: (string | number)[]): any {
  return path.reduce<any>((cur, k) => cur[k], v);
}

/** Applies mutations to a deep copy of `doc`. `__proto__` is set as an own key, as JSON.parse would. */
export function mutate<T>(doc: T, mutations: readonly Mutation[]): T {
  const copy = structuredClone(doc);
  for (const m of mutations) {
    const paths = containers(copy);
    const target = at(copy, paths[m.pick % paths.length]);
    const keys = Object.keys(target);
    if (m.kind === "add" || keys.length === 0) {
      Object.defineProperty(target, Array.isArray(target) ? target.length : m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
      continue;
    }
    const key = keys[m.pick % keys.length];
    if (m.kind === "delete") {
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
    } else target[key] = structuredClone(m.value);
  }
  return copy;
}
