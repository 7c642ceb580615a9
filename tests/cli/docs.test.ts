import { readFileSync } from "node:fs";
import * as path from "node:path";
import { refreshReadme } from "../../cli/docs/readme";
import { ROOT } from "../helpers/stacks";

test("README's generated tables (catalog, alerts, log split, pack rules) match the code: run `npx guardrails docs`", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  expect(refreshReadme(readme)).toBe(readme);
});
