/**
 * Replay: each logged sign-in run through the compiled what-if evaluator twice.
 *  - The policies as they would be after the next promotion (report-only → canary → enforced): who
 *    would be blocked or interrupted, per policy and per user, break-glass accounts and admins first.
 *  - The policies as declared now: where the record carries Microsoft's own result for the same
 *    policy, whether our evaluator agrees (a fidelity figure on real data), with the disagreements.
 * Constant memory apart from per-user counters and a bounded list of disagreement examples.
 */
import { CompiledPolicySet } from "../whatif/compiled";
import { reportOnlyResult } from "../whatif/outcome";
import type { StackPolicy } from "../whatif/fromProfile";
import type { Directory, DirectoryUser, NamedLocation, SignIn } from "../whatif/types";
import type { SignInRecord } from "./record";
import { satisfiedControls, toSignIn, UserResolver } from "./toSignIn";

export interface ReplayInput {
  /** Every declared policy as deployed now. */
  current: readonly StackPolicy[];
  /** The promoted policies at their next stage (only these are replayed for would-block). */
  next: readonly StackPolicy[];
  locations: readonly NamedLocation[];
  directory: Directory;
  /** The break-glass accounts by object id and UPN (a sign-in matching either is theirs). */
  breakGlass: { ids: readonly string[]; upns: readonly string[] };
  adminRoleIds: readonly string[];
  /** Whether the directory states role memberships (a `--directory` export); without it admins are unknown. */
  adminsKnown: boolean;
}

export interface PromotionReplay {
  key: string;
  displayName: string;
  from: string;
  to: string;
  /** Sign-ins the promoted policy would apply to. */
  applies: number;
  wouldBlock: number;
  wouldInterrupt: number;
  /** Interruptions of non-interactive sign-ins: no user is there to answer, the token request fails. */
  wouldInterruptNonInteractive: number;
  users: { blocked: number; interrupted: number };
  breakGlass: { wouldBlock: number; accounts: string[] };
  /** Null when the directory does not state role memberships. */
  admins: { wouldBlock: number; accounts: string[] } | null;
  topUsers: { user: string; blocked: number; interrupted: number }[];
}

export interface Disagreement {
  time: string;
  user: string;
  policy: string;
  recorded: string;
  evaluated: string;
}

export interface Fidelity {
  key: string;
  displayName: string;
  compared: number;
  agreed: number;
}

export interface ReplaySnapshot {
  total: number;
  unknownUsers: string[];
  promotions: Omit<PromotionAcc, "sp" | "from">[];
  fidelity: { compared: number; agreed: number }[];
  disagreements: Disagreement[];
}

export interface ReplayReport {
  signIns: number;
  /** Users the directory did not hold (evaluated without group or role memberships). */
  usersNotInDirectory: number;
  promotions: PromotionReplay[];
  fidelity: Fidelity[];
  disagreements: Disagreement[];
}

const MAX_DISAGREEMENTS = 50;
const TOP_USERS = 10;

interface PromotionAcc {
  sp: StackPolicy;
  from: string;
  applies: number; wouldBlock: number; wouldInterrupt: number; wouldInterruptNonInteractive: number;
  perUser: Map<string, { blocked: number; interrupted: number }>;
  breakGlass: Map<string, number>;
  admins: Map<string, number>;
}

const bit = (b: Uint32Array, i: number) => ((b[i >>> 5] >>> (i & 31)) & 1) === 1;

/** What Microsoft's result for an enforced policy says about whether it applied. */
const ENFORCED_APPLIED: Readonly<Record<string, boolean>> = { success: true, failure: true, notApplied: false };

export class ReplayAccumulator {
  private readonly users: UserResolver;
  private readonly nextSet: CompiledPolicySet;
  private readonly currentSet: CompiledPolicySet;
  private readonly promotions: PromotionAcc[];
  private readonly byId = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  private readonly fidelity: Fidelity[];
  private readonly disagreements: Disagreement[] = [];
  private readonly bgIds: Set<string>;
  private readonly bgUpns: Set<string>;
  private readonly adminRoles: Set<string>;
  private total = 0;

