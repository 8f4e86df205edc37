import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "./cliIo.js";

/** The shipped flows, resolved from this module (not the working directory) so the CLI runs from anywhere. */
export const DEFAULT_LIBRARY_DIR = fileURLToPath(new URL("../../flows/library", import.meta.url));

/** Given a path, returns its parsed JSON; an unreadable file or bad JSON is a UsageError naming the file. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`cannot read ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Given inline JSON (starting with `{` or `[`) or a file path, returns the parsed value. */
export function readJsonArgument(value: string, what: string): unknown {
  const trimmed = value.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return readJsonFile(value);
  try {
    return JSON.parse(trimmed);
  } catch (error) {
    throw new UsageError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Every `*.json` of a library folder as raw JSON, skipping files that do not parse (others may be mid-edit). */
export function readLibraryDir(dir: string): { file: string; json: unknown }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      try {
        return [{ file: join(dir, f), json: readJsonFile(join(dir, f)) }];
      } catch {
        return [];
      }
    });
}
