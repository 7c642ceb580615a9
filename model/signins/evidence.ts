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
  users: number;
  interactive: number;
  nonInteractive: number;
  topApplications: [string, number][];
  clientApps: [string, number][];
  countries: [string, number][];
}

export interface EvidenceReport {
  window: { from?: string; to?: string };
  signIns: number;
  interactive: number;
  nonInteractive: number;
  /** Records with no per-policy results (the portal CSV has none). */
  withoutPolicyResults: number;
  policies: PolicyEvidence[];
  /** Policies the logs name that this stack does not declare. */
  unknownPolicies: [string, number][];
  breakGlass: { account: string; signIns: number; results: Record<string, number> }[];
}

const bump = (m: Map<string, number>, k: string | undefined, n = 1) => { if (k) m.set(k, (m.get(k) ?? 0) + n); };
const top = (m: Map<string, number>, n: number): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);

interface Acc {
  ref: DeclaredRef;
  signIns: number;
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
  private readonly accs: Acc[];
  private readonly unknown = new Map<string, number>();
  private readonly bg = new Map<string, { signIns: number; results: Map<string, number> }>();
  private total = 0;
  private interactive = 0;
  private nonInteractive = 0;
  private withoutResults = 0;

  constructor(declared: readonly DeclaredRef[], private readonly breakGlass: { ids: string[]; upns: string[] }, private readonly window: { from?: string; to?: string } = {}) {
    this.accs = declared.map((ref) => ({ ref, signIns: 0, results: new Map(), users: new Set(), interactive: 0, nonInteractive: 0, apps: new Map(), clients: new Map(), countries: new Map() }));
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
    if (r.interactive === true) this.interactive++;
    else if (r.interactive === false) this.nonInteractive++;
    const user = (r.userId ?? r.userPrincipalName ?? "").toLowerCase();
    const isBreakGlass = (r.userId && this.breakGlass.ids.includes(r.userId.toLowerCase())) || (r.userPrincipalName && this.breakGlass.upns.includes(r.userPrincipalName.toLowerCase()));
    const bg = isBreakGlass ? this.bg.get(r.userPrincipalName ?? r.userId ?? "") ?? { signIns: 0, results: new Map() } : undefined;
    if (bg) { bg.signIns++; this.bg.set(r.userPrincipalName ?? r.userId ?? "", bg); }
    if (!r.policies) { this.withoutResults++; return; }
    for (const p of r.policies) {
      const a = this.byId.get(p.id.toLowerCase()) ?? this.byName.get(p.displayName.trim().toLowerCase());
      if (!a) { bump(this.unknown, p.displayName || p.id); continue; }
      a.signIns++;
      bump(a.results, p.result);
      if (user) a.users.add(user);
      if (r.interactive === true) a.interactive++;
      else if (r.interactive === false) a.nonInteractive++;
      bump(a.apps, r.appDisplayName ?? r.appId);
      bump(a.clients, r.clientAppUsed);
      bump(a.countries, r.country);
      if (bg) bump(bg.results, `${a.ref.key}:${p.result}`);
    }
  }

  report(): EvidenceReport {
    return {
      window: this.window,
      signIns: this.total,
      interactive: this.interactive,
      nonInteractive: this.nonInteractive,
      withoutPolicyResults: this.withoutResults,
      policies: this.accs.map((a) => ({
        key: a.ref.key,
        displayName: a.ref.displayName,
        signIns: a.signIns,
        results: Object.fromEntries([...a.results].sort(([x], [y]) => x.localeCompare(y))),
        users: a.users.size,
        interactive: a.interactive,
        nonInteractive: a.nonInteractive,
        topApplications: top(a.apps, 5),
        clientApps: top(a.clients, 5),
        countries: top(a.countries, 5),
      })),
      unknownPolicies: top(this.unknown, 50),
      breakGlass: [...this.bg].map(([account, v]) => ({ account, signIns: v.signIns, results: Object.fromEntries(v.results) })),
    };
  }
}
