/**
 * Fuzzing every reader with mutated real documents (issue #10): stack configs, Graph policies,
 * evaluate requests, directories and state exports. Each case must end in a result or a user error
 * (the exit-2 classes: ConfigError, UsageError, InputError), never anything else (exit 3, a stack
 * trace), and never take more than 10 s (a hang). 2,000+ cases here; `npm run bench` runs more
 * (FUZZ_SCALE).
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { exportSide } from "../../cli/diff/sources";
import { UsageError } from "../../cli/io";
import { runProgram } from "../../cli/engine/run";
import { diffResources } from "../../model/diff/diff";
import { ConfigError, loadProfileText } from "../../model/profile/load";
import { CompiledPolicySet } from "../../model/whatif/compiled";
import { decodeJson, directoryFromJson, InputError, policiesFromJson, signInFromRequest } from "../../model/whatif/decode";
import { evaluatePolicy } from "../../model/whatif/reference";
import { profileVariant, stackFile } from "../helpers/stacks";
import { mutate, mutationArb } from "./mutate";

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const FIX = path.join(__dirname, "..", "fixtures");
const readJson = (f: string) => decodeJson(readFileSync(f), f);
const mutations = fc.array(mutationArb, { minLength: 1, maxLength: 4 });
const userError = (e: unknown) => e instanceof ConfigError || e instanceof UsageError || e instanceof InputError;

/** Outcomes per target, so a test that only ever refused (or only accepted) cannot pass unnoticed. */
const tally = { accepted: 0, refused: 0 };

/** Runs `fn`, which may throw only a user error, and must return within 10 s. */
function survives(fn: () => void): boolean {
  const started = Date.now();
  try {
    fn();
    tally.accepted++;
  } catch (e) {
    if (!userError(e)) throw e;
    tally.refused++;
  }
  expect(Date.now() - started).toBeLessThan(10_000);
  return true;
}

beforeEach(() => { tally.accepted = 0; tally.refused = 0; });
afterEach(() => {
  // Mutations must exercise both paths: the readers accept some mutated documents and refuse others.
  expect(tally.accepted).toBeGreaterThan(0);
  expect(tally.refused).toBeGreaterThan(0);
});

describe("fuzz: readers never crash, hang or accept silently", () => {
  test("stack configs (mutated prod): a profile or one ConfigError; loaded ones run through the program", async () => {
    const prod = parse(readFileSync(stackFile("prod"), "utf8")) as { config: Record<string, unknown> };
    const loaded: ReturnType<typeof loadProfileText>[] = [];
    fc.assert(fc.property(mutations, (ms) => survives(() => {
      const text = JSON.stringify({ config: mutate(prod.config, ms) });
      const p = loadProfileText(text, "FUZZ.yaml", "fuzz");
      if (loaded.length < 25 * SCALE) loaded.push(p);
    })), { numRuns: 700 * SCALE, seed: 20261123 });
    // What loads must also run: a failure inside the program is an exit 3.
    for (const p of loaded) {
      const started = Date.now();
      const run = await runProgram(p);
      expect(run.resources.length).toBeGreaterThan(10);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  }, 300_000);

  test("Graph policies (mutated real exports): policies or one InputError; accepted ones evaluate", () => {
    const ca = path.join(FIX, "graph", "j0eyv-conditional-access-baseline", "Config", "ConditionalAccess");
    const seeds = require("node:fs").readdirSync(ca).slice(0, 8).map((f: string) => readJson(path.join(ca, f)));
    const directory = directoryFromJson(readJson(path.join(FIX, "whatif", "directory.json")), "directory.json");
    const signIn = signInFromRequest(readJson(path.join(FIX, "whatif", "request-alice-legacy.json")), directory, "request");
    fc.assert(fc.property(fc.nat(), mutations, (i, ms) => survives(() => {
      const policies = policiesFromJson(mutate(seeds[i % seeds.length], ms), "FUZZ.json");
      new CompiledPolicySet(policies, { locations: new Map() }).evaluate(signIn);
      for (const p of policies) evaluatePolicy(p, signIn, { locations: new Map() });
    })), { numRuns: 600 * SCALE, seed: 20261124 });
  });

  test("evaluate requests and directories (mutated fixtures)", () => {
    const directoryJson = readJson(path.join(FIX, "whatif", "directory.json"));
    const requestJson = readJson(path.join(FIX, "whatif", "request-alice-legacy.json"));
    const directory = directoryFromJson(directoryJson, "directory.json");
    fc.assert(fc.property(mutations, (ms) => survives(() => { signInFromRequest(mutate(requestJson, ms), directory, "FUZZ.json"); })), { numRuns: 300 * SCALE, seed: 20261125 });
    fc.assert(fc.property(mutations, (ms) => survives(() => { directoryFromJson(mutate(directoryJson, ms), "FUZZ.json"); })), { numRuns: 200 * SCALE, seed: 20261126 });
  });

  test("state exports (mutated deployment v3): a side or one UsageError; accepted ones diff", async () => {
    const exportJson = readJson(path.join(FIX, "export", "prod-export.json"));
    const profile = profileVariant("prod");
    const plan = await runProgram(profile);
    const dir = mkdtempSync(path.join(tmpdir(), "fuzz-export-"));
    const file = path.join(dir, "state.json");
    fc.assert(fc.property(mutations, (ms) => survives(() => {
      writeFileSync(file, JSON.stringify(mutate(exportJson, ms)));
      const side = exportSide(file, profile);
      diffResources(side.resources, plan.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs })));
    })), { numRuns: 300 * SCALE, seed: 20261127 });
  });
});
