/**
 * What report-only (and enforcement) actually recorded, per declared policy: results, distinct
 * users, interactive vs non-interactive, top applications, client apps and countries, with the
 * break-glass accounts' sign-ins called out. Accumulates record by record (constant memory per
 * policy, apart from distinct-user sets), so the reader can stream.
 */
import type { SignInRecord } from "./record";

export interface DeclaredRef {
  key: string;
  displayName: string;
  /** Live object id when known (from state). */
  id?: string;
}

export interface PolicyEvidence {
  key: string;
  displayName: string;
  /** Sign-ins that carry a result for this policy. */
  signIns: number;
  results: Record<string, number>;
  /** Sign-ins the policy applied to (any result but not-applied / not-enabled); the figures below count these. */
  applied: number;
  users: number;
  interactive: number;
  nonInteractive: number;
  topApplications: [string, number][];
  clientApps: [string, number][];
  countries: [string, number][];
  /** Share of all sign-ins carrying the policy: blocked (failure, reportOnlyFailure) and interrupted (reportOnlyInterrupted). */
  failureRate: number;
  interruptionRate: number;
  /** Non-interactive sign-ins among all that carry the policy (applied or not), and their share. */
  nonInteractiveSignIns: number;
  nonInteractiveShare: number;
}

/** Results that mean the policy did not apply. */
export const NOT_APPLIED_RESULTS: ReadonlySet<string> = new Set(["notApplied", "reportOnlyNotApplied", "notEnabled", "unknown", "unknownFutureValue"]);
const FAILURE_RESULTS = new Set(["failure", "reportOnlyFailure"]);

export interface AccountSignIns {
  account: string;
  signIns: number;
  failed: number;
  /** Policies that applied, `key:result` → count. */
  results: Record<string, number>;
}

export interface EvidenceReport {
  window: { from?: string; to?: string };
  /** First and last sign-in counted. */
  span?: { first: string; last: string };
  signIns: number;
  interactive: number;
  nonInteractive: number;
  /** Records with no per-policy results (the portal CSV has none). */
  withoutPolicyResults: number;
  policies: PolicyEvidence[];
  /** Policies the logs name that this stack does not declare. */
  unknownPolicies: [string, number][];
  breakGlass: AccountSignIns[];
  /** Break-glass UPNs seen signing in with an object id the stack does not exclude (its configured id is wrong). */
  breakGlassIdMismatches: { account: string; loggedId: string }[];
  /** Sign-ins of accounts holding the stack's admin roles (known only with a directory export). */
  admins: AccountSignIns[] | null;
}

/** Accounts to call out, by lower-cased object id and UPN. */
export interface Watched { ids: readonly string[]; upns: readonly string[] }

const bump = (m: Map<string, number>, k: string | undefined, n = 1) => { if (k) m.set(k, (m.get(k) ?? 0) + n); };
const top = (m: Map<string, number>, n: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);

interface AccountAcc { signIns: number; failed: number; results: Map<string, number> }
interface WatchSets { ids: Set<string>; upns: Set<string> }
const watchSets = (w: Watched): WatchSets => ({ ids: new Set(w.ids.map((x) => x.toLowerCase())), upns: new Set(w.upns.map((x) => x.toLowerCase())) });
const watchedIn = (w: WatchSets, r: SignInRecord) => (r.userId !== undefined && w.ids.has(r.userId.toLowerCase())) || (r.userPrincipalName !== undefined && w.upns.has(r.userPrincipalName.toLowerCase()));
function accountAcc(m: Map<string, AccountAcc>, account: string): AccountAcc {
  let a = m.get(account);
  if (!a) m.set(account, (a = { signIns: 0, failed: 0, results: new Map() }));
  return a;
}
const accounts = (m: Map<string, AccountAcc>): AccountSignIns[] => [...m].sort(([a], [b]) => a.localeCompare(b))
  .map(([account, v]) => ({ account, signIns: v.signIns, failed: v.failed, results: Object.fromEntries([...v.results].sort(([x], [y]) => x.localeCompare(y))) }));
const sum = (m: Map<string, number>, keys: ReadonlySet<string>) => [...m].reduce((n, [k, v]) => n + (keys.has(k) ? v : 0), 0);
/** Rates are kept to four decimals: the figures are compared across formats and against KQL. */
export const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);

