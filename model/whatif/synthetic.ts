/**
 * A deterministic synthetic directory for blast-radius runs: the same seed gives the same users.
 * Shape: mostly members, some guests, a few administrators, the stack's canary and break-glass groups.
 */
import type { Directory, DirectoryUser } from "./types";

/** mulberry32: small, fast, deterministic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (prefix: number, n: number) => `5a000000-${String(prefix).padStart(4, "0")}-4000-8000-${String(n).padStart(12, "0")}`;

export interface SyntheticOptions {
  users: number;
  seed?: number;
  /** Group ids to sprinkle members into: name → [id, share of members]. */
  groups?: Record<string, [string, number]>;
  adminRoleIds?: string[];
  /** Accounts to add as they are (break-glass). */
  extraUsers?: DirectoryUser[];
}

export function syntheticDirectory(o: SyntheticOptions): Directory {
  const rand = mulberry32(o.seed ?? 20250415);
  const groups = Object.entries(o.groups ?? {});
  const users: DirectoryUser[] = [];
  for (let i = 0; i < o.users; i++) {
    const guest = rand() < 0.08;
    const admin = !guest && rand() < 0.01 && (o.adminRoleIds ?? []).length > 0;
    users.push({
      id: id(1, i),
      userPrincipalName: guest ? `guest${i}_partner.example#EXT#@contoso.example` : `user${i}@contoso.example`,
      userType: guest ? "Guest" : "Member",
      ...(guest ? { guestOrExternalUserTypes: ["b2bCollaborationGuest"] } : {}),
      memberOf: guest ? [] : groups.filter(([, [, share]]) => rand() < share).map(([, [gid]]) => gid),
      roles: admin ? [o.adminRoleIds![Math.floor(rand() * o.adminRoleIds!.length)]] : [],
    });
  }
  return {
    users: [...users, ...(o.extraUsers ?? [])],
    groups: groups.map(([displayName, [gid]]) => ({ id: gid, displayName })),
  };
}

/** The directory size `whatif --scenario` and `incident plan` use unless told otherwise. */
export const DEFAULT_SYNTHETIC_USERS = 10_000;
