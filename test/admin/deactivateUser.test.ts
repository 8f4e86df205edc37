import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { deactivateUser } from "../../bot/admin/deactivateUser.js";
import { ConsoleAuth } from "../../bot/auth/consoleAuth.js";
import { consoleAuthOn } from "../console/consoleAuthOn.js";
import { appendInTransaction } from "../../bot/store/auditLog.js";
import { useTestStore } from "../store/useTestStore.js";

const PASSWORD = "correct horse battery staple";
const db = useTestStore("sqlite");
let auth: ConsoleAuth;

beforeAll(async () => {
  auth = consoleAuthOn(db.store, pino({ level: "silent" }));
});

describe("deactivateUser", () => {
  it("marks the account inactive and revokes every console session it holds, audited with the administrator", async () => {
    const { user } = await auth.addUser({ email: "gone@clinic.example", role: "clinician", password: PASSWORD }, "test");
    const tokens: string[] = [];
    for (const ip of ["10.0.0.1", "10.0.0.2"]) {
      const signed = await auth.signIn({ email: "gone@clinic.example", password: PASSWORD, ip });
      if (signed.ok) tokens.push(signed.token);
    }
    expect(tokens).toHaveLength(2);
    expect(await auth.authenticate(tokens[0])).toBeDefined();
    const revoked = await deactivateUser(db.store, appendInTransaction, user.id, { id: "admin-1", email: "lead@clinic.example" }, new Date());
    expect(revoked).toBe(2);
    for (const token of tokens) expect(await auth.authenticate(token)).toBeUndefined();
    expect(await auth.signIn({ email: "gone@clinic.example", password: PASSWORD, ip: "10.0.0.3" })).toMatchObject({ ok: false });
    const events = await db.store.readAuditEvents("admin", 0);
    expect(events.find((e) => e.type === "user.deactivated")).toMatchObject({
      payload: { actor: "lead@clinic.example", details: { userId: user.id, sessionsRevoked: 2 } },
    });
  });

  it("refuses an administrator deactivating their own account, and an account already inactive", async () => {
    const { user } = await auth.addUser({ email: "self@clinic.example", role: "admin", password: PASSWORD }, "test");
    await expect(deactivateUser(db.store, appendInTransaction, user.id, { id: user.id, email: user.email }, new Date())).rejects.toMatchObject({
      code: "ADMIN_INVALID_EDIT",
    });
    await deactivateUser(db.store, appendInTransaction, user.id, { id: "other", email: "lead@clinic.example" }, new Date());
    await expect(deactivateUser(db.store, appendInTransaction, user.id, { id: "other", email: "lead@clinic.example" }, new Date())).rejects.toMatchObject({
      code: "ADMIN_INVALID_EDIT",
    });
  });
});
