import { main } from "../../cli/main";

/** Runs the CLI's main() in this process (fast: no Node start, no SDK load for commands that need none). */
export async function guardrailsInProcess(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { stdout += String(s); return true; });
  const err = jest.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const status = await main(["node", "guardrails", ...args]);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}
