/**
 * The stack config the Pulumi CLI hands a policy pack process (`PULUMI_CONFIG`, the same
 * flat `namespace:key` map the program gets), parsed with the program's own schema, so the pack
 * and the program agree on the break-glass set, stages and dates.
 */
import { readFileSync } from "node:fs";
import { parseProfile, type TenantProfile } from "../../model/profile/load";
import type { RuleContext } from "./types";

export class ProfileUnavailable extends Error {}

let cached: { profile?: TenantProfile; error?: string } | undefined;

function loadFromEnvironment(): { profile?: TenantProfile; error?: string } {
  const stack = process.env.PULUMI_STACK ?? process.env.PULUMI_NODEJS_STACK ?? "stack";
  // The Pulumi CLI passes PULUMI_CONFIG; the offline engine passes a large config as a file (packProcess.ts).
  let raw = process.env.PULUMI_CONFIG;
  try {
    if (!raw && process.env.GUARDRAILS_CONFIG_FILE) raw = readFileSync(process.env.GUARDRAILS_CONFIG_FILE, "utf8");
  } catch (e) {
    return { error: `cannot read GUARDRAILS_CONFIG_FILE (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  if (!raw) return { error: "the stack config is not available to the policy pack (PULUMI_CONFIG is not set)" };
  try {
    const flat = JSON.parse(raw) as Record<string, string>;
    const parsed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(flat)) {
      try {
        parsed[k] = JSON.parse(v);
      } catch {
        parsed[k] = v;
      }
    }
    return { profile: parseProfile(parsed, "stack config", stack, true) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Reads the environment again at the next use (the offline engine's in-process pack, one stack per session). */
export function resetStackProfile(): void {
  cached = undefined;
}

/** For tests: use this profile instead of the environment's. */
export function setProfileForTests(profile: TenantProfile | undefined): void {
  cached = profile ? { profile } : undefined;
}

export function stackProfile(): TenantProfile {
  cached ??= loadFromEnvironment();
  if (!cached.profile) throw new ProfileUnavailable(cached.error ?? "no stack config");
  return cached.profile;
}

export function ruleContext<C extends { now?: string }>(config: C): RuleContext<C> {
  return {
    config,
    profile: stackProfile,
    now: () => (config.now ? new Date(config.now) : new Date()),
  };
}
