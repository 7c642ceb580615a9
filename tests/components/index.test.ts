/**
 * index.ts is what `pulumi preview` / `pulumi up` run. The CLI hands the program its stack config
 * as a flat map whose structured values are JSON text; reproduce that and run the real entry point.
 */
import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { stackFile } from "../helpers/stacks";

const registered: pulumi.runtime.MockResourceArgs[] = [];

function cliConfig(stack: string, extra: Record<string, unknown> = {}): Record<string, string> {
  const config = { ...(parse(readFileSync(stackFile(stack), "utf8")).config as Record<string, unknown>), ...extra };
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("index.ts under the config the Pulumi CLI provides", () => {
  beforeEach(() => {
    jest.resetModules();
    registered.length = 0;
  });

  test("deploys the prod tenant and exports the policies", async () => {
    await pulumi.runtime.setMocks({
      newResource: (a) => { registered.push(a); return { id: `${a.name}-id`, state: { ...a.inputs, objectId: "dddddddd-0000-4000-8000-000000000001" } }; },
      call: () => ({}),
    }, "entra-guardrails", "prod", false);
    pulumi.runtime.setAllConfig(cliConfig("prod"));
    const program = await import("../../index");
    await (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();
    const policies = registered.filter((r) => r.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy");
    expect(policies).toHaveLength(11);
    const exported = await new Promise<unknown[]>((resolve) => pulumi.all(program.conditionalAccessPolicies.map((p) => pulumi.all([p.name, p.state]))).apply(resolve));
    expect(exported).toContainEqual(["GR-001 Block legacy authentication", "enabled"]);
  });

  test("invalid config fails the program with the same one-line message as the offline plan", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, "entra-guardrails", "prod", false);
    const config = cliConfig("prod");
    const bg = JSON.parse(config["guardrails:breakGlass"]);
    bg.accounts.pop();
    pulumi.runtime.setAllConfig({ ...config, "guardrails:breakGlass": JSON.stringify(bg) });
    await expect(import("../../index")).rejects.toThrow("stacks/Pulumi.prod.yaml: guardrails:breakGlass.accounts: at least two emergency-access accounts are required (Microsoft's emergency-access guidance)");
  });
});
