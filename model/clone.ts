/**
 * A deep copy of plain data (objects, arrays, primitives) made in this realm. `structuredClone`
 * returns arrays of the realm that owns it, which `instanceof Array` (as Pulumi's serializer uses)
 * does not recognise inside a test sandbox's realm.
 */
export function clonePlain<T>(x: T): T {
  if (Array.isArray(x)) return x.map(clonePlain) as T;
  if (x && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = clonePlain(v);
    return out as T;
  }
  return x;
}
