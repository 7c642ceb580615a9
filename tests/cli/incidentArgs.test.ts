/** Incident command lines nobody should type, refused with exit 2 and one line (issue #10). */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrailsInProcess } from "../helpers/inProcess";
import { stackFile } from "../helpers/stacks";

function copyOfProd(): string {
  const f = path.join(mkdtempSync(path.join(tmpdir(), "incident-args-")), "Pulumi.prod.yaml");
  copyFileSync(stackFile("prod"), f);
  return f;
}

describe("incident arguments", () => {
  const apply = (f: string, ...extra: string[]) => guardrailsInProcess("incident", "apply", "--config-file", f, "--profile", "relaxed-risk", ...extra);

  test.each([
    ["a huge --expires", ["--ticket", "INC-1", "--expires", "99999999999999d"], /^guardrails: the relaxation of [\d.e+]+ hours from now is out of range\n$/],
    ["--starts-at past the end of time", ["--ticket", "INC-1", "--expires", "8h", "--starts-at", "+275760-09-13T00:00:00Z"], "guardrails: --starts-at: '+275760-09-13T00:00:00Z' is not an ISO date-time such as 2026-11-23T08:00:00Z\n"],
    ["--starts-at on a day that does not exist", ["--ticket", "INC-1", "--expires", "8h", "--starts-at", "2026-02-30T00:00:00Z"], "guardrails: --starts-at: '2026-02-30T00:00:00Z' is not an ISO date-time such as 2026-11-23T08:00:00Z\n"],
    ["a zero --expires", ["--ticket", "INC-1", "--expires", "0h"], "guardrails: --expires: '0h' is not a duration such as 8h, 90m or 2d\n"],
    ["terminal escapes in --ticket", ["--ticket", "INC-1\u001b[2J\u001b[31mOWNED", "--expires", "8h"], "guardrails: --ticket: contains control characters (terminal escape sequences are not allowed)\n"],
  ])("%s", async (_name, extra, message) => {
    const f = copyOfProd();
    const before = readFileSync(f, "utf8");
    const r = await apply(f, ...extra);
    expect(r.status).toBe(2);
    if (typeof message === "string") expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain("\u001b");
    expect(readFileSync(f, "utf8")).toBe(before);
  });

  test("status --now garbage is bad input, not 'no incident'", async () => {
    const r = await guardrailsInProcess("incident", "status", "--stack", "prod", "--now", "garbage");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("guardrails: --now: 'garbage' is not an ISO date-time such as 2026-11-23T08:00:00Z\n");
  });

  test.each([
    ["an alert threshold beyond any tenant", "alerts:\n    leakedCredentialBurst: { threshold: 1000000000000 }", "changes.alerts.leakedCredentialBurst: threshold: Too big: expected number to be <=1000000"],
    ["a constructor alert rule", "alerts:\n    constructor: { threshold: 1 }", "changes.alerts.constructor: only riskSpike, lockoutStorm, leakedCredentialBurst thresholds may change (never the break-glass alerts)"],
  ])("a profile with %s is refused", async (_name, changes, message) => {
    const f = copyOfProd();
    const profile = path.join(path.dirname(f), "bad.yaml");
    writeFileSync(profile, `reason: a profile that tries too much\napprovedBy: [x@contoso.example]\nchanges:\n  ${changes}\n`);
    const r = await apply(f, "--profile", profile, "--ticket", "INC-2", "--expires", "8h");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test("a __proto__ key in a profile is refused, not dropped", async () => {
    const f = copyOfProd();
    const profile = path.join(path.dirname(f), "proto.yaml");
    writeFileSync(profile, "reason: a profile with a prototype key\napprovedBy: [x@contoso.example]\nchanges:\n  __proto__: { reportOnly: [blockLegacyAuthentication] }\n");
    const r = await apply(f, "--profile", profile, "--ticket", "INC-3", "--expires", "8h");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/proto\.yaml: changes\.__proto__: '__proto__' is not allowed as a key\n$/);
  });
});
