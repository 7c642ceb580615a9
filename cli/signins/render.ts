/** `guardrails evidence` as text or markdown: figures per policy, callouts, replay and fidelity. */
import type { AccountSignIns, EvidenceReport } from "../../model/signins/evidence";
import type { ReplayReport } from "../../model/signins/replay";

const pct = (n: number, of: number) => (of === 0 ? "—" : `${((100 * n) / of).toFixed(1)}%`);
const list = (xs: [string, number][]) => xs.map(([k, n]) => `${k} (${n})`).join(", ") || "—";

function accountLines(label: string, accounts: AccountSignIns[]): string[] {
  return accounts.map((a) => {
    const applied = Object.entries(a.results).map(([k, n]) => `${k} ${n}`).join(", ");
    return `${label}: ${a.account} signed in ${a.signIns} time(s)${a.failed ? `, ${a.failed} failed` : ""}${applied ? `; policies applied: ${applied}` : ""}`;
  });
}

export function renderEvidence(r: EvidenceReport, replay: ReplayReport | undefined, stack: string, markdown: boolean): string {
  const lines = [
    markdown ? `### Rollout evidence: \`${stack}\`` : `Rollout evidence: ${stack}`,
    `${r.signIns} sign-ins${r.window.from || r.window.to ? ` from ${r.window.from ?? "the start"} to ${r.window.to ?? "the end"}` : ""}: ${r.interactive} interactive, ${r.nonInteractive} non-interactive${r.withoutPolicyResults ? `; ${r.withoutPolicyResults} without per-policy results (portal CSV)` : ""}`,
    "",
  ];
  const callouts = [
    ...r.breakGlassIdMismatches.map((m) => `BREAK-GLASS ID MISMATCH: ${m.account} signed in as object id ${m.loggedId}, which the stack does not exclude; fix guardrails:breakGlass.accounts`),
    ...accountLines("BREAK-GLASS", r.breakGlass), ...accountLines("ADMIN", r.admins ?? [])];
  if (r.admins === null) callouts.push("Admins: not identified (give --directory, a directory export with role memberships)");
  if (callouts.length) lines.push(...callouts.map((l) => (markdown ? `- ${l}` : l)), "");
  if (markdown) lines.push("| Policy | Sign-ins | Applied | Users | Interactive | Non-interactive | Results | Top applications | Client apps | Countries |", "|---|---:|---:|---:|---:|---:|---|---|---|---|");
  for (const p of r.policies) {
    const results = Object.entries(p.results).map(([k, n]) => `${k} ${n} (${pct(n, p.signIns)})`).join(", ") || "—";
    if (markdown) lines.push(`| ${p.displayName} | ${p.signIns} | ${p.applied} | ${p.users} | ${p.interactive} | ${p.nonInteractive} | ${results} | ${list(p.topApplications)} | ${list(p.clientApps)} | ${list(p.countries)} |`);
    else {
      lines.push(`${p.displayName} [${p.key}]: ${p.signIns} sign-ins, applied to ${p.applied} (${p.users} users; ${p.interactive} interactive / ${p.nonInteractive} non-interactive)`, `    results: ${results}`);
      if (p.applied) lines.push(`    where applied: apps ${list(p.topApplications)} · clients ${list(p.clientApps)} · countries ${list(p.countries)}`);
    }
  }
  if (r.unknownPolicies.length) lines.push("", `Policies in the logs this stack does not declare: ${list(r.unknownPolicies)}`);
  if (replay) lines.push("", ...renderReplay(replay, markdown));
  return lines.join("\n") + "\n";
}

function renderReplay(r: ReplayReport, markdown: boolean): string[] {
  const lines = [markdown ? "#### Replay at the next stage" : "Replay: the same sign-ins against each policy at its next stage"];
  if (r.usersNotInDirectory) lines.push(`  (${r.usersNotInDirectory} users are not in the directory given: evaluated without group or role memberships)`);
  if (r.promotions.length === 0) lines.push("  no policy to promote (none at report-only or canary, or --promote none)");
  for (const p of r.promotions) {
    const bg = p.breakGlass.wouldBlock ? `BREAK-GLASS would be blocked ${p.breakGlass.wouldBlock} time(s): ${p.breakGlass.accounts.join(", ")}` : "no break-glass block";
    const admins = p.admins === null ? "admins unknown" : p.admins.wouldBlock ? `ADMINS would be blocked ${p.admins.wouldBlock} time(s): ${p.admins.accounts.join(", ")}` : "no admin block";
    lines.push(
      `${markdown ? "- " : "  "}${p.displayName} [${p.key}] ${p.from} → ${p.to}: applies to ${p.applies}; would block ${p.wouldBlock} (${p.users.blocked} users), interrupt ${p.wouldInterrupt} (${p.users.interrupted} users; ${p.wouldInterruptNonInteractive} non-interactive, which fail); ${bg}; ${admins}`,
    );
    if (p.topUsers.length) lines.push(`${markdown ? "  - " : "      "}most affected: ${p.topUsers.map((u) => `${u.user} (${u.blocked} blocked, ${u.interrupted} interrupted)`).join(", ")}`);
  }
  if (r.fidelity.length) {
    lines.push("", markdown ? "#### Evaluator fidelity (agreement with Microsoft's recorded results)" : "Evaluator fidelity: agreement with the results Microsoft recorded");
    for (const f of r.fidelity) lines.push(`${markdown ? "- " : "  "}${f.displayName}: ${f.agreed}/${f.compared} (${pct(f.agreed, f.compared)})`);
    if (r.disagreements.length) {
      lines.push(markdown ? "" : "", `Disagreements (first ${r.disagreements.length}):`);
      for (const d of r.disagreements) lines.push(`${markdown ? "- " : "  "}${d.time} ${d.user} · ${d.policy}: recorded ${d.recorded}, evaluated ${d.evaluated}`);
    }
  }
  return lines;
}