  constructor(private readonly input: ReplayInput) {
    const ctx = { locations: new Map(input.locations.map((l) => [l.id.toLowerCase(), l])) };
    this.users = new UserResolver(input.directory);
    this.nextSet = new CompiledPolicySet(input.next.map((n) => n.policy), ctx);
    this.currentSet = new CompiledPolicySet(input.current.map((c) => c.policy), ctx);
    const currentStage = new Map(input.current.map((c) => [c.key, c.stage]));
    this.promotions = input.next.map((sp) => ({ sp, from: currentStage.get(sp.key) ?? "off", applies: 0, wouldBlock: 0, wouldInterrupt: 0, wouldInterruptNonInteractive: 0, perUser: new Map(), breakGlass: new Map(), admins: new Map() }));
    input.current.forEach((c, i) => {
      if (c.policy.id) this.byId.set(c.policy.id.toLowerCase(), i);
      this.byName.set(c.declared.displayName.trim().toLowerCase(), i);
    });
    this.fidelity = input.current.map((c) => ({ key: c.key, displayName: c.declared.displayName, compared: 0, agreed: 0 }));
    this.bgIds = new Set(input.breakGlass.ids.map((x) => x.toLowerCase()));
    this.bgUpns = new Set(input.breakGlass.upns.map((x) => x.toLowerCase()));
    this.adminRoles = new Set(input.adminRoleIds.map((x) => x.toLowerCase()));
  }

  private isAdmin(u: DirectoryUser): boolean {
    return u.roles.some((r) => this.adminRoles.has(r.toLowerCase()));
  }

  add(r: SignInRecord): void {
    this.total++;
    const user = this.users.resolve(r);
    const s = toSignIn(r, user);
    const satisfied = satisfiedControls(r);
    const name = r.userPrincipalName ?? user?.userPrincipalName ?? r.userId ?? "(unknown user)";
    const breakGlass = (r.userId !== undefined && this.bgIds.has(r.userId.toLowerCase())) || (r.userPrincipalName !== undefined && this.bgUpns.has(r.userPrincipalName.toLowerCase()));
    if (this.promotions.length > 0) this.replayNext(r, s, satisfied, user, name, breakGlass);
    if (r.policies?.length) this.compare(r, s, satisfied, name);
  }

  private replayNext(r: SignInRecord, s: SignIn, satisfied: ReadonlySet<string>, user: DirectoryUser | undefined, name: string, breakGlass: boolean): void {
    const applying = this.nextSet.applying(s);
    for (let i = 0; i < this.promotions.length; i++) {
      if (!bit(applying, i)) continue;
      const a = this.promotions[i];
      a.applies++;
      const result = reportOnlyResult(a.sp.policy, s, satisfied);
      if (result === "reportOnlySuccess") continue;
      const blocked = result === "reportOnlyFailure";
      if (blocked) a.wouldBlock++;
      else { a.wouldInterrupt++; if (r.interactive === false) a.wouldInterruptNonInteractive++; }
      const u = a.perUser.get(name) ?? { blocked: 0, interrupted: 0 };
      if (blocked) u.blocked++; else u.interrupted++;
      a.perUser.set(name, u);
      if (!blocked) continue;
      if (breakGlass) a.breakGlass.set(name, (a.breakGlass.get(name) ?? 0) + 1);
      if (user && this.isAdmin(user)) a.admins.set(name, (a.admins.get(name) ?? 0) + 1);
    }
  }

  private compare(r: SignInRecord, s: SignIn, satisfied: ReadonlySet<string>, name: string): void {
    let applying: Uint32Array | undefined;
    for (const p of r.policies!) {
      const i = this.byId.get(p.id.toLowerCase()) ?? this.byName.get(p.displayName.trim().toLowerCase());
      if (i === undefined) continue;
      const c = this.input.current[i];
      const recordedReportOnly = p.result.startsWith("reportOnly");
      if (recordedReportOnly !== (c.stage === "reportOnly")) continue; // recorded under another stage than declared now
      if (!recordedReportOnly && !(p.result in ENFORCED_APPLIED)) continue;
      applying ??= this.currentSet.applying(s);
      const applies = bit(applying, i);
      const evaluated = recordedReportOnly
        ? (applies ? reportOnlyResult(c.policy, s, satisfied) : "reportOnlyNotApplied")
        : (applies ? "applied" : "notApplied");
      const recorded = recordedReportOnly ? p.result : ENFORCED_APPLIED[p.result] ? "applied" : "notApplied";
      const f = this.fidelity[i];
      f.compared++;
      if (evaluated === recorded) f.agreed++;
      else this.noteDisagreement({ time: r.time, user: name, policy: c.declared.displayName, recorded: p.result, evaluated });
    }
  }

