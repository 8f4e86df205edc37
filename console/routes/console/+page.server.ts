import { consoleServices } from "$lib/server/consoleServices";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { guardPage } from "$lib/server/auth/guard";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { PageServerLoad } from "./$types";

/** The queue (the workspace's left pane), rendered on the server first; the page then keeps it live over /ws?console=1. */
export const load: PageServerLoad = async (event) => {
  const identity = await guardPage(event, "clinician");
  const lang = consoleLocale(event);
  const [cases, reads] = await Promise.all([consoleServices().queueIn(lang), consoleServices().readMarks(identity.user.id)]);
  return { me: identity.user.id, cases, reads, serverTime: new Date().toISOString(), urgencyLabels: urgencyLabelsIn(lang) };
};
