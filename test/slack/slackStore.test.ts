import { describe, expect, it } from "vitest";
import { SlackConversationRepository } from "../../bot/store/slackConversationRepository.js";
import { SlackDeliveryRepository } from "../../bot/store/slackDeliveryRepository.js";
import { DRIVERS } from "../store/storeFixtures.js";
import { useTestStore } from "../store/useTestStore.js";

describe.each(DRIVERS)("the Slack tables on %s", (driver) => {
  const db = useTestStore(driver);

  it("maps a DM to its current session and finds it back by session", async () => {
    const conversations = new SlackConversationRepository(db.store);
    const dm = { user: "U1", channel: "D1", team: "T1" };
    expect(await conversations.current(dm)).toBeUndefined();
    await conversations.remember({ ...dm, sessionId: "s-1", status: "active", locale: "fr" });
    await conversations.remember({ ...dm, sessionId: "s-2", status: "handoff", locale: "en" });
    expect(await conversations.current(dm)).toEqual({ ...dm, sessionId: "s-2", status: "handoff", locale: "en" });
    expect((await conversations.bySession("s-2"))?.user).toBe("U1");
    expect(await conversations.current({ ...dm, channel: "D2" })).toBeUndefined();
  });

  it("lets exactly one of concurrent claims of a key win, and keeps an announcement's ts", async () => {
    const deliveries = new SlackDeliveryRepository(db.store);
    const at = new Date("2026-03-01T10:00:00.000Z");
    const results = await Promise.all(Array.from({ length: 8 }, () => deliveries.claim("case:c1:opened", at)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await deliveries.messages("case:c1:")).toEqual([]);
    await deliveries.posted("case:c1:opened", "C1", "1700000000.000100");
    expect(await deliveries.messages("case:c1:")).toEqual([{ key: "case:c1:opened", channel: "C1", ts: "1700000000.000100" }]);
  });

  it("forgets old guard claims but keeps announcements", async () => {
    const deliveries = new SlackDeliveryRepository(db.store);
    const old = new Date("2026-03-01T08:00:00.000Z");
    for (const key of ["delivery:event:Ev1", "push:s-1:4", "case:c2:update:claimed|u1", "case:c2:opened"]) await deliveries.claim(key, old);
    await deliveries.claim("delivery:event:Ev2", new Date("2026-03-01T11:00:00.000Z"));
    expect(await deliveries.prune(new Date("2026-03-01T10:00:00.000Z"))).toBe(3);
    expect(await deliveries.claim("delivery:event:Ev1", old)).toBe(true);
    expect(await deliveries.claim("delivery:event:Ev2", old)).toBe(false);
    expect(await deliveries.claim("case:c2:opened", old)).toBe(false);
  });
});