export interface EvidenceSnapshot {
  accs: Omit<Acc, "ref">[];
  unknown: Map<string, number>;
  bg: Map<string, AccountAcc>;
  adminAcc: Map<string, AccountAcc>;
  idMismatches: Map<string, { account: string; loggedId: string }>;
  total: number; first?: string; last?: string; interactive: number; nonInteractive: number; withoutResults: number;
}

interface Acc {
  ref: DeclaredRef;
  signIns: number;
  nonInteractiveSignIns: number;
  applied: number;
  results: Map<string, number>;
  users: Set<string>;
  interactive: number;
  nonInteractive: number;
  apps: Map<string, number>;
  clients: Map<string, number>;
  countries: Map<string, number>;
}

export class EvidenceAccumulator {
  private readonly byId = new Map<string, Acc>();
  private readonly byName = new Map<string, Acc>();
  /** Ids already looked up without a match (a policy the stack does not declare). */
  private readonly missed = new Set<string>();
  /** The previous record's policy ids by position, with what they matched. */
  private readonly lastIds: string[] = [];
  private readonly lastAccs: (Acc | undefined)[] = [];
  private readonly accs: Acc[];
  private readonly unknown = new Map<string, number>();
  private readonly bg = new Map<string, AccountAcc>();
  private readonly adminAcc = new Map<string, AccountAcc>();
  private readonly watchBg: WatchSets;
  private readonly idMismatches = new Map<string, { account: string; loggedId: string }>();
  private readonly watchAdmins?: WatchSets;
  private total = 0;
  private first: string | undefined;
  private last: string | undefined;
  private interactive = 0;
  private nonInteractive = 0;
  private withoutResults = 0;

  constructor(declared: readonly DeclaredRef[], breakGlass: Watched, private readonly window: { from?: string; to?: string } = {}, admins?: Watched) {
    this.watchBg = watchSets(breakGlass);
    this.watchAdmins = admins ? watchSets(admins) : undefined;
    this.accs = declared.map((ref) => ({ ref, signIns: 0, nonInteractiveSignIns: 0, applied: 0, results: new Map(), users: new Set(), interactive: 0, nonInteractive: 0, apps: new Map(), clients: new Map(), countries: new Map() }));
    for (const a of this.accs) {
      if (a.ref.id) this.byId.set(a.ref.id.toLowerCase(), a);
      this.byName.set(a.ref.displayName.trim().toLowerCase(), a);
    }
  }

  /** Whether the record falls in the window (ISO strings compare in time order). */
  inWindow(r: SignInRecord): boolean {
    return (!this.window.from || r.time >= this.window.from) && (!this.window.to || r.time < this.window.to);
  }

