/**
 * The compiled evaluator: a policy set turned into one bitset per condition value (bit i = policy i
 * matches), so evaluating a sign-in is an AND of about a dozen bitsets. Enumerable conditions
 * (state, client app, platform, risk levels, flows) are precomputed from the policies; identities,
 * applications, locations and devices are computed once per distinct value and cached.
 * Equivalence with the reference evaluator is a property test (tests/model/whatif.property.test.ts).
 */
import type { GraphCaPolicy } from "../graph";
import { compileDeviceFilter } from "./deviceFilter";
import { evaluatePolicy, locationMemberships, type EvalContext } from "./reference";
import { isOffice365App } from "./office365";
import type { AnalysisReason, DeviceInfo, PolicyEvaluation, SignIn } from "./types";

type Bits = Uint32Array;

/** A policy's user condition with every list lower-cased into a Set once. */
interface UserCondition {
  workloads: boolean;
  incAll: boolean; incGuestsKw: boolean; excGuestsKw: boolean;
  incUsers: Set<string>; excUsers: Set<string>; incGroups: Set<string>; excGroups: Set<string>; incRoles: Set<string>; excRoles: Set<string>;
  incGuests?: GuestCondition; excGuests?: GuestCondition;
}
interface GuestCondition { types: Set<string>; tenants?: Set<string> }

const toSet = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));

function guestCondition(g: { guestOrExternalUserTypes: string; externalTenants?: { membershipKind: string; members?: string[] } | null } | null | undefined): GuestCondition | undefined {
  if (!g) return undefined;
  const t = g.externalTenants;
  return { types: new Set(flags(g.guestOrExternalUserTypes)), tenants: t && t.membershipKind !== "all" ? toSet(t.members) : undefined };
}

function userCondition(p: GraphCaPolicy): UserCondition {
  const u = p.conditions.users ?? {};
  const inc = toSet(u.includeUsers);
  const exc = toSet(u.excludeUsers);
  return {
    workloads: (p.conditions.clientApplications?.includeServicePrincipals ?? []).length > 0,
    incAll: inc.has("all"), incGuestsKw: inc.has("guestsorexternalusers"), excGuestsKw: exc.has("guestsorexternalusers"),
    incUsers: inc, excUsers: exc, incGroups: toSet(u.includeGroups), excGroups: toSet(u.excludeGroups), incRoles: toSet(u.includeRoles), excRoles: toSet(u.excludeRoles),
    incGuests: guestCondition(u.includeGuestsOrExternalUsers), excGuests: guestCondition(u.excludeGuestsOrExternalUsers),
  };
}

interface NormalUser { id: string; guest: boolean; groups: string[]; roles: string[]; guestTypes: string[]; tenant?: string }

const anyIn = (set: Set<string>, xs: readonly string[]) => { for (const x of xs) if (set.has(x)) return true; return false; };
const guestIn = (g: GuestCondition | undefined, u: NormalUser) => g !== undefined && anyIn(g.types, u.guestTypes) && (g.tenants === undefined || (u.tenant !== undefined && g.tenants.has(u.tenant)));

function userMatches(c: UserCondition, u: NormalUser): boolean {
  if (c.workloads) return false;
  const included = c.incAll || c.incUsers.has(u.id) || (u.guest && c.incGuestsKw) || anyIn(c.incGroups, u.groups) || anyIn(c.incRoles, u.roles) || guestIn(c.incGuests, u);
  if (!included) return false;
  return !(c.excUsers.has(u.id) || (u.guest && c.excGuestsKw) || anyIn(c.excGroups, u.groups) || anyIn(c.excRoles, u.roles) || guestIn(c.excGuests, u));
}

