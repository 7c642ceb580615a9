/** The SDK packages an offline run never uses load on first use, and nothing else changes (issue #15). */
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFERRED_SDK_MODULES, lazyModule } from "../../cli/engine/deferSdkModules";
import { ROOT } from "../helpers/stacks";

// TypeScript's own interop helpers, as the SDK's compiled files call them.
const importStar = (mod: any) => (mod && mod.__esModule ? mod : { default: mod, ...mod });
const importDefault = (mod: any) => (mod && mod.__esModule ? mod : { default: mod });

describe("lazyModule", () => {
  test("the interop helpers pass the stand-in on without loading it", () => {
    let loads = 0;
    const real = { answer: 42, hello: () => "hi" };
    const m = lazyModule(() => { loads++; return real; }) as any;
    const star = importStar(m);
    const def = importDefault(m);
    expect(loads).toBe(0);
    expect(star.answer).toBe(42);
    expect(star.hello()).toBe("hi");
    expect(def.default).toBe(real);
    expect(loads).toBe(1);
  });

  test("a module that is a class or function is called and constructed as itself", () => {
    class Walker { constructor(readonly root: string) {} }
    const fn = Object.assign((x: number) => x * 2, { extra: "e" });
    const C = lazyModule(() => Walker) as any;
    const F = lazyModule(() => fn) as any;
    const w = new C("/tmp");
    expect(w).toBeInstanceOf(Walker);
    expect(w.root).toBe("/tmp");
    expect(F(21)).toBe(42);
    expect(importDefault(F).default(2)).toBe(4);
    expect(F.extra).toBe("e");
  });

  test("an ES module's default stays its default; keys and `in` see the real module", () => {
    const esm = { __esModule: true, default: "d", named: "n" };
    const m = lazyModule(() => esm) as any;
    expect(m.default).toBe("d");
    expect("named" in m).toBe(true);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(["named", "default"]));
  });

  test("a load that fails fails at first use, with the module's own error", () => {
    const m = lazyModule(() => { throw new Error("Cannot find module 'x'"); }) as any;
    expect(() => m.anything).toThrow("Cannot find module 'x'");
  });
});

describe("the compiled CLI", () => {
  const probe = path.join(mkdtempSync(path.join(tmpdir(), "defer-")), "probe.js");
  writeFileSync(probe, `process.on("exit", () => {
    const names = ${JSON.stringify(DEFERRED_SDK_MODULES)};
    const loaded = names.filter((n) => Object.keys(require.cache).some((k) => k.includes("/node_modules/" + n + "/")));
    process.stderr.write("DEFERRED-LOADED " + JSON.stringify(loaded) + "\\n");
  });\n`);
  const plan = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["-r", probe, path.join(ROOT, "cli", "bin", "guardrails.js"), "plan", "--stack", "prod", "--format", "json"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });

  test("a plan loads none of the deferred packages and prints what it prints without the hook", () => {
    const deferred = plan({});
    const eager = plan({ GUARDRAILS_NO_DEFER: "1" });
    expect(deferred.status).toBe(0);
    expect(deferred.stderr).toContain("DEFERRED-LOADED []");
    // Without the hook the SDK loads them all, so the probe sees what it is looking for.
    expect(JSON.parse(/DEFERRED-LOADED (.*)/.exec(eager.stderr)![1])).toEqual(expect.arrayContaining(["@npmcli/arborist", "typescript"]));
    expect(deferred.stdout).toBe(eager.stdout);
  });
});