  add(r: SignInRecord): void {
    if (!this.inWindow(r)) return;
    this.total++;
    if (this.first === undefined || r.time < this.first) this.first = r.time;
    if (this.last === undefined || r.time > this.last) this.last = r.time;
    if (r.interactive === true) this.interactive++;
    else if (r.interactive === false) this.nonInteractive++;
    const user = (r.userId ?? r.userPrincipalName ?? "").toLowerCase();
    const account = r.userPrincipalName ?? r.userId ?? "";
    const watched: AccountAcc[] = [];
    if (watchedIn(this.watchBg, r)) watched.push(accountAcc(this.bg, account));
    if (this.watchAdmins && watchedIn(this.watchAdmins, r)) watched.push(accountAcc(this.adminAcc, account));
    if (r.userId && r.userPrincipalName && this.watchBg.upns.has(r.userPrincipalName.toLowerCase()) && !this.watchBg.ids.has(r.userId.toLowerCase())) {
      this.idMismatches.set(`${r.userPrincipalName.toLowerCase()} ${r.userId.toLowerCase()}`, { account: r.userPrincipalName, loggedId: r.userId });
    }
    for (const w of watched) { w.signIns++; if (r.errorCode !== undefined && r.errorCode !== 0) w.failed++; }
    if (!r.policies) { this.withoutResults++; return; }
    const ps = r.policies;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      // Logs list a tenant's policies in the same order record after record: compare with the previous record's id first.
      let a: Acc | undefined;
      if (p.id !== "" && this.lastIds[i] === p.id) a = this.lastAccs[i];
      else { a = this.lookup(p.id, p.displayName); this.lastIds[i] = p.id; this.lastAccs[i] = a; }
      if (!a) { bump(this.unknown, p.displayName || p.id); continue; }
      a.signIns++;
      if (r.interactive === false) a.nonInteractiveSignIns++;
      bump(a.results, p.result);
      if (NOT_APPLIED_RESULTS.has(p.result)) continue;
      a.applied++;
      if (user) a.users.add(user);
      if (r.interactive === true) a.interactive++;
      else if (r.interactive === false) a.nonInteractive++;
      bump(a.apps, r.appDisplayName ?? r.appId);
      bump(a.clients, r.clientAppUsed);
      bump(a.countries, r.country);
      for (const w of watched) bump(w.results, `${a.ref.key}:${p.result}`);
    }
  }

  /** By object id, then display name; exact keys first (logs write ids lower-case), so the hot path lower-cases nothing. */
  private lookup(id: string, displayName: string): Acc | undefined {
    if (id) {
      const hit = this.byId.get(id);
      if (hit) return hit;
      if (this.missed.has(id)) return undefined;
    }
    const a = this.byId.get(id.toLowerCase()) ?? this.byName.get(displayName.trim().toLowerCase());
    // An object id names one policy for the whole log: once matched (by id or name), it is looked up directly.
    if (id && a) this.byId.set(id, a);
    else if (id) this.missed.add(id);
    return a;
  }

  /** The counters as plain data (Maps and Sets structured-clone across worker threads). */
  snapshot(): EvidenceSnapshot {
    return {
      accs: this.accs.map(({ ref: _ref, ...a }) => a), unknown: this.unknown, bg: this.bg, adminAcc: this.adminAcc, idMismatches: this.idMismatches,
      total: this.total, first: this.first, last: this.last, interactive: this.interactive, nonInteractive: this.nonInteractive, withoutResults: this.withoutResults,
    };
  }

  /** Adds another accumulator's counters (same declared policies): the result equals one pass over both inputs. */
  merge(o: EvidenceSnapshot): void {
    this.accs.forEach((a, i) => {
      const b = o.accs[i];
      a.signIns += b.signIns; a.nonInteractiveSignIns += b.nonInteractiveSignIns; a.applied += b.applied; a.interactive += b.interactive; a.nonInteractive += b.nonInteractive;
      for (const u of b.users) a.users.add(u);
      for (const [m, n] of [[a.results, b.results], [a.apps, b.apps], [a.clients, b.clients], [a.countries, b.countries]] as const) for (const [k, v] of n) bump(m, k, v);
    });
    for (const [k, v] of o.unknown) bump(this.unknown, k, v);
    for (const [mine, theirs] of [[this.bg, o.bg], [this.adminAcc, o.adminAcc]] as const) {
      for (const [k, v] of theirs) {
        const a = accountAcc(mine, k);
        a.signIns += v.signIns; a.failed += v.failed;
        for (const [r, n] of v.results) bump(a.results, r, n);
      }
    }
    for (const [k, v] of o.idMismatches) this.idMismatches.set(k, v);
    this.total += o.total; this.interactive += o.interactive; this.nonInteractive += o.nonInteractive; this.withoutResults += o.withoutResults;
    if (o.first !== undefined && (this.first === undefined || o.first < this.first)) this.first = o.first;
    if (o.last !== undefined && (this.last === undefined || o.last > this.last)) this.last = o.last;
  }

  report(): EvidenceReport {
    return {
      window: this.window,
      ...(this.first && this.last ? { span: { first: this.first, last: this.last } } : {}),
      signIns: this.total,
      interactive: this.interactive,
      nonInteractive: this.nonInteractive,
      withoutPolicyResults: this.withoutResults,
      policies: this.accs.map((a) => ({
        key: a.ref.key,
        displayName: a.ref.displayName,
        signIns: a.signIns,
        results: Object.fromEntries([...a.results].sort(([x], [y]) => x.localeCompare(y))),
        applied: a.applied,
        users: a.users.size,
        interactive: a.interactive,
        nonInteractive: a.nonInteractive,
        topApplications: top(a.apps, 5),
        clientApps: top(a.clients, 5),
        countries: top(a.countries, 5),
        failureRate: rate(sum(a.results, FAILURE_RESULTS), a.signIns),
        interruptionRate: rate(a.results.get("reportOnlyInterrupted") ?? 0, a.signIns),
        nonInteractiveSignIns: a.nonInteractiveSignIns,
        nonInteractiveShare: rate(a.nonInteractiveSignIns, a.signIns),
      })),
      unknownPolicies: top(this.unknown, 50),
      breakGlass: accounts(this.bg),
      breakGlassIdMismatches: [...this.idMismatches.values()],
      admins: this.watchAdmins ? accounts(this.adminAcc) : null,
    };
  }
}
