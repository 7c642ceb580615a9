/**
 * Staged rollout and break-glass semantics. This file is the only place that decides what a
 * stage means and whether a policy excludes the emergency-access accounts; components, the
 * policy pack, what-if and import all call it.
 */
import { clonePlain } from "./clone";
import type { GraphCaPolicy, PolicyState } from "./graph";

export const STAGES = ["off", "reportOnly", "canary", "enforced"] as const;
export type Stage = (typeof STAGES)[number];

const STATE_BY_STAGE: Record<Stage, PolicyState> = {
  off: "disabled",
  reportOnly: "enabledForReportingButNotEnforced",
  canary: "enabled",
  enforced: "enabled",
};

export function stateForStage(stage: Stage): PolicyState {
  return STATE_BY_STAGE[stage];
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/** The stage after `stage`, or `stage` itself at the end. */
export function nextStage(stage: Stage): Stage {
  return STAGES[Math.min(stageIndex(stage) + 1, STAGES.length - 1)];
}

const clone = <T>(x: T): T => clonePlain(x);

/**
 * Sets the policy's state for `stage`. In `canary` the user scope is replaced by the canary
 * group (Graph has no "include A and B" intersection), and every exclusion is kept; guests
 * included by type are dropped from the canary scope for the same reason.
 */
export function applyStage(policy: GraphCaPolicy, stage: Stage, canaryGroupId: string): GraphCaPolicy {
  const out = clone(policy);
  out.state = stateForStage(stage);
  if (stage === "canary") {
    const users = out.conditions.users ?? {};
    out.conditions.users = {
      includeGroups: [canaryGroupId],
      excludeUsers: users.excludeUsers,
      excludeGroups: users.excludeGroups,
      excludeRoles: users.excludeRoles,
      excludeGuestsOrExternalUsers: users.excludeGuestsOrExternalUsers,
    };
    for (const k of Object.keys(out.conditions.users) as (keyof typeof out.conditions.users)[]) {
      if (out.conditions.users[k] === undefined) delete out.conditions.users[k];
    }
  }
  return out;
}

export interface BreakGlassIds {
  userIds: readonly string[];
  groupIds: readonly string[];
}

const appendMissing = (list: string[] | undefined, ids: readonly string[]): string[] => {
  const out = [...(list ?? [])];
  for (const id of ids) if (!out.some((x) => x.toLowerCase() === id.toLowerCase())) out.push(id);
  return out;
};

/** Adds every break-glass account and group to the policy's exclusions, whatever the definition says. */
export function withBreakGlassExclusions(policy: GraphCaPolicy, bg: BreakGlassIds): GraphCaPolicy {
  const out = clone(policy);
  const users = (out.conditions.users ??= {});
  if (bg.userIds.length > 0) users.excludeUsers = appendMissing(users.excludeUsers, bg.userIds);
  if (bg.groupIds.length > 0) users.excludeGroups = appendMissing(users.excludeGroups, bg.groupIds);
  return out;
}

export interface MissingExclusions {
  userIds: string[];
  groupIds: string[];
}

/** The break-glass accounts and groups this policy does NOT exclude (empty lists: fully excluded). */
export function missingBreakGlassExclusions(policy: GraphCaPolicy, bg: BreakGlassIds): MissingExclusions {
  const users = policy.conditions.users ?? {};
  const has = (list: string[] | undefined, id: string) => (list ?? []).some((x) => x.toLowerCase() === id.toLowerCase());
  return {
    userIds: bg.userIds.filter((id) => !has(users.excludeUsers, id)),
    groupIds: bg.groupIds.filter((id) => !has(users.excludeGroups, id)),
  };
}

export function excludesBreakGlass(policy: GraphCaPolicy, bg: BreakGlassIds): boolean {
  const m = missingBreakGlassExclusions(policy, bg);
  return m.userIds.length === 0 && m.groupIds.length === 0;
}
