import { error } from "@sveltejs/kit";
import type { AdminFlows, Editor } from "../../../bot/admin/adminFlows.js";
import type { ConsoleIdentity } from "../../../bot/auth/consoleAuth.js";
import type { AdminServices } from "../../../bot/composition/adminServices.js";
import { runtime } from "$lib/server/runtime";

/*
 * The administrator's services (server code only), built once per process by the composition root
 * (bot/composition/adminServices.ts) over the runtime's store and flow catalog, so publishing
 * invalidates the very catalog the patients' conversation service reads.
 */

/** The process's administrator services; 503 when the store is not the database's. */
export function admin(): AdminServices {
  const found = runtime().admin;
  if (!found) error(503, "Flow administration needs the database store");
  return found;
}

/** The process's flow administration services. */
export function adminFlows(): AdminFlows {
  return admin().flows;
}

/** The signed-in administrator as the author of flow changes and the actor of audit events. */
export function editorOf(identity: ConsoleIdentity): Editor {
  return { id: identity.user.id, email: identity.user.email };
}
