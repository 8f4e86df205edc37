import { describe, expect, it, vi } from "vitest";
import type { ApiCall } from "./fakeSlackApi.js";
import { useSlackWorld } from "./useSlackWorld.js";

const world = useSlackWorld({ userLocales: { UCHAN: "en-US", UCHANFR: "fr-FR", UINDM: "en-US", UNODM: "en-GB" } });

/** The responses posted to the command's response_url after `before`. */
const responses = (before: number): ApiCall[] => world.api.of("respond").slice(before);

describe("/triage typed outside the user's DM with the app", () => {
  it("tells only the user, in English, to look at their DMs, and asks the first question there, not in the channel", async () => {
    const before = world.api.of("respond").length;
    expect((await world.command("UCHAN", "tiny", { channel: "CGENERAL" })).status).toBe(200);
    await world.waitForText("DUCHAN", "Age?");
    const [told] = await vi.waitFor(() => {
      const found = responses(before);
      if (found.length === 0) throw new Error("no response yet");
      return found;
    });
    expect(told!.args["response_type"]).toBe("ephemeral");
    expect(told!.args["text"]).toBe("I've sent you a direct message to start your triage — check your DMs.");
    expect(world.posts("CGENERAL")).toHaveLength(0);
    expect(world.api.of("chat.postEphemeral", "CGENERAL")).toHaveLength(0);
  });

  it("tells a French-speaking user in French", async () => {
    const before = world.api.of("respond").length;
    await world.command("UCHANFR", "tiny", { channel: "GPRIVATE" });
    await world.waitForText("DUCHANFR", "Âge ?");
    await vi.waitFor(() =>
      expect(responses(before).map((c) => c.args["text"])).toContain(
        "Je vous ai envoyé un message direct pour commencer votre questionnaire : regardez vos messages directs.",
      ),
    );
    expect(responses(before).every((c) => c.args["response_type"] === "ephemeral")).toBe(true);
    expect(world.posts("GPRIVATE")).toHaveLength(0);
  });

  it("says nothing more when typed in the DM itself", async () => {
    const before = world.api.of("respond").length;
    await world.command("UINDM", "tiny");
    await world.waitForText("DUINDM", "Age?");
    // The notice would be sent before the first question.
    expect(responses(before)).toHaveLength(0);
  });

  it("triages nothing in the channel when Slack will not open the DM, and tells the user why", async () => {
    world.api.script("conversations.open", { status: 200, body: { ok: false, error: "cannot_dm_bot" } });
    const before = world.api.of("respond").length;
    await world.command("UNODM", "tiny", { channel: "CGENERAL" });
    await vi.waitFor(() =>
      expect(responses(before).map((c) => String(c.args["text"]))).toContain(
        "I could not open a direct message with you: write to the Triage app directly to start your triage.",
      ),
    );
    expect(world.posts("CGENERAL")).toHaveLength(0);
    expect(world.posts("DUNODM")).toHaveLength(0);
    expect(await world.runtime.slack!.conversations.current({ user: "UNODM", channel: "CGENERAL", team: "T1" })).toBeUndefined();
  });
});
