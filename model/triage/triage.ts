/**
 * Suspicious sign-in triage over exported logs: the investigation checklist (time, operation,
 * attempts, IP owner, MFA, risk) per sign-in, a baseline per user from the same export, and a verdict
 * per sign-in and per user that names its evidence. Sign-ins are kept (triage needs each user's
 * sequence and each IP's spread); a tenant's full logs belong in the KQL twin (kql.ts).
 */
import type { SignInRecord } from "../signins/record";
import { ERROR_CODES, explainError, isFailedAttempt } from "./errorCodes";
import type { IpOwner, IpOwners } from "./networks";
import { distanceKm, isFirstParty, isRisky, isSuccess, ownSignals, type Signal, type SignalCode } from "./signals";

export const VERDICTS = ["likely-compromise", "needs-review", "expected-service-traffic", "ok"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TriageThresholds {
  /** Distinct users one IP fails against within `sprayWindowMinutes` to count as a password spray. */
  sprayUsers: number;
  sprayWindowMinutes: number;
  /** Failed attempts before a success (same user, or same IP) within `failureWindowHours` that make the success suspect. */
  failuresBeforeSuccess: number;
  failureWindowHours: number;
  /** Interactive attempts by one user within `burstMinutes`. */
  burstAttempts: number;
  burstMinutes: number;
  /** Speed between consecutive successful interactive sign-ins that no traveller reaches, and the least distance judged. */
  travelKmh: number;
  travelMinKm: number;
  /** Interactive sign-ins a user needs in the export before their usual hours are judged. */
  baselineSignIns: number;
}

/**
 * Defaults: 10 users in an hour is far above a typo-prone user and well below a real spray's reach;
 * 3 failures is the usual lockout-alert floor; 900 km/h is airliner speed; 10 interactive sign-ins
 * give a working week of hours.
 */
export const DEFAULT_THRESHOLDS: TriageThresholds = {
  sprayUsers: 10, sprayWindowMinutes: 60, failuresBeforeSuccess: 3, failureWindowHours: 24,
  burstAttempts: 10, burstMinutes: 10, travelKmh: 900, travelMinKm: 500, baselineSignIns: 10,
};

export interface Reason { code: SignalCode | "spray-success" | "expected-service"; text: string }

export interface TriagedSignIn {
  time: string; user: string; verdict: Verdict; reasons: Reason[];
  ip?: string; owner?: string; app?: string; resource?: string; clientApp?: string; userAgent?: string;
  interactive?: boolean; result: string; authentication?: string; country?: string;
}

export interface UserTriage {
  user: string; verdict: Verdict; signIns: number;
  /** Holds an admin role (known with a directory export). */
  admin?: boolean; failedAttempts: number; successes: number; singleFactorSuccesses: number;
  reasons: { code: string; count: number; example: string }[];
}

export interface TriageReport {
  window: { from?: string; to?: string };
  signIns: number;
  verdicts: Record<Verdict, number>;
  users: UserTriage[];
  /** Sign-ins judged needs-review or likely-compromise, worst first (at most `limit`). */
  flagged: TriagedSignIn[];
  flaggedOmitted: number;
  ips: { ip: string; owner: string; cloudHosted: boolean; signIns: number; users: number; failedAttempts: number; successes: number; sprayUsers?: number }[];
  errors: { code: number; text: string; count: number }[];
  /** Per country: sign-ins, those judged needs-review or worse, and successes judged fine (the tenant's own use of it). */
  countries: { country: string; signIns: number; flagged: number; cleanSuccesses: number; likelyCompromise: number }[];
  /** Interactive successes; single-factor ones outside the trusted networks counted apart (those are findings). */
  mfa: { singleFactorSuccesses: number; singleFactorOutsideTrusted: number; multiFactorSuccesses: number; methods: [string, number][] };
  risk: { levels: [string, number][]; eventTypes: [string, number][]; tokenIssuers: [string, number][] };
  operations: { apps: [string, number][]; clientApps: [string, number][]; legacy: number };
}

const rank = (v: Verdict) => VERDICTS.indexOf(v);
/** An hour with under 2 % of the tenant's interactive sign-ins (a 24-hour tenant has about 4 % in each), a weekday with under 5 % (an even week has 14 %). */
const RARE_HOUR_SHARE = 0.02;
const RARE_DAY_SHARE = 0.05;
const bump = (m: Map<string, number>, k: string | undefined) => { if (k) m.set(k, (m.get(k) ?? 0) + 1); };
const top = (m: Map<string, number>, n = 10): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
const userKey = (r: SignInRecord) => (r.userPrincipalName ?? r.userId ?? "(unknown user)").toLowerCase();

interface Entry { r: SignInRecord; t: number; user: string; owner?: IpOwner; signals: Signal[] }

export class TriageAccumulator {
  private readonly entries: Entry[] = [];

  constructor(private readonly owners: IpOwners, private readonly opts: { thresholds?: Partial<TriageThresholds>; window?: { from?: string; to?: string }; user?: string; admins?: ReadonlySet<string> } = {}) {}

  inWindow(r: SignInRecord): boolean {
    const w = this.opts.window ?? {};
    return (!w.from || r.time >= w.from) && (!w.to || r.time < w.to);
  }

  add(r: SignInRecord): void {
    if (!this.inWindow(r)) return;
    const owner = this.owners.owner(r.ipAddress, r.autonomousSystemNumber);
    this.entries.push({ r, t: Date.parse(r.time), user: userKey(r), owner, signals: ownSignals(r, owner) });
  }

  report(limit = 200): TriageReport {
    const th = { ...DEFAULT_THRESHOLDS, ...this.opts.thresholds };
    const all = [...this.entries].sort((a, b) => a.t - b.t);
    const extra = new Map<Entry, Reason[]>();
    const note = (e: Entry, reason: Reason) => { let l = extra.get(e); if (!l) extra.set(e, (l = [])); if (!l.some((x) => x.code === reason.code)) l.push(reason); };
    const sprays = this.sprays(all, th);
    const byUser = new Map<string, Entry[]>();
    for (const e of all) { let l = byUser.get(e.user); if (!l) byUser.set(e.user, (l = [])); l.push(e); }
    const tenant = { hours: new Array<number>(24).fill(0), days: new Array<number>(7).fill(0), total: 0 };
    for (const e of all) if (e.r.interactive === true) { const d = new Date(e.t); tenant.hours[d.getUTCHours()]++; tenant.days[d.getUTCDay()]++; tenant.total++; }
    for (const list of byUser.values()) this.userChecks(list, th, tenant, note);
    this.failuresBeforeSuccess(all, th, note);
    const verdictOf = new Map<Entry, { verdict: Verdict; reasons: Reason[] }>();
    for (const e of all) {
      const reasons: Reason[] = [...e.signals, ...(extra.get(e) ?? [])];
      const spray = e.r.ipAddress ? sprays.get(e.r.ipAddress) : undefined;
      if (spray !== undefined) reasons.push({ code: "spray-source", text: `IP ${e.r.ipAddress} failed against ${spray} users within ${th.sprayWindowMinutes} min (password spray)` });
      verdictOf.set(e, judge(e, reasons, spray !== undefined));
    }
    return this.summarise(all, verdictOf, sprays, limit);
  }

  /** IPs whose failed attempts reach `sprayUsers` distinct users within the window (sliding), with that count. */
  private sprays(all: Entry[], th: TriageThresholds): Map<string, number> {
    const failsByIp = new Map<string, Entry[]>();
    for (const e of all) if (e.r.ipAddress && isFailedAttempt(e.r.errorCode)) { let l = failsByIp.get(e.r.ipAddress); if (!l) failsByIp.set(e.r.ipAddress, (l = [])); l.push(e); }
    const out = new Map<string, number>();
    const span = th.sprayWindowMinutes * 60_000;
    for (const [ip, fails] of failsByIp) {
      let best = 0;
      const counts = new Map<string, number>();
      for (let i = 0, j = 0; j < fails.length; j++) {
        counts.set(fails[j].user, (counts.get(fails[j].user) ?? 0) + 1);
        while (fails[j].t - fails[i].t > span) {
          const n = counts.get(fails[i].user)! - 1;
          if (n === 0) counts.delete(fails[i].user); else counts.set(fails[i].user, n);
          i++;
        }
        best = Math.max(best, counts.size);
      }
      if (best >= th.sprayUsers) out.set(ip, best);
    }
    return out;
  }

  /**
   * Off-hours: outside the span of the user's other interactive hours (and days of the week) in the
   * export, at an hour (day) when the tenant as a whole rarely signs in: a night-shift worker has
   * their own span, and an early start at 08:00 is not flagged because the tenant works then.
   * Then bursts and impossible travel.
   */
  private userChecks(list: Entry[], th: TriageThresholds, tenant: { hours: number[]; days: number[]; total: number }, note: (e: Entry, r: Reason) => void): void {
    const interactive = list.filter((e) => e.r.interactive === true);
    if (interactive.length >= th.baselineSignIns) {
      const hourOf = (e: Entry) => new Date(e.t).getUTCHours(), dayOf = (e: Entry) => new Date(e.t).getUTCDay();
      const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
      // The baseline is when the user signs in successfully; failures (someone else's, perhaps) are judged against it.
      const hours = new Array<number>(24).fill(0), days = new Array<number>(7).fill(0);
      const successes = interactive.filter((e) => isSuccess(e.r));
      for (const e of successes) { hours[hourOf(e)]++; days[dayOf(e)]++; }
      for (const e of interactive) {
        const h = hourOf(e), d = dayOf(e);
        const self = isSuccess(e.r) ? 1 : 0;
        const others = successes.length - self;
        if (others < th.baselineSignIns - 1) continue;
        // The span of the user's other successful sign-ins' hours: this one taken out of the histogram.
        const other = (x: number) => hours[x] - (x === h ? self : 0) > 0;
        let lo = 0, hi = 23;
        while (lo < 23 && !other(lo)) lo++;
        while (hi > 0 && !other(hi)) hi--;
        const rareHour = tenant.hours[h] / tenant.total < RARE_HOUR_SHARE;
        if ((h < lo - 1 || h > hi + 1) && rareHour) {
          note(e, { code: "off-hours", text: `at ${String(h).padStart(2, "0")}:xx UTC, outside the user's usual ${String(lo).padStart(2, "0")}:00–${String(hi).padStart(2, "0")}:59 (${others} other successful interactive sign-ins), an hour with ${(100 * tenant.hours[h] / tenant.total).toFixed(1)} % of the tenant's` });
        } else if (days[d] === self && tenant.days[d] / tenant.total < RARE_DAY_SHARE) {
          note(e, { code: "off-hours", text: `on a ${DAYS[d]}, a day the user never signs in on otherwise (${others} other successful interactive sign-ins), with ${(100 * tenant.days[d] / tenant.total).toFixed(1)} % of the tenant's` });
        }
      }
    }
    const span = th.burstMinutes * 60_000;
    for (let i = 0, j = 0; j < interactive.length; j++) {
      while (interactive[j].t - interactive[i].t > span) i++;
      if (j - i + 1 >= th.burstAttempts) for (let k = i; k <= j; k++) note(interactive[k], { code: "burst", text: `${j - i + 1} interactive attempts within ${th.burstMinutes} min` });
    }
    let prev: Entry | undefined;
    for (const e of interactive) {
      if (!isSuccess(e.r) || e.r.latitude === undefined || e.r.longitude === undefined) continue;
      if (prev) {
        const km = distanceKm([prev.r.latitude!, prev.r.longitude!], [e.r.latitude, e.r.longitude]);
        const hours = Math.max((e.t - prev.t) / 3_600_000, 1 / 60);
        if (km >= th.travelMinKm && km / hours > th.travelKmh) {
          note(e, { code: "impossible-travel", text: `${Math.round(km)} km from the previous success (${prev.r.city ?? prev.r.country ?? prev.r.ipAddress}) in ${Math.round(hours * 60)} min: ${Math.round(km / hours)} km/h` });
        }
      }
      prev = e;
    }
  }

  /** A success after failed attempts of the same user, or from the same IP, within the window. */
  private failuresBeforeSuccess(all: Entry[], th: TriageThresholds, note: (e: Entry, r: Reason) => void): void {
    const span = th.failureWindowHours * 3_600_000;
    for (const [key, of] of [[(e: Entry) => e.user, "user"], [(e: Entry) => e.r.ipAddress, "IP"]] as const) {
      // Failure times per key, in time order (`all` is sorted), with the index of the first still inside the window.
      const fails = new Map<string, { times: number[]; from: number }>();
      for (const e of all) {
        const k = key(e);
        if (!k) continue;
        if (isFailedAttempt(e.r.errorCode)) { let l = fails.get(k); if (!l) fails.set(k, (l = { times: [], from: 0 })); l.times.push(e.t); continue; }
        if (!isSuccess(e.r) || e.r.interactive === false) continue;
        const l = fails.get(k);
        if (!l) continue;
        while (l.from < l.times.length && e.t - l.times[l.from] > span) l.from++;
        const before = l.times.length - l.from;
        if (before >= th.failuresBeforeSuccess) note(e, { code: "failures-before-success", text: `success after ${before} failed attempts from the same ${of} within ${th.failureWindowHours} h` });
        // A user's success ends their run of failures; an IP's failures may belong to other users and stay.
        if (of === "user") fails.delete(k);
      }
    }
  }

  private summarise(all: Entry[], verdictOf: Map<Entry, { verdict: Verdict; reasons: Reason[] }>, sprays: Map<string, number>, limit: number): TriageReport {
    const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
    const users = new Map<string, UserTriage & { byCode: Map<string, { count: number; example: string }> }>();
    const ips = new Map<string, { owner: IpOwner | undefined; signIns: number; users: Set<string>; failedAttempts: number; successes: number }>();
    const errors = new Map<number, number>();
    const countries = new Map<string, { signIns: number; flagged: number; cleanSuccesses: number; likelyCompromise: number }>();
    const methods = new Map<string, number>(), levels = new Map<string, number>(), events = new Map<string, number>(), issuers = new Map<string, number>();
    const apps = new Map<string, number>(), clients = new Map<string, number>();
    let single = 0, singleUntrusted = 0, multi = 0, legacy = 0;
    const flagged: { e: Entry; v: { verdict: Verdict; reasons: Reason[] } }[] = [];
    for (const e of all) {
      if (this.opts.user && e.user !== this.opts.user.toLowerCase()) continue;
      const v = verdictOf.get(e)!;
      verdicts[v.verdict]++;
      let u = users.get(e.user);
      if (!u) users.set(e.user, (u = { user: e.r.userPrincipalName ?? e.r.userId ?? e.user, verdict: v.verdict, signIns: 0, failedAttempts: 0, successes: 0, singleFactorSuccesses: 0, reasons: [], byCode: new Map() }));
      u.signIns++;
      if (this.opts.admins && ((e.r.userId && this.opts.admins.has(e.r.userId.toLowerCase())) || this.opts.admins.has(e.user))) u.admin = true;
      // A user is as bad as their worst sign-in; only a user whose every sign-in is service traffic is called that.
      u.verdict = userVerdict(u.verdict, v.verdict);
      const failed = isFailedAttempt(e.r.errorCode), ok = isSuccess(e.r);
      if (failed) u.failedAttempts++;
      if (ok) u.successes++;
      if (v.verdict === "needs-review" || v.verdict === "likely-compromise") {
        flagged.push({ e, v });
        for (const r of v.reasons) { const c = u.byCode.get(r.code); if (c) c.count++; else u.byCode.set(r.code, { count: 1, example: r.text }); }
      }
      if (e.r.ipAddress) {
        let ip = ips.get(e.r.ipAddress);
        if (!ip) ips.set(e.r.ipAddress, (ip = { owner: e.owner, signIns: 0, users: new Set(), failedAttempts: 0, successes: 0 }));
        ip.signIns++; ip.users.add(e.user); if (failed) ip.failedAttempts++; if (ok) ip.successes++;
      }
      if (e.r.errorCode) errors.set(e.r.errorCode, (errors.get(e.r.errorCode) ?? 0) + 1);
      if (e.r.country) {
        let c = countries.get(e.r.country);
        if (!c) countries.set(e.r.country, (c = { signIns: 0, flagged: 0, cleanSuccesses: 0, likelyCompromise: 0 }));
        c.signIns++;
        if (v.verdict === "needs-review" || v.verdict === "likely-compromise") c.flagged++;
        else if (ok) c.cleanSuccesses++;
        if (v.verdict === "likely-compromise") c.likelyCompromise++;
      }
      if (ok && e.r.interactive !== false) {
        if (/^singleFactorAuthentication$/i.test(e.r.authenticationRequirement ?? "")) {
          single++; u.singleFactorSuccesses++;
          if (e.signals.some((x) => x.code === "single-factor-success")) singleUntrusted++;
        }
        else if (/^multiFactorAuthentication$/i.test(e.r.authenticationRequirement ?? "")) multi++;
      }
      for (const m of e.r.authenticationMethods ?? []) bump(methods, m);
      bump(levels, e.r.riskLevelDuringSignIn);
      for (const t of e.r.riskEventTypes ?? []) bump(events, t);
      bump(issuers, e.r.tokenIssuerType);
      bump(apps, e.r.appDisplayName ?? e.r.appId);
      bump(clients, e.r.clientAppUsed);
      if (e.signals.some((s) => s.code === "legacy-protocol")) legacy++;
    }
    flagged.sort((a, b) => rank(a.v.verdict) - rank(b.v.verdict) || a.e.t - b.e.t);
    return {
      window: this.opts.window ?? {},
      signIns: VERDICTS.reduce((n, v) => n + verdicts[v], 0),
      verdicts,
      users: [...users.values()].sort((a, b) => rank(a.verdict) - rank(b.verdict) || b.failedAttempts - a.failedAttempts || a.user.localeCompare(b.user))
        .map(({ byCode, ...u }) => ({ ...u, reasons: [...byCode].map(([code, c]) => ({ code, ...c })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)) })),
      flagged: flagged.slice(0, limit).map(({ e, v }) => triaged(e, v)),
      flaggedOmitted: Math.max(0, flagged.length - limit),
      ips: [...ips].map(([ip, x]) => ({ ip, owner: x.owner?.summary ?? "", cloudHosted: x.owner?.cloudHosted ?? false, signIns: x.signIns, users: x.users.size, failedAttempts: x.failedAttempts, successes: x.successes, ...(sprays.has(ip) ? { sprayUsers: sprays.get(ip) } : {}) }))
        .sort((a, b) => b.failedAttempts - a.failedAttempts || b.signIns - a.signIns || a.ip.localeCompare(b.ip)).slice(0, 50),
      errors: [...errors].map(([code, count]) => ({ code, text: ERROR_CODES[code]?.text ?? explainError(code), count })).sort((a, b) => b.count - a.count || a.code - b.code),
      countries: [...countries].map(([country, c]) => ({ country, ...c })).sort((a, b) => b.flagged - a.flagged || b.signIns - a.signIns || a.country.localeCompare(b.country)),
      mfa: { singleFactorSuccesses: single, singleFactorOutsideTrusted: singleUntrusted, multiFactorSuccesses: multi, methods: top(methods) },
      risk: { levels: top(levels), eventTypes: top(events), tokenIssuers: top(issuers) },
      operations: { apps: top(apps), clientApps: top(clients), legacy },
    };
  }
}

