import type { RespondFn, SlashCommand, webApi } from "@slack/bolt";
import { asTriageError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { PatientSide } from "./patientSide.js";
import { slackTexts } from "./slackTexts.js";

export interface StartFromCommandDeps {
  client: webApi.WebClient;
  patients: Pick<PatientSide, "start" | "localeOf">;
  logger: Logger;
}

/**
 * `/triage [flow]`, already acknowledged: the triage always runs in the user's DM with the app.
 * Typed anywhere else (a channel, a group DM, a DM with a colleague), nothing is said there in
 * public: the user alone is told (ephemeral response, in their language) to look at their DMs.
 */
export async function startFromCommand(command: SlashCommand, respond: RespondFn, deps: StartFromCommandDeps): Promise<void> {
  const { client, patients, logger } = deps;
  const flow = command.text.trim().split(/\s+/)[0] || undefined;
  const tell = async (text: string) => {
    await respond({ response_type: "ephemeral", replace_original: false, text }).catch((error: unknown) =>
      logger.warn({ code: (error as { code?: string }).code ?? "unknown" }, "slack: /triage response failed"),
    );
  };
  try {
    const dm = await openDm(client, command.user_id, logger);
    if (!dm) return await tell(slackTexts(await patients.localeOf(command.user_id)).noDm);
    if (dm === command.channel_id) return await patients.start({ user: command.user_id, channel: dm, team: command.team_id }, flow, command.trigger_id);
    const locale = await patients.localeOf(command.user_id);
    await tell(slackTexts(locale).sentToDm);
    await patients.start({ user: command.user_id, channel: dm, team: command.team_id }, flow, command.trigger_id, locale);
  } catch (error) {
    logger.warn({ code: asTriageError(error).code }, "slack: /triage failed");
  }
}

/** The id of the user's DM with the app, or undefined when Slack would not open it (logged, ids only). */
async function openDm(client: webApi.WebClient, user: string, logger: Logger): Promise<string | undefined> {
  try {
    return (await client.conversations.open({ users: user })).channel?.id;
  } catch (error) {
    logger.warn({ slackError: (error as { data?: { error?: string } }).data?.error ?? null }, "slack: conversations.open failed for /triage");
    return undefined;
  }
}
