import { describe, expect, it } from "vitest";
import { describeSlack, slackSetup } from "../../bot/channels/slack/slackOptions.js";
import { loadConfig } from "../../bot/config/config.js";

const HTTP = { SLACK_BOT_TOKEN: "xoxb-x", SLACK_SIGNING_SECRET: "s", SLACK_CLINICIANS_CHANNEL: "C1" };

/** The line `npm start` prints about Slack, for an environment. */
const startLine = (env: Record<string, string>) => describeSlack(slackSetup(loadConfig(env)), "https://triage.example.org");

/** The clinicians' language the Slack channel would run with, for an environment. */
function cliniciansLocaleOf(env: Record<string, string>): string | undefined {
  const setup = slackSetup(loadConfig({ ...HTTP, ...env }));
  return setup.enabled ? setup.options.cliniciansLocale : undefined;
}

describe("the Slack channel's configuration", () => {
  it("is off, and npm start says why, when the bot token or both the signing secret and the app token are missing", () => {
    expect(startLine({})).toBe("Slack: off (SLACK_BOT_TOKEN is not set)");
    expect(startLine({ SLACK_BOT_TOKEN: "xoxb-x" })).toBe("Slack: off (set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode))");
  });

  it("runs over HTTP at PUBLIC_URL/slack/events with a signing secret, and says where", () => {
    expect(startLine({ ...HTTP, TRIAGE_DEFAULT_LOCALE: "en" })).toBe(
      "Slack: on (HTTP at https://triage.example.org/slack/events; clinicians' channel C1 in en)",
    );
  });

  it("runs in Socket Mode when an app token is set, even with a signing secret", () => {
    expect(startLine({ ...HTTP, SLACK_APP_TOKEN: "xapp-x", SLACK_CLINICIANS_LOCALE: "fr" })).toBe("Slack: on (Socket Mode; clinicians' channel C1 in fr)");
    expect(startLine({ SLACK_BOT_TOKEN: "xoxb-x", SLACK_APP_TOKEN: "xapp-x" })).toBe("Slack: on (Socket Mode; clinicians' channel not set)");
  });

  it("writes to the clinicians in the deployment's default language unless SLACK_CLINICIANS_LOCALE says otherwise", () => {
    expect(cliniciansLocaleOf({ TRIAGE_DEFAULT_LOCALE: "fr" })).toBe("fr");
    expect(cliniciansLocaleOf({ TRIAGE_DEFAULT_LOCALE: "en" })).toBe("en");
    expect(cliniciansLocaleOf({ TRIAGE_DEFAULT_LOCALE: "fr", SLACK_CLINICIANS_LOCALE: "en" })).toBe("en");
  });

  it("refuses a clinicians' language the texts do not exist in", () => {
    expect(() => loadConfig({ ...HTTP, SLACK_CLINICIANS_LOCALE: "de" })).toThrow(/SLACK_CLINICIANS_LOCALE/);
  });
});
