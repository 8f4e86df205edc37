import { fail } from "@sveltejs/kit";
import { ASSIST_DEFAULTS, SETTINGS_COUNTRIES, SLA_LEVELS } from "$wire/settings";
import { URGENCY_LEVELS } from "../../../../../flows/urgency";
import { editorOf } from "$lib/admin/adminServices";
import { readSettingsForm } from "$lib/admin/readSettingsForm";
import { runtime } from "$lib/server/runtime";
import { guardPage } from "$lib/server/auth/guard";
import type { Actions, PageServerLoad } from "./$types";

/** The deployment settings as they apply now (administrators only). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const settings = runtime().settings;
  const env = runtime().config.env;
  const llm = env.LLM_BASE_URL && env.LLM_MODEL ? { model: env.LLM_MODEL } : null;
  return {
    country: settings.country,
    settings: settings.current,
    countries: SETTINGS_COUNTRIES,
    slaLevels: SLA_LEVELS,
    levels: URGENCY_LEVELS,
    llm,
    assistUses: Object.keys(ASSIST_DEFAULTS) as (keyof typeof ASSIST_DEFAULTS)[],
  };
};

export const actions: Actions = {
  /** Validates and saves every setting (audited as settings.changed); a refusal saves nothing and names the fields. */
  save: async (event) => {
    const identity = await guardPage(event, "admin");
    const submitted = readSettingsForm(await event.request.formData());
    const result = await runtime().settings.save(submitted, editorOf(identity));
    if (!result.ok) return fail(422, { errors: result.errors, submitted });
    return { changed: result.changed };
  },
};
