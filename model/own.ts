/**
 * Looking up names that come from input. A stack may name a group `constructor` or a policy
 * `toString`: `name in map` and `map[name]` would find Object.prototype's members, so every lookup
 * by a config name goes through `own`, which sees only the map's own entries.
 */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function hasOwn(map: object, key: string): boolean {
  return Object.hasOwn(map, key);
}

export const MAX_INPUT_DEPTH = 64;

/**
 * The first place in parsed input that no reader should accept: a `__proto__` key (dropped or,
 * worse, applied as a prototype by ordinary object code) or nesting deeper than any real config or
 * export needs (recursion in every later step would overflow the stack). Iterative, so the check
 * itself cannot overflow.
 */
export function hostileShape(value: unknown): { path: (string | number)[]; problem: string } | undefined {
  const stack: [unknown, (string | number)[], readonly object[]][] = [[value, [], []]];
  while (stack.length > 0) {
    const [v, path, ancestors] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (ancestors.includes(v)) return { path: path.slice(0, 8), problem: "refers to itself (a circular alias)" };
    if (path.length > MAX_INPUT_DEPTH) return { path: path.slice(0, 8), problem: `nested more than ${MAX_INPUT_DEPTH} levels deep` };
    const inner = [...ancestors, v];
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i], inner]));
    else for (const k of Object.keys(v)) {
      if (k === "__proto__") return { path: [...path, k], problem: "'__proto__' is not allowed as a key" };
      stack.push([(v as Record<string, unknown>)[k], [...path, k], inner]);
    }
  }
  return undefined;
}
