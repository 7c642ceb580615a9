import * as pulumi from "@pulumi/pulumi";
import { loadProfileFile } from "./model/profile/load";
import { runProgram } from "./cli/engine/run";
(async () => {
  const p = loadProfileFile("/tmp/Pulumi.max195.yaml", "x");
  await runProgram(loadProfileFile("stacks/Pulumi.prod.yaml"));
  let t = performance.now(); await runProgram(p); console.log("baseline", (performance.now() - t).toFixed(0));
  const lim = Error.stackTraceLimit; Error.stackTraceLimit = 0;
  t = performance.now(); await runProgram(p); console.log("stackTraceLimit=0", (performance.now() - t).toFixed(0));
  (pulumi.Resource as any).callsites = () => [];
  t = performance.now(); await runProgram(p); console.log("+ no callsites", (performance.now() - t).toFixed(0));
  Error.stackTraceLimit = lim;
})();