const lower = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase());
const flags = (s: string | null | undefined) => (s ?? "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);

/** Ordered so that reasons come out in the reference evaluator's order. */
export const DIMENSIONS = [
  "identity", "application", "clientApps", "devicePlatform", "location", "signInRisk", "userRisk",
  "servicePrincipalRisk", "insiderRisk", "devices", "authenticationFlow",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export class CompiledPolicySet {
  readonly size: number;
  private readonly words: number;
  private readonly enabled: Bits;
  private readonly caches = new Map<Dimension, Map<string, Bits>>();
  /** Per user object: a user's memberships and type are part of the answer, not only the id. */
  private readonly userCache = new WeakMap<object, Bits>();
  /** Per object for object-valued conditions, so the hot path builds no string keys. */
  private readonly objectCaches = new Map<Dimension, WeakMap<object, Bits>>([["application", new WeakMap()], ["devices", new WeakMap()]]);
  private readonly deviceFilters: (((d: DeviceInfo | undefined) => boolean) | undefined)[];
  private readonly userConditions: UserCondition[];

  constructor(readonly policies: readonly GraphCaPolicy[], private readonly ctx: EvalContext) {
    this.size = policies.length;
    this.words = Math.ceil(this.size / 32) || 1;
    this.enabled = this.bits((p) => p.state !== "disabled");
    this.userConditions = policies.map(userCondition);
    this.deviceFilters = policies.map((p) => (p.conditions.devices?.deviceFilter ? compileDeviceFilter(p.conditions.devices.deviceFilter.rule) : undefined));
    for (const d of DIMENSIONS) this.caches.set(d, new Map());
  }

  private bits(pred: (p: GraphCaPolicy, i: number) => boolean): Bits {
    const b = new Uint32Array(this.words);
    this.policies.forEach((p, i) => { if (pred(p, i)) b[i >>> 5] |= 1 << (i & 31); });
    return b;
  }

  private byObject(d: Dimension, obj: object, key: () => string, compute: () => Bits): Bits {
    const cache = this.objectCaches.get(d)!;
    let b = cache.get(obj);
    if (!b) cache.set(obj, (b = this.cached(d, key(), compute)));
    return b;
  }

  private cached(d: Dimension, key: string, compute: () => Bits): Bits {
    const cache = this.caches.get(d)!;
    let b = cache.get(key);
    if (!b) cache.set(key, (b = compute()));
    return b;
  }

  /** Policies whose condition `d` the sign-in satisfies (only the fields of `d` are read). */
  bitsFor(d: Dimension, s: SignIn): Bits {
    return this.dimension(d, s);
  }

  /** Enabled and report-only policies (disabled ones never apply). */
  get active(): Bits {
    return this.enabled;
  }

  private dimension(d: Dimension, s: SignIn): Bits {
    switch (d) {
      case "identity":
        if (s.servicePrincipalId !== undefined) {
          const sp = s.servicePrincipalId.toLowerCase();
          return this.cached(d, `sp:${sp}`, () => this.bits((p) => {
            const ca = p.conditions.clientApplications;
            const inc = lower(ca?.includeServicePrincipals);
            return (inc.includes("serviceprincipalsinmytenant") || inc.includes(sp)) && !lower(ca?.excludeServicePrincipals).includes(sp);
          }));
        }
        if (!s.user) return this.cached(d, "nobody", () => this.bits(() => false));
        {
          const user = s.user;
          let b = this.userCache.get(user);
          if (!b) {
            const n: NormalUser = {
              id: user.id.toLowerCase(), guest: user.userType === "Guest", groups: user.memberOf.map((g) => g.toLowerCase()), roles: user.roles.map((r) => r.toLowerCase()),
              guestTypes: (user.guestOrExternalUserTypes ?? []).map((t) => t.toLowerCase()), tenant: user.externalTenantId?.toLowerCase(),
            };
            this.userCache.set(user, (b = this.bits((_p, i) => userMatches(this.userConditions[i], n))));
          }
          return b;
        }
      case "application": {
        const compute = () => this.bits((p) => {
          const a = p.conditions.applications ?? {};
          if ((a.includeUserActions ?? []).length > 0) return s.userAction !== undefined && lower(a.includeUserActions).includes(s.userAction.toLowerCase());
          if ((a.includeAuthenticationContextClassReferences ?? []).length > 0) {
            return s.authenticationContext !== undefined && lower(a.includeAuthenticationContextClassReferences).includes(s.authenticationContext.toLowerCase());
          }
          const inc = lower(a.includeApplications);
          const exc = lower(a.excludeApplications);
          const inList = (list: string[], app: string) => list.includes("all") || list.includes(app) || (list.includes("office365") && isOffice365App(app));
          return (s.applications ?? []).some((app) => inList(inc, app.toLowerCase()) && !inList(exc, app.toLowerCase()));
        });
        if (s.userAction !== undefined) return this.cached(d, `a:${s.userAction.toLowerCase()}`, compute);
        if (s.authenticationContext !== undefined) return this.cached(d, `c:${s.authenticationContext.toLowerCase()}`, compute);
        const apps = s.applications ?? [];
        return this.byObject(d, apps, () => `p:${apps.join(",").toLowerCase()}`, compute);
      }
      case "clientApps":
        return this.cached(d, s.clientAppType ?? "", () => this.bits((p) => {
          const t = lower(p.conditions.clientAppTypes ?? ["all"]);
          return t.includes("all") || (s.clientAppType !== undefined && t.includes(s.clientAppType.toLowerCase()));
        }));
      case "devicePlatform":
        return this.cached(d, s.devicePlatform ?? "", () => this.bits((p) => {
          const pl = p.conditions.platforms;
          if (!pl || (pl.includePlatforms ?? []).length === 0) return true;
          if (s.devicePlatform === undefined) return false;
          const v = s.devicePlatform.toLowerCase();
          const inc = lower(pl.includePlatforms);
          return (inc.includes("all") || inc.includes(v)) && !lower(pl.excludePlatforms).includes(v);
        }));
      case "location":
        return this.cached(d, `${s.ipAddress ?? ""}|${s.country ?? ""}`, () => {
          const known = s.ipAddress !== undefined || s.country !== undefined;
          const m = known ? locationMemberships(s, this.ctx.locations) : { ids: new Set<string>(), trusted: false };
          const inList = (list: readonly string[] | undefined) => (list ?? []).some((x) => x === "All" || (x === "AllTrusted" && m.trusted) || m.ids.has(x.toLowerCase()));
          return this.bits((p) => {
            const l = p.conditions.locations;
            if (!l || (l.includeLocations ?? []).length === 0) return true;
            return known && inList(l.includeLocations) && !inList(l.excludeLocations);
          });
        });
      case "signInRisk": return this.level(d, s.signInRiskLevel, (p) => p.conditions.signInRiskLevels);
      case "userRisk": return this.level(d, s.userRiskLevel, (p) => p.conditions.userRiskLevels);
      case "servicePrincipalRisk": return this.level(d, s.servicePrincipalRiskLevel, (p) => p.conditions.servicePrincipalRiskLevels);
      case "insiderRisk": return this.level(d, s.insiderRiskLevel, (p) => (p.conditions.insiderRiskLevels ? flags(p.conditions.insiderRiskLevels) : undefined));
      case "devices": {
        const compute = () => this.bits((p, i) => {
          const f = p.conditions.devices?.deviceFilter;
          if (!f) return true;
          const hit = this.deviceFilters[i]!(s.deviceInfo);
          return f.mode === "include" ? hit : !hit;
        });
        const device = s.deviceInfo;
        return device ? this.byObject(d, device, () => JSON.stringify(device), compute) : this.cached(d, "", compute);
      }
      case "authenticationFlow":
        return this.cached(d, s.authenticationFlow ?? "", () => this.bits((p) => {
          const f = flags(p.conditions.authenticationFlows?.transferMethods);
          return f.length === 0 || (s.authenticationFlow !== undefined && f.includes(s.authenticationFlow.toLowerCase()));
        }));
    }
  }

  private level(d: Dimension, value: string | undefined, levels: (p: GraphCaPolicy) => readonly string[] | undefined): Bits {
    return this.cached(d, value ?? "", () => this.bits((p) => {
      const l = lower(levels(p));
      return l.length === 0 || (value !== undefined && l.includes(value.toLowerCase()));
    }));
  }

  /** Bitset of the policies that apply. */
  applying(s: SignIn): Bits {
    const out = this.enabled.slice();
    for (const d of DIMENSIONS) {
      const b = this.dimension(d, s);
      for (let w = 0; w < this.words; w++) out[w] &= b[w];
    }
    return out;
  }

  /** Count of applying policies; allocation-free hot path for throughput measurements. */
  countApplying(s: SignIn): number {
    const dims = this.scratch;
    for (let k = 0; k < DIMENSIONS.length; k++) dims[k] = this.dimension(DIMENSIONS[k], s);
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      let x = this.enabled[w];
      for (let k = 0; k < dims.length; k++) x &= dims[k][w];
      while (x) { x &= x - 1; n++; }
    }
    return n;
  }

  private readonly scratch: Bits[] = new Array(DIMENSIONS.length);

  /** Per-policy results in Graph's vocabulary, identical to the reference evaluator's. */
  evaluate(s: SignIn): PolicyEvaluation[] {
    const dims = DIMENSIONS.map((d) => this.dimension(d, s));
    return this.policies.map((p, i) => {
      if (p.state === "disabled") return { applies: false, reasons: ["policyNotEnabled"] };
      const bit = (b: Bits) => (b[i >>> 5] >>> (i & 31)) & 1;
      const reasons: AnalysisReason[] = [];
      DIMENSIONS.forEach((d, k) => {
        if (bit(dims[k])) return;
        if (d === "application") {
          const a = p.conditions.applications ?? {};
          reasons.push((a.includeUserActions ?? []).length > 0 ? "userActions" : (a.includeAuthenticationContextClassReferences ?? []).length > 0 ? "authenticationContext" : "application");
        } else if (d !== "identity") reasons.push(d);
        else reasons.push(s.servicePrincipalId !== undefined || (p.conditions.clientApplications?.includeServicePrincipals ?? []).length > 0 ? "workloadIdentities" : "users");
      });
      return { applies: reasons.length === 0, reasons };
    });
  }
}

/** The reference path over a policy set, for tests and as a fallback. */
export function evaluateAll(policies: readonly GraphCaPolicy[], s: SignIn, ctx: EvalContext): PolicyEvaluation[] {
  return policies.map((p) => evaluatePolicy(p, s, ctx));
}
