/** `guardrails triage` as text or markdown: verdicts first, then the checklist's sections. */
import type { TriageReport } from "../../model/triage/triage";

const pairs = (xs: [string, number][]) => (xs.length ? xs.map(([k, n]) => `${k} ${n}`).join(", ") : "none");

export function renderTriage(r: TriageReport, stack: string | undefined, markdown: boolean): string {
  const h = (t: string) => (markdown ? `\n### ${t}\n` : `\n${t}\n${"-".repeat(t.length)}`);
  const code = (t: string) => (markdown ? `\`${t}\`` : t);
  const out: string[] = [];
  const span = r.window.from || r.window.to ? ` in ${r.window.from ?? "…"} .. ${r.window.to ?? "…"}` : "";
  out.push(`${markdown ? "## " : ""}Sign-in triage${stack ? ` · stack ${stack}` : ""}: ${r.signIns} sign-ins${span}`);
  out.push("", `Verdicts: likely compromise ${r.verdicts["likely-compromise"]} · needs review ${r.verdicts["needs-review"]} · expected service traffic ${r.verdicts["expected-service-traffic"]} · no finding ${r.verdicts.ok}`);
  const users = r.users.filter((u) => u.verdict === "likely-compromise" || u.verdict === "needs-review");
  out.push(h(`Users (${users.length} to look at)`));
  if (users.length === 0) out.push("No user needs a look.");
  for (const u of users.slice(0, 100)) {
    out.push(`${markdown ? "- " : ""}${code(u.verdict)} ${u.user}${u.admin ? " (admin)" : ""}: ${u.signIns} sign-ins, ${u.failedAttempts} failed attempts, ${u.successes} successes (${u.singleFactorSuccesses} single-factor)`);
    for (const x of u.reasons) out.push(`${markdown ? "  - " : "    · "}${x.code} ×${x.count}: ${x.example}`);
  }
  if (users.length > 100) out.push(`… and ${users.length - 100} more (--format json has them all)`);
  out.push(h("Sign-ins to look at, worst first"));
  for (const s of r.flagged) {
    out.push(`${markdown ? "- " : ""}${s.time} ${code(s.verdict)} ${s.user} · ${s.result} · ${s.interactive === false ? "non-interactive" : "interactive"} · ${s.app ?? "?"} → ${s.resource ?? "?"} · ${s.clientApp ?? "?"}${s.userAgent ? ` · ${s.userAgent}` : ""}`);
    out.push(`${markdown ? "  " : "    "}from ${s.ip ?? "?"} (${s.owner ?? "owner unknown"})${s.authentication ? ` · ${s.authentication}` : ""}`);
    for (const x of s.reasons) out.push(`${markdown ? "  - " : "    · "}${x.text}`);
  }
  if (r.flagged.length === 0) out.push("None.");
  if (r.flaggedOmitted) out.push(`… and ${r.flaggedOmitted} more (--limit or --format json)`);
  out.push(h("IP addresses by failed attempts"));
  for (const ip of r.ips.slice(0, 15)) out.push(`${markdown ? "- " : ""}${ip.ip}: ${ip.signIns} sign-ins, ${ip.users} users, ${ip.failedAttempts} failed, ${ip.successes} succeeded · ${ip.owner}${ip.sprayUsers ? ` · SPRAY (${ip.sprayUsers} users)` : ""}`);
  const countries = r.countries.filter((c) => c.flagged > 0);
  if (countries.length) {
    out.push(h("Countries with findings"));
    for (const c of countries.slice(0, 15)) out.push(`${markdown ? "- " : ""}${c.country}: ${c.signIns} sign-ins, ${c.flagged} to look at, ${c.cleanSuccesses} clean successes${c.likelyCompromise ? `, ${c.likelyCompromise} likely compromise` : ""}`);
  }
  out.push(h("Error codes"));
  for (const e of r.errors.slice(0, 15)) out.push(`${markdown ? "- " : ""}${e.code} ${e.text}: ${e.count}`);
  if (r.errors.length === 0) out.push("No failures.");
  out.push(h("MFA, risk and operations"));
  out.push(`Interactive successes: ${r.mfa.multiFactorSuccesses} multi-factor, ${r.mfa.singleFactorSuccesses} single-factor (${r.mfa.singleFactorOutsideTrusted} outside the trusted networks); methods: ${pairs(r.mfa.methods)}`);
  out.push(`Risk during sign-in: ${pairs(r.risk.levels)}; detections: ${pairs(r.risk.eventTypes)}; token issuers: ${pairs(r.risk.tokenIssuers)}`);
  out.push(`Applications: ${pairs(r.operations.apps.slice(0, 5))}; client apps: ${pairs(r.operations.clientApps.slice(0, 5))}; legacy-protocol sign-ins: ${r.operations.legacy}`);
  return out.join("\n") + "\n";
}
