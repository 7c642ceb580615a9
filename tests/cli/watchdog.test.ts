/** The offline engine never hangs and never reports a program failure as "violations" (issue #10). */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../helpers/stacks";

/**
 * Runs the engine in a child process on a profile that bypasses load-time validation (a domain
 * where a tenant id belongs, which used to hang `plan`), the way main() does: exit code and stderr.
 */
function runBypassingValidation(): { status: number | null; stderr: string; ms: number } {
  const script = `
    const { main } = require(${JSON.stringify(path.join(ROOT, "cli", "main.ts"))});
    const load = require(${JSON.stringify(path.join(ROOT, "model", "profile", "load.ts"))});
    const original = load.loadProfileFile;
    load.loadProfileFile = (...args) => {
      const p = original(...args);
      p.customPolicies.partnerMfa = {
        displayName: "Guests from one partner need MFA", neverRelax: false,
        conditions: { users: { includeUsers: ["All"], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "enumerated", members: ["contoso.com"] } } },
          applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] },
        grantControls: { operator: "OR", builtInControls: ["mfa"] },
      };
      return p;
    };
    main(["node", "guardrails", "plan", "--stack", "prod"]).then((code) => { process.exitCode = code; });
  `;
  const started = Date.now();
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") } });
  return { status: r.status, stderr: r.stderr, ms: Date.now() - started };
}

test("a failure inside the program ends the run at once: exit 3 with its message, never a hang or exit 1", () => {
  const r = runBypassingValidation();
  expect(r.stderr).toContain("guardrails: internal error: ");
  expect(r.stderr).toContain("'contoso.com' is not a tenant id (GUID)");
  expect(r.stderr).not.toMatch(/leaked|\n\s+at /);
  expect(r.status).toBe(3);
  expect(r.ms).toBeLessThan(30_000);
});
