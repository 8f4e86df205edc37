import { error } from "@sveltejs/kit";
import type { ConsoleServices } from "../../../bot/composition/consoleServices.js";
import { runtime } from "$lib/server/runtime";

/**
 * The console's services (ConsoleServices: built once by the composition root,
 * bot/composition/consoleServices.ts) as the installed runtime holds them: this only reads
 * `runtime().console`, it builds nothing.
 */
export function consoleServices(): ConsoleServices {
  const found = runtime().console;
  if (!found) error(503, "The console is not available in this process");
  return found;
}
