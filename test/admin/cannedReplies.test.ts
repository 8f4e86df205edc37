import { beforeAll, describe, expect, it } from "vitest";
import { CannedReplies, REPLY_LIMITS } from "../../bot/admin/cannedReplies.js";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { appendInTransaction } from "../../bot/store/auditLog.js";
import { preview } from "../../bot/cases/queueGlance.js";
import { DRIVERS } from "../store/storeFixtures.js";
import { useTestStore } from "../store/useTestStore.js";

const lead = { id: "admin-1", email: "lead@clinic.example" };
const reply = (title: string, text = `${title}: texte`) => ({ title: { fr: `${title} (fr)`, en: title }, text: { fr: text, en: `${title}: text` } });

describe.each(DRIVERS)("canned replies on %s", (driver) => {
  const db = useTestStore(driver);
  let replies: CannedReplies;

  beforeAll(() => {
    replies = new CannedReplies(db.store, appendInTransaction, () => new Date("2026-12-07T10:00:00.000Z"));
  });

  it("adds, changes and deletes replies in both languages, each change in the admin audit chain", async () => {
    const added = await replies.add(reply("Call 15"), lead);
    expect(added).toMatchObject({ title: { fr: "Call 15 (fr)", en: "Call 15" }, text: { fr: "Call 15: texte", en: "Call 15: text" }, updatedBy: lead.email });
    const other = await replies.add(reply("Another"), lead);
    const changed = await replies.change(
      added.id,
      { ...reply("Call 15"), text: { fr: "Appelez le 15 maintenant.", en: "Call 15 now." } },
      { id: "admin-2", email: "other@clinic.example" },
    );
    expect(changed).toMatchObject({ id: added.id, text: { fr: "Appelez le 15 maintenant.", en: "Call 15 now." }, updatedBy: "other@clinic.example" });
    await replies.remove(other.id, lead);
    expect((await replies.list()).map((r) => r.text.fr)).toEqual(["Appelez le 15 maintenant."]);

    const events = await db.store.prisma.auditEvent.findMany({ where: { stream: "admin", type: { startsWith: "reply." } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["reply.added", "reply.added", "reply.changed", "reply.deleted"]);
    expect((await verifyChains(db.store)).every((chain) => chain.ok)).toBe(true);
  });

  it("refuses an empty or oversized field with ADMIN_INVALID_REPLY naming it, and an unknown id with ADMIN_UNKNOWN_REPLY; nothing is written", async () => {
    const before = await replies.list();
    const refusal = async (body: unknown) =>
      replies.add(body, lead).then(
        () => undefined,
        (error: unknown) => error as { code: string; details: unknown },
      );
    expect(await refusal({ ...reply("x"), title: { fr: "  ", en: "x" } })).toMatchObject({
      code: "ADMIN_INVALID_REPLY",
      details: { field: "title.fr", reason: "empty" },
    });
    expect(await refusal({ ...reply("x"), text: { fr: "ok", en: "y".repeat(REPLY_LIMITS.text + 1) } })).toMatchObject({
      code: "ADMIN_INVALID_REPLY",
      details: { field: "text.en", reason: "too_long", max: 2000 },
    });
    expect(await refusal({ title: "not both languages" })).toMatchObject({ code: "ADMIN_INVALID_REPLY" });
    await expect(replies.change("nope", reply("x"), lead)).rejects.toMatchObject({ code: "ADMIN_UNKNOWN_REPLY" });
    await expect(replies.remove("nope", lead)).rejects.toMatchObject({ code: "ADMIN_UNKNOWN_REPLY" });
    expect(await replies.list()).toEqual(before);
  });
});

describe("the queue's last-message preview", () => {
  it("keeps a message on one line within 80 characters, cut on whole characters with an ellipsis", () => {
    expect(preview("Bonjour,\n  j'ai mal")).toBe("Bonjour, j'ai mal");
    const cut = preview("é".repeat(50) + " 🙂".repeat(40));
    expect(Array.from(cut).length).toBeLessThanOrEqual(80);
    expect(cut.startsWith("é".repeat(50) + " 🙂")).toBe(true);
    expect(cut.endsWith("…")).toBe(true);
    expect(preview("x".repeat(80))).toBe("x".repeat(80));
  });
});
