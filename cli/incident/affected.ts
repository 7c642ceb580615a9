/**
 * `incident runbook --signins`: the users a risk detection wave touched, from exported sign-ins, and
 * the Graph requests to review them — printed, never sent. Users whose sign-ins show more than the
 * wave (another detection type, or a triage verdict of likely compromise) are confirmed compromised
 * and their sessions revoked; the rest are dismissed once Microsoft confirms the false positive.
 */
import type { SignInRecord } from "../../model/signins/record";
import type { TriageReport } from "../../model/triage/triage";

/** Risk detection types the runbook handles; the April 2025 wave was leakedCredentials. */
export const WAVE_DETECTIONS = ["leakedCredentials"] as const;
export type WaveDetection = (typeof WAVE_DETECTIONS)[number];

/**
 * User ids per request. Graph documents 60 per request for `riskyServicePrincipals/dismiss` and no
 * number for `riskyUsers/dismiss` (microsoft-graph-docs riskyuser-dismiss.md); 60 stays inside both.
 */
const BATCH = 60;

export interface AffectedUser {
  user: string; userId?: string; signIns: number; nonInteractive: number; blocked: number; first: string; last: string;
  otherDetections: string[]; likelyCompromise: boolean;
}

export class AffectedUsers {
  private readonly users = new Map<string, AffectedUser>();
  constructor(private readonly detection: WaveDetection) {}

  add(r: SignInRecord): void {
    const types = r.riskEventTypes ?? [];
    if (!types.includes(this.detection)) return;
    const key = (r.userId ?? r.userPrincipalName ?? "").toLowerCase();
    if (!key) return;
    let u = this.users.get(key);
    if (!u) this.users.set(key, (u = { user: r.userPrincipalName ?? r.userId!, ...(r.userId ? { userId: r.userId } : {}), signIns: 0, nonInteractive: 0, blocked: 0, first: r.time, last: r.time, otherDetections: [], likelyCompromise: false }));
    u.signIns++;
    if (r.interactive === false) u.nonInteractive++;
    if (r.errorCode === 53003) u.blocked++;
    if (r.time < u.first) u.first = r.time;
    if (r.time > u.last) u.last = r.time;
    for (const t of types) if (t !== this.detection && !u.otherDetections.includes(t)) u.otherDetections.push(t);
  }

  list(triage?: TriageReport): AffectedUser[] {
    const compromised = new Set((triage?.users ?? []).filter((u) => u.verdict === "likely-compromise").map((u) => u.user.toLowerCase()));
    return [...this.users.values()].map((u) => ({ ...u, likelyCompromise: compromised.has(u.user.toLowerCase()) })).sort((a, b) => a.user.localeCompare(b.user));
  }
}

const post = (url: string, body?: unknown) => [`POST https://graph.microsoft.com/v1.0${url}`, ...(body ? ["Content-Type: application/json", "", JSON.stringify(body, null, 2)] : []), ""];

export function renderAffected(detection: WaveDetection, users: readonly AffectedUser[]): string {
  const out = [`Users with ${detection} detections in the exports: ${users.length}`, ""];
  for (const u of users) {
    const more = [...(u.otherDetections.length ? [`also ${u.otherDetections.join(", ")}`] : []), ...(u.likelyCompromise ? ["triage: likely compromise"] : [])];
    out.push(`  ${u.user}${u.userId ? ` (${u.userId})` : ""}: ${u.signIns} sign-ins (${u.nonInteractive} non-interactive, ${u.blocked} blocked 53003), ${u.first} .. ${u.last}${more.length ? ` · ${more.join(" · ")}` : ""}`);
  }
  const reset = users.filter((u) => u.otherDetections.length > 0 || u.likelyCompromise);
  const dismiss = users.filter((u) => !reset.includes(u));
  const ids = (xs: readonly AffectedUser[]) => xs.filter((u) => u.userId).map((u) => u.userId!);
  const noId = users.filter((u) => !u.userId).map((u) => u.user);
  out.push("", "Graph requests for review (printed, never sent; permission IdentityRiskyUser.ReadWrite.All, and User.RevokeSessions.All to revoke):", "");
  if (dismiss.length) {
    out.push(`# Only the wave's detection: dismiss their user risk once Microsoft confirms the false positive (${dismiss.length} users).`);
    for (let i = 0; i < ids(dismiss).length; i += BATCH) out.push(...post("/identityProtection/riskyUsers/dismiss", { userIds: ids(dismiss).slice(i, i + BATCH) }));
  }
  if (reset.length) {
    out.push(`# More than the wave: confirm compromised, revoke sessions, then reset the password and MFA registration (${reset.length} users).`);
    for (let i = 0; i < ids(reset).length; i += BATCH) out.push(...post("/identityProtection/riskyUsers/confirmCompromised", { userIds: ids(reset).slice(i, i + BATCH) }));
    for (const id of ids(reset)) out.push(...post(`/users/${id}/revokeSignInSessions`));
  }
  if (noId.length) out.push(`# No object id in the logs for: ${noId.join(", ")}; look them up before sending the requests.`);
  if (users.length === 0) out.push("# Nothing to review.");
  return out.join("\n") + "\n";
}
