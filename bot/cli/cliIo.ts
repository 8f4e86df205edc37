import { CodedError } from "../errors.js";
import { readSecret } from "./readSecret.js";

/** Where a command writes and how it ends: injected so a command can run in-process in a test. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads a secret from a prompt or stdin (bot/cli/readSecret.ts); absent: the command cannot take one. */
  readSecret?(prompt: string): Promise<string>;
}

/** The environment a command reads its settings from: process.env, or a test's own. */
export type CliEnv = Record<string, string | undefined>;

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readSecret: (prompt) => readSecret(prompt),
};

/** Exit codes shared by every command: 0 all good, 1 the input has problems, 2 the command was misused. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called (unreadable file, bad JSON, unknown flow): exit 2 with the message. */
export class UsageError extends CodedError<"TRIAGE_CLI_USAGE"> {
  constructor(message: string) {
    super("TRIAGE_CLI_USAGE", message);
    this.name = "UsageError";
  }
}
