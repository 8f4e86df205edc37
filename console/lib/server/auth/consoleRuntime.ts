import { error } from "@sveltejs/kit";
import type { ConsoleRuntime } from "../../../../bot/composition/consoleServices.js";
import { runtime } from "$lib/server/runtime";

/** The process's console services (bot/composition/consoleServices.ts) through the one runtime bridge. */
export function consoleRuntime(): ConsoleRuntime {
  const found = runtime().console;
  if (!found) error(503, "The console is not available in this process");
  return found;
}