function userVerdict(so: Verdict, next: Verdict): Verdict {
  if (so === "likely-compromise" || next === "likely-compromise") return "likely-compromise";
  if (so === "needs-review" || next === "needs-review") return "needs-review";
  return so === "expected-service-traffic" && next === "expected-service-traffic" ? so : "ok";
}

/** The verdict and the evidence it rests on. */
function judge(e: Entry, reasons: Reason[], fromSpray: boolean): { verdict: Verdict; reasons: Reason[] } {
  const has = (c: string) => reasons.some((r) => r.code === c);
  const ok = isSuccess(e.r);
  if (ok && fromSpray) return { verdict: "likely-compromise", reasons: [{ code: "spray-success", text: "a success from the spraying IP" }, ...reasons] };
  if (ok && e.r.interactive !== false && has("single-factor-success") && has("cloud-hosted-source") && has("failures-before-success")) {
    return { verdict: "likely-compromise", reasons };
  }
  if (ok && has("cloud-hosted-source") && (e.r.riskLevelDuringSignIn === "high" || has("impossible-travel"))) return { verdict: "likely-compromise", reasons };
  if (reasons.length > 0) return { verdict: "needs-review", reasons };
  if (e.r.interactive === false && isFirstParty(e.r) && e.owner?.network === "microsoft" && !isRisky(e.r)) {
    return { verdict: "expected-service-traffic", reasons: [{ code: "expected-service", text: `non-interactive, Microsoft first-party app ${e.r.appDisplayName ?? e.r.appId}, ${e.owner.summary}, no risk` }] };
  }
  return { verdict: "ok", reasons: [] };
}

function triaged(e: Entry, v: { verdict: Verdict; reasons: Reason[] }): TriagedSignIn {
  const r = e.r;
  return {
    time: r.time, user: r.userPrincipalName ?? r.userId ?? e.user, verdict: v.verdict, reasons: v.reasons,
    ...(r.ipAddress ? { ip: r.ipAddress } : {}), ...(e.owner ? { owner: e.owner.summary } : {}),
    ...(r.appDisplayName ?? r.appId ? { app: r.appDisplayName ?? r.appId } : {}), ...(r.resourceDisplayName ?? r.resourceId ? { resource: r.resourceDisplayName ?? r.resourceId } : {}),
    ...(r.clientAppUsed ? { clientApp: r.clientAppUsed } : {}), ...(r.userAgent ? { userAgent: r.userAgent } : {}),
    ...(r.interactive !== undefined ? { interactive: r.interactive } : {}), result: explainError(r.errorCode),
    ...(r.authenticationRequirement ? { authentication: r.authenticationRequirement + (r.authenticationMethods?.length ? ` (${r.authenticationMethods.join(", ")})` : "") } : {}),
    ...(r.country ? { country: r.country } : {}),
  };
}
