/**
 * Pulumi's wire encoding of property values (`@pulumi/pulumi/runtime/rpc.js`): unknowns are a
 * sentinel string, secrets and resource references are objects tagged with a signature key.
 * Plan output shows secrets as `[secret]` (as `pulumi preview --json` does) and never their value.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "(known after deployment)";

/** Wire value (Struct.toJavaScript()) → display value: secrets blinded, unknowns marked, references as URNs. */
export function toDisplayValue(v: unknown): unknown {
  if (v === UNKNOWN) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(v)) return v.map(toDisplayValue);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return SECRET_PLACEHOLDER;
    if (o[SIG_KEY] === RESOURCE_SIG) return o.urn;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(o)) if (!k.startsWith("__")) out[k] = toDisplayValue(val);
    return out;
  }
  return v;
}
