import { Command } from "commander";
import { registerAuditCommands, type OpenAuditSource } from "../../bot/cli/auditCommands.js";

/** Runs `triage audit <args>` in-process with `open` as its database opener: what it printed (stdout and stderr) and its exit code. */
export async function runAuditCommand(args: string[], open: OpenAuditSource, env?: Record<string, string>): Promise<{ out: string; code: number }> {
  let out = "";
  let code = -1;
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
  const program = new Command("triage").exitOverride();
  registerAuditCommands(program, io, (c) => (code = c), open, env);
  await program.parseAsync(["audit", ...args], { from: "user" });
  return { out, code };
}
