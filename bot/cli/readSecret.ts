import { createInterface } from "node:readline";

/** Longest line read for a secret: a password is at most 1,024 characters (bot/auth/passwordPolicy.ts). */
const MAX_SECRET_CHARS = 4096;

/**
 * Reads one secret line: typed at a prompt without echo when stdin is a terminal, else the first
 * line of stdin (`printf '%s\n' "$PASSWORD" | triage user add ... --password-stdin`). Never argv,
 * which shells keep in their history and `ps` shows to every user of the machine.
 */
export function readSecret(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    const terminal = Boolean(input.isTTY);
    const rl = createInterface({ input, output: terminal ? output : undefined, terminal });
    if (terminal) {
      output.write(prompt);
      // Echo nothing of what is typed (readline writes through _writeToOutput).
      (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
    }
    let done = false;
    rl.once("line", (line) => {
      done = true;
      if (terminal) output.write("\n");
      rl.close();
      if (line.length > MAX_SECRET_CHARS) reject(new Error("the password line is too long"));
      else resolve(line);
    });
    rl.once("close", () => {
      if (!done) reject(new Error("no password on stdin"));
    });
  });
}
