import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../bot/cli/cliIo.js";

const BIN = fileURLToPath(new URL("../../bin/triage.mjs", import.meta.url));

/** What a command printed and its exit code. */
export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the installed `triage` binary as an operator would, in a process of its own. */
export function triageProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}

/** An in-process CliIo that keeps what a command printed. */
export function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return { io: { out: (text) => void (out += text), err: (text) => void (err += text) }, out: () => out, err: () => err };
}