  snapshot(): ReplaySnapshot {
    return {
      total: this.total, unknownUsers: this.users.unknownKeys(),
      promotions: this.promotions.map(({ sp: _sp, from: _from, ...a }) => a),
      fidelity: this.fidelity.map((f) => ({ compared: f.compared, agreed: f.agreed })), disagreements: this.disagreements,
    };
  }

  /** Adds another replay's counters over other sign-ins (same input): equal to one pass over both. */
  merge(o: ReplaySnapshot): void {
    this.total += o.total;
    this.users.addUnknown(o.unknownUsers);
    this.promotions.forEach((a, i) => {
      const b = o.promotions[i];
      a.applies += b.applies; a.wouldBlock += b.wouldBlock; a.wouldInterrupt += b.wouldInterrupt; a.wouldInterruptNonInteractive += b.wouldInterruptNonInteractive;
      for (const [u, v] of b.perUser) { const x = a.perUser.get(u) ?? { blocked: 0, interrupted: 0 }; x.blocked += v.blocked; x.interrupted += v.interrupted; a.perUser.set(u, x); }
      for (const [m, n] of [[a.breakGlass, b.breakGlass], [a.admins, b.admins]] as const) for (const [k, v] of n) m.set(k, (m.get(k) ?? 0) + v);
    });
    this.fidelity.forEach((f, i) => { f.compared += o.fidelity[i].compared; f.agreed += o.fidelity[i].agreed; });
    for (const d of o.disagreements) this.noteDisagreement(d);
  }

  /** Keeps the earliest disagreements (by time, user, policy), so the list does not depend on reading order. */
  private noteDisagreement(d: Disagreement): void {
    const list = this.disagreements;
    const key = (x: Disagreement) => `${x.time}\u0000${x.user}\u0000${x.policy}`;
    if (list.length >= MAX_DISAGREEMENTS && key(d) >= key(list[list.length - 1])) return;
    let at = list.length;
    while (at > 0 && key(list[at - 1]) > key(d)) at--;
    list.splice(at, 0, d);
    if (list.length > MAX_DISAGREEMENTS) list.pop();
  }

  report(): ReplayReport {
    const names = (m: Map<string, number>) => [...m.keys()].sort();
    return {
      signIns: this.total,
      usersNotInDirectory: this.users.unknownUsers,
      promotions: this.promotions.map((a) => ({
        key: a.sp.key,
        displayName: a.sp.declared.displayName,
        from: a.from,
        to: a.sp.stage,
        applies: a.applies,
        wouldBlock: a.wouldBlock,
        wouldInterrupt: a.wouldInterrupt,
        wouldInterruptNonInteractive: a.wouldInterruptNonInteractive,
        users: { blocked: [...a.perUser.values()].filter((u) => u.blocked > 0).length, interrupted: [...a.perUser.values()].filter((u) => u.interrupted > 0).length },
        breakGlass: { wouldBlock: [...a.breakGlass.values()].reduce((x, y) => x + y, 0), accounts: names(a.breakGlass) },
        admins: this.input.adminsKnown ? { wouldBlock: [...a.admins.values()].reduce((x, y) => x + y, 0), accounts: names(a.admins) } : null,
        topUsers: [...a.perUser].map(([user, v]) => ({ user, ...v }))
          .sort((x, y) => y.blocked - x.blocked || y.interrupted - x.interrupted || x.user.localeCompare(y.user)).slice(0, TOP_USERS),
      })),
      fidelity: this.fidelity.filter((f) => f.compared > 0),
      disagreements: this.disagreements,
    };
  }
}
