/**
 * The reference evaluator: one Conditional Access policy against one sign-in, written plainly
 * from Microsoft's documented semantics, as the test oracle for the compiled evaluator.
 *
 * - A policy applies when every configured condition matches; exclusion wins over inclusion.
 * - A condition the request does not supply does not match (the What If tool's current behaviour).
 * - Disabled policies never apply (`policyNotEnabled`); report-only policies are evaluated.
 */
import * as ipaddr from "ipaddr.js";
import type { GraphCaPolicy, GraphGuestsOrExternalUsers } from "../graph";
import { compileDeviceFilter } from "./deviceFilter";
import { isOffice365App } from "./office365";
import type { AnalysisReason, DirectoryUser, NamedLocation, PolicyEvaluation, SignIn } from "./types";

export interface EvalContext {
  locations: ReadonlyMap<string, NamedLocation>;
}

const has = (list: readonly string[] | undefined, v: string | undefined) =>
  v !== undefined && (list ?? []).some((x) => x.toLowerCase() === v.toLowerCase());
const intersects = (list: readonly string[] | undefined, values: readonly string[]) => values.some((v) => has(list, v));
const flags = (s: string | null | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

function guestsMatch(g: GraphGuestsOrExternalUsers | null | undefined, u: DirectoryUser): boolean {
  if (!g) return false;
  if (!intersects(flags(g.guestOrExternalUserTypes), u.guestOrExternalUserTypes ?? [])) return false;
  const t = g.externalTenants;
  if (!t || t.membershipKind === "all") return true;
  return has(t.members, u.externalTenantId);
}

export function userInScope(p: GraphCaPolicy, u: DirectoryUser): boolean {
  const c = p.conditions.users ?? {};
  const guest = u.userType === "Guest";
  const included = has(c.includeUsers, "All") || has(c.includeUsers, u.id) || (guest && has(c.includeUsers, "GuestsOrExternalUsers"))
    || intersects(c.includeGroups, u.memberOf) || intersects(c.includeRoles, u.roles) || guestsMatch(c.includeGuestsOrExternalUsers, u);
  if (!included) return false;
  const excluded = has(c.excludeUsers, u.id) || (guest && has(c.excludeUsers, "GuestsOrExternalUsers"))
    || intersects(c.excludeGroups, u.memberOf) || intersects(c.excludeRoles, u.roles) || guestsMatch(c.excludeGuestsOrExternalUsers, u);
  return !excluded;
}

const targetsWorkloads = (p: GraphCaPolicy) => (p.conditions.clientApplications?.includeServicePrincipals ?? []).length > 0;

function identityMatches(p: GraphCaPolicy, s: SignIn): AnalysisReason | undefined {
  if (s.servicePrincipalId !== undefined) {
    const ca = p.conditions.clientApplications;
    const inc = has(ca?.includeServicePrincipals, "ServicePrincipalsInMyTenant") || has(ca?.includeServicePrincipals, s.servicePrincipalId);
    return inc && !has(ca?.excludeServicePrincipals, s.servicePrincipalId) ? undefined : "workloadIdentities";
  }
  if (targetsWorkloads(p)) return "workloadIdentities";
  return s.user && userInScope(p, s.user) ? undefined : "users";
}

function appIncluded(list: readonly string[] | undefined, app: string): boolean {
  return has(list, "All") || has(list, app) || (has(list, "Office365") && isOffice365App(app));
}

function applicationMatches(p: GraphCaPolicy, s: SignIn): AnalysisReason | undefined {
  const a = p.conditions.applications ?? {};
  if ((a.includeUserActions ?? []).length > 0) return has(a.includeUserActions, s.userAction) ? undefined : "userActions";
  if ((a.includeAuthenticationContextClassReferences ?? []).length > 0) {
    return has(a.includeAuthenticationContextClassReferences, s.authenticationContext) ? undefined : "authenticationContext";
  }
  const apps = s.applications ?? [];
  const ok = apps.some((app) => appIncluded(a.includeApplications, app) && !appIncluded(a.excludeApplications, app));
  return ok ? undefined : "application";
}

/** Named locations the sign-in's IP or country falls in, and whether any of them is trusted. */
export function locationMemberships(s: SignIn, locations: ReadonlyMap<string, NamedLocation>): { ids: Set<string>; trusted: boolean } {
  const ids = new Set<string>();
  let trusted = false;
  const addr = s.ipAddress && ipaddr.isValid(s.ipAddress) ? ipaddr.parse(s.ipAddress) : undefined;
  for (const loc of locations.values()) {
    let inside = false;
    if (loc.kind === "ip" && addr) {
      inside = loc.ipRanges.some((r) => {
        const [net, bits] = ipaddr.parseCIDR(r);
        return net.kind() === addr.kind() && addr.match([net, bits] as never);
      });
    } else if (loc.kind === "country") {
      inside = s.country ? has(loc.countries, s.country) : (loc.includeUnknownCountriesAndRegions && s.ipAddress !== undefined);
    }
    if (inside) {
      ids.add(loc.id.toLowerCase());
      if (loc.isTrusted) trusted = true;
    }
  }
  return { ids, trusted };
}

function locationMatches(p: GraphCaPolicy, s: SignIn, ctx: EvalContext): AnalysisReason | undefined {
  const l = p.conditions.locations;
  if (!l || (l.includeLocations ?? []).length === 0) return undefined;
  if (s.ipAddress === undefined && s.country === undefined) return "location";
  const m = locationMemberships(s, ctx.locations);
  const inList = (list: readonly string[] | undefined) => (list ?? []).some((x) =>
    x === "All" || (x === "AllTrusted" && m.trusted) || m.ids.has(x.toLowerCase()));
  return inList(l.includeLocations) && !inList(l.excludeLocations) ? undefined : "location";
}

function levelMatches(levels: readonly string[] | undefined, value: string | undefined): boolean {
  return (levels ?? []).length === 0 || has(levels, value);
}

const filterCache = new Map<string, ReturnType<typeof compileDeviceFilter>>();
function deviceMatches(p: GraphCaPolicy, s: SignIn): AnalysisReason | undefined {
  const f = p.conditions.devices?.deviceFilter;
  if (!f) return undefined;
  let fn = filterCache.get(f.rule);
  if (!fn) filterCache.set(f.rule, (fn = compileDeviceFilter(f.rule)));
  const hit = fn(s.deviceInfo);
  return (f.mode === "include" ? hit : !hit) ? undefined : "devices";
}

/** Whether the policy applies to the sign-in, with Graph's `analysisReasons` when it does not. */
export function evaluatePolicy(p: GraphCaPolicy, s: SignIn, ctx: EvalContext): PolicyEvaluation {
  if (p.state === "disabled") return { applies: false, reasons: ["policyNotEnabled"] };
  const c = p.conditions;
  const reasons: AnalysisReason[] = [];
  const add = (r: AnalysisReason | undefined) => { if (r) reasons.push(r); };
  add(identityMatches(p, s));
  add(applicationMatches(p, s));
  const types = c.clientAppTypes ?? ["all"];
  if (!(types.includes("all") || has(types, s.clientAppType))) reasons.push("clientApps");
  const pl = c.platforms;
  if (pl && (pl.includePlatforms ?? []).length > 0) {
    const ok = s.devicePlatform !== undefined && (has(pl.includePlatforms, "all") || has(pl.includePlatforms, s.devicePlatform)) && !has(pl.excludePlatforms, s.devicePlatform);
    if (!ok) reasons.push("devicePlatform");
  }
  add(locationMatches(p, s, ctx));
  if (!levelMatches(c.signInRiskLevels, s.signInRiskLevel)) reasons.push("signInRisk");
  if (!levelMatches(c.userRiskLevels, s.userRiskLevel)) reasons.push("userRisk");
  if (!levelMatches(c.servicePrincipalRiskLevels, s.servicePrincipalRiskLevel)) reasons.push("servicePrincipalRisk");
  if (c.insiderRiskLevels && !has(flags(c.insiderRiskLevels), s.insiderRiskLevel)) reasons.push("insiderRisk");
  add(deviceMatches(p, s));
  const flows = flags(c.authenticationFlows?.transferMethods);
  if (flows.length > 0 && !has(flows, s.authenticationFlow)) reasons.push("authenticationFlow");
  return { applies: reasons.length === 0, reasons };
}
