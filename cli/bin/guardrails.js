#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the `prepare` script) when it is up
// to date, and the TypeScript sources through ts-node otherwise, so an edit is never run stale.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const stamp = path.join(root, "dist", ".tsbuildinfo");

function newestSource(dir, newest) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(full, newest);
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function builtIsFresh() {
  if (process.env.GUARDRAILS_FROM_SOURCE === "1" || !fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  let newest = fs.statSync(path.join(root, "index.ts")).mtimeMs;
  for (const dir of ["model", "components", "cli", "policies"]) {
    if (fs.existsSync(path.join(root, dir))) newest = newestSource(path.join(root, dir), newest);
  }
  return newest <= built;
}

let entry;
if (builtIsFresh()) {
  // V8's code cache for every module the CLI loads (kept in the OS temp dir): a plan is mostly
  // module loading, and a reviewer runs it dozens of times (issue #15). GUARDRAILS_NO_COMPILE_CACHE=1 turns it off.
  if (process.env.GUARDRAILS_NO_COMPILE_CACHE !== "1") require("v8-compile-cache");
  entry = path.join(root, "dist", "cli", "main.js");
} else {
  // Never silently slow: say why this run compiles the sources (several seconds) and how to avoid it.
  if (process.env.GUARDRAILS_FROM_SOURCE !== "1") {
    const why = fs.existsSync(stamp) ? "the build in dist/ is older than the sources" : "there is no build in dist/";
    process.stderr.write(`guardrails: ${why}; running the TypeScript sources through ts-node (slower). Rebuild with: npm run prepare\n`);
  }
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  entry = path.join(root, "cli", "main.ts");
}
// Packages @pulumi/pulumi loads eagerly but an offline run never uses load on first use (issue #15).
require(path.join(path.dirname(entry), "engine", "deferSdkModules")).deferSdkModules();
require(entry)
  .main(process.argv)
  .then((code) => { process.exitCode = code; })
  .catch((e) => { process.stderr.write(`guardrails: internal error: ${e && e.stack ? e.stack : e}\n`); process.exitCode = 3; });
