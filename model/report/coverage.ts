/**
 * The coverage matrix: personas (members, each admin role, guests by type, the canary group, the
 * break-glass accounts) × application groups × client types × trusted/untrusted location, each cell
 * the outcome the what-if engine computes from the deployed policies, with the policies behind it.
 * Pure: policies, locations and the stack's names in, plain data out.
 */
import type { GraphCaPolicy } from "../graph";
import { combineOutcome, type Category } from "../whatif/outcome";
import { CompiledPolicySet } from "../whatif/compiled";
import type { DirectoryUser, NamedLocation, SignIn } from "../whatif/types";
import type { TenantProfile } from "../profile/load";
import { own } from "../own";
import { stackBreakGlass, stackGroupIds } from "../whatif/fromProfile";

export interface Persona { key: string; label: string; user: DirectoryUser; kind: "member" | "admin" | "guest" | "canary" | "breakGlass" }

/** Application groups: a line-of-business app only `All` covers, Office 365 (Exchange Online), Azure management, a user action. */
export const APP_GROUPS = [
  { key: "all", label: "All cloud apps", applications: ["0000000a-0000-4000-8000-00000000a11a"] },
  { key: "office365", label: "Office 365", applications: ["00000002-0000-0ff1-ce00-000000000000"] },
  { key: "azureManagement", label: "Azure management", applications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013"] },
  { key: "userActions", label: "Register security info", userAction: "urn:user:registersecurityinfo" },
] as const;

export const CLIENTS = [
  { key: "browser", label: "Browser" },
  { key: "mobileAppsAndDesktopClients", label: "Apps & desktop" },
  { key: "other", label: "Legacy" },
] as const;

export const LOCATIONS = ["trusted", "untrusted"] as const;

export interface CoverageCell {
  persona: string; app: string; client: string; location: (typeof LOCATIONS)[number];
  category: Category;
  /** Enforced policies that decide the outcome (block or grant), then report-only ones that would apply. */
  enforcedBy: string[];
  reportOnly: string[];
}

export interface CoverageRow { persona: Persona; cells: CoverageCell[]; mfaSomewhere: boolean; gap?: string }

export interface CoverageMatrix { rows: CoverageRow[]; untrustedIp: string; trustedIp?: string; country?: string }

/** A host address inside an IPv4 or IPv6 range: its network address plus one. */
function hostIn(cidr: string): string {
  const [net] = cidr.split("/");
  if (net.includes(":")) return net.endsWith("::") ? `${net}1` : net;
  const p = net.split(".").map(Number);
  p[3] = Math.min(254, p[3] + 1);
  return p.join(".");
}

export function personasOf(opts: {
  adminRoles: { name: string; id: string }[]; canaryGroupId: string; memberGroupIds: string[]; breakGlass: DirectoryUser[];
}): Persona[] {
  const member = (key: string, extra: Partial<DirectoryUser> = {}): DirectoryUser => ({ id: `persona-${key}`, userPrincipalName: `${key}@persona.example`, userType: "Member", memberOf: [...opts.memberGroupIds], roles: [], ...extra });
  return [
    { key: "member", label: "Member", kind: "member", user: member("member") },
    ...opts.adminRoles.map((r) => ({ key: `role-${r.id}`, label: r.name, kind: "admin" as const, user: member(`role-${r.id}`, { roles: [r.id] }) })),
    ...["b2bCollaborationGuest", "b2bCollaborationMember", "internalGuest"].map((t) => ({
      key: `guest-${t}`, label: `Guest: ${t}`, kind: "guest" as const,
      user: { id: `persona-guest-${t}`, userPrincipalName: `${t}@persona.example`, userType: "Guest" as const, guestOrExternalUserTypes: [t], memberOf: [], roles: [] },
    })),
    { key: "canary", label: "Canary group member", kind: "canary", user: member("canary", { memberOf: [...opts.memberGroupIds, opts.canaryGroupId] }) },
    ...opts.breakGlass.map((u) => ({ key: `bg-${u.userPrincipalName}`, label: `Break-glass: ${u.userPrincipalName}`, kind: "breakGlass" as const, user: u })),
  ];
}

/** The stack's personas: its admin roles by name, its canary group, its other groups for members, its break-glass accounts. */
export function stackPersonas(profile: TenantProfile): Persona[] {
  const groups = stackGroupIds(profile);
  return personasOf({
    adminRoles: profile.adminRoles.map((name) => ({ name, id: own(profile.directory.roles, name) ?? name })),
    canaryGroupId: groups.canary,
    memberGroupIds: Object.values(groups.members),
    breakGlass: stackBreakGlass(profile).users,
  });
}

export function coverageMatrix(policies: readonly GraphCaPolicy[], locations: readonly NamedLocation[], personas: readonly Persona[], country?: string): CoverageMatrix {
  const ctx = { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) };
  // The compiled evaluator (the what-if hot path): 195 policies × 500 cells stay well under a second.
  const compiled = new CompiledPolicySet(policies, ctx);
  const trustedRange = locations.find((l) => l.kind === "ip" && l.isTrusted && l.ipRanges.length > 0)?.ipRanges[0];
  const trustedIp = trustedRange ? hostIn(trustedRange) : undefined;
  // RFC 5737 documentation address: inside no tenant's named location.
  const untrustedIp = "192.0.2.1";
  const rows = personas.map((persona) => {
    const cells: CoverageCell[] = [];
    for (const app of APP_GROUPS) for (const client of CLIENTS) for (const location of LOCATIONS) {
      const ip = location === "trusted" ? trustedIp : untrustedIp;
      const s: SignIn = {
        user: persona.user, clientAppType: client.key, devicePlatform: "windows",
        ...("userAction" in app ? { userAction: app.userAction } : { applications: [...app.applications] }),
        ...(ip ? { ipAddress: ip } : {}), ...(country ? { country } : {}), signInRiskLevel: "none", userRiskLevel: "none",
      };
      const evals = compiled.evaluate(s);
      const o = combineOutcome(policies, evals, s);
      cells.push({
        persona: persona.key, app: app.key, client: client.key, location, category: location === "trusted" && !ip ? "unaffected" : o.category,
        enforcedBy: [...o.blockedBy, ...o.requirements.map((r) => r.policy)],
        reportOnly: o.reportOnly.filter((r) => r.result !== "reportOnlyNotApplied").map((r) => r.policy),
      });
    }
    const mfaSomewhere = cells.some((c) => c.category === "mfa" || c.category === "passwordChange" || c.category === "blocked");
    const gap = mfaSomewhere ? undefined : persona.kind === "breakGlass" ? "no MFA or block anywhere: expected, break-glass accounts are excluded from every policy" : "no MFA or block anywhere: a gap";
    return { persona, cells, mfaSomewhere, ...(gap ? { gap } : {}) };
  });
  return { rows, untrustedIp, ...(trustedIp ? { trustedIp } : {}), ...(country ? { country } : {}) };
}
