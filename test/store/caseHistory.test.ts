import { beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseHistoryQuery, readHistory, type HistoryParams } from "../../bot/cases/caseHistory.js";
import type { TurnCommit } from "../../bot/engine/ports.js";
import type { Routing } from "../../flows/index.js";
import { CaseHistoryQuery } from "../../bot/store/caseHistoryQuery.js";
import { CaseRepository } from "../../bot/store/caseRepository.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { DRIVERS, caseIdOf, createTestDatabase, makeTurn, openTestStore, quietLogger, rawQuery } from "./storeFixtures.js";
import { useTestStore } from "./useTestStore.js";
import { rawBefore } from "./rawBefore.js";

/** A finished triage that opened a case: the patient's first turn, then the one that handed off. */
async function openCase(
  store: PrismaStore,
  sessionId: string,
  options: { flow?: string; urgency?: "EMERGENCY" | "URGENT" | "SOON"; reason?: string; answer?: string; routing?: Routing } = {},
): Promise<string> {
  const tweak = (turn: TurnCommit) => {
    turn.session.flowSlug = options.flow ?? "chest-pain";
    return turn;
  };
  await store.commitTurn(tweak(makeTurn(sessionId, "c1", { isNew: true, text: "bonjour" })));
  const last = tweak(makeTurn(sessionId, "c2", { handoff: true }));
  last.messages = [
    { author: "patient", body: { kind: "answer", questionId: "q1", value: "x", display: options.answer ?? "oui" } },
    { author: "bot", body: { kind: "notice", text: "douleur thoracique (the bot's words are not searched)" } },
  ];
  last.handoff = {
    ...last.handoff!,
    urgency: options.urgency ?? "URGENT",
    firstReason: options.reason ?? "asked for a human",
    ...(options.routing ? { routing: options.routing } : {}),
  };
  await store.commitTurn(last);
  return caseIdOf(store, sessionId);
}

describe.each(DRIVERS)("the cases history on %s", (driver) => {
  const db = useTestStore(driver);
  let history: CaseHistoryQuery;
  let cases: CaseRepository;
  const ids: Record<string, string> = {};
  const s = (name: string) => `${name}-${driver}`;
  const page = (params: HistoryParams) => history.history(parseHistoryQuery(params));
  const found = async (params: HistoryParams) => (await page(params)).rows.map((r) => r.id);

  beforeAll(async () => {
    history = new CaseHistoryQuery(db.store);
    cases = new CaseRepository(db.store);
    await db.store.prisma.user.create({ data: { id: "u-anne", email: "anne@example.org", passwordHash: "x", displayName: "Dr Anne", role: "clinician" } });
    // Oldest first: each commit is a second after the previous one (makeTurn's clock).
    ids.chest = await openCase(db.store, s("chest"), {
      reason: "Douleur thoracique oppressante",
      answer: "depuis ce matin, pas de fievre",
      routing: "on_call_clinician",
    });
    ids.fever = await openCase(db.store, s("fever"), {
      flow: "fever-adult",
      urgency: "SOON",
      reason: "Fièvre élevée",
      answer: "39,5 degrés",
      routing: "same_day_teleconsultation",
    });
    ids.headache = await openCase(db.store, s("headache"), {
      flow: "headache",
      urgency: "EMERGENCY",
      reason: "Céphalée brutale",
      answer: "coup de tonnerre",
      routing: "emergency_services",
    });
    ids.cough = await openCase(db.store, s("cough"), { flow: "breathing-cough", answer: "toux sèche" });
    ids.closed = await openCase(db.store, s("closed"), { flow: "fever-adult", reason: "Fièvre chez l'adulte", answer: "frissons" });
    const at = new Date("2026-03-01T12:00:00.000Z");
    await cases.claim(ids.closed, "u-anne", at);
    await cases.setUrgency(ids.closed, "u-anne", "EMERGENCY", at);
    await cases.close(ids.closed, "u-anne", "advice_given", undefined, at);
  });

  it("lists every case, open and closed, newest first", async () => {
    expect(await found({})).toEqual([ids.closed, ids.cough, ids.headache, ids.fever, ids.chest]);
    const closed = (await page({})).rows[0]!;
    expect(closed).toMatchObject({
      state: "closed",
      urgency: "EMERGENCY",
      flowUrgency: "URGENT",
      flowSlug: "fever-adult",
      assignee: { id: "u-anne", displayName: "Dr Anne" },
      disposition: "advice_given",
    });
  });

  it("walks the pages without repeating or skipping a case, even when a case opens meanwhile", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let n = 0; n < 5; n += 1) {
      const view = await readHistory(history, { size: "2", ...(after ? { after } : {}) }, "fr");
      seen.push(...view.rows.map((r) => r.id));
      if (n === 0) await openCase(db.store, s("newcomer")); // newer than every page: shows on the first page only
      after = view.next;
      if (!after) break;
    }
    expect(seen).toEqual([ids.closed, ids.cough, ids.headache, ids.fever, ids.chest]);
    await rawQuery(db.store, "DELETE FROM messages WHERE session_id = ?", s("newcomer"));
    await rawQuery(db.store, "DELETE FROM handoff_cases WHERE session_id = ?", s("newcomer"));
  });

  it("filters by status, level, questionnaire, clinician and dates", async () => {
    expect(await found({ state: "closed" })).toEqual([ids.closed]);
    expect(await found({ state: "open", urgency: "URGENT" })).toEqual([ids.cough, ids.chest]);
    expect(await found({ urgency: "EMERGENCY" })).toEqual([ids.closed, ids.headache]);
    expect(await found({ flow: "fever-adult" })).toEqual([ids.closed, ids.fever]);
    expect(await found({ clinician: "u-anne" })).toEqual([ids.closed]);
    expect(await found({ from: "2026-03-01", to: "2026-03-01" })).toHaveLength(5);
    expect(await found({ from: "2026-03-02" })).toEqual([]);
    expect(await found({ to: "2026-02-28" })).toEqual([]);
  });

  it("filters by the routing stored with the case, alone or with the other filters, and shows it on each row", async () => {
    expect(await found({ routing: "on_call_clinician" })).toEqual([ids.chest]);
    expect(await found({ routing: "same_day_teleconsultation" })).toEqual([ids.fever]);
    expect(await found({ routing: "emergency_services", urgency: "EMERGENCY" })).toEqual([ids.headache]);
    expect(await found({ routing: "emergency_services", state: "closed" })).toEqual([]);
    // A case the patient asked for before any outcome has no routing: no routing filter finds it.
    expect(await found({ routing: "self_care" })).toEqual([]);
    const rows = (await page({})).rows;
    expect(rows.map((r) => [r.id, r.routing])).toEqual([
      [ids.closed, undefined],
      [ids.cough, undefined],
      [ids.headache, "emergency_services"],
      [ids.fever, "same_day_teleconsultation"],
      [ids.chest, "on_call_clinician"],
    ]);
    // The same filter on the search's other ways of finding a page.
    const walked = new CaseHistoryQuery(db.store, { commonWordMatches: 1, walkWindow: 2 });
    expect((await walked.history(parseHistoryQuery({ q: "fievre", routing: "on_call_clinician" }))).rows.map((r) => r.id)).toEqual([ids.chest]);
  });

  // Every way the store finds a page must find the same cases (bot/store/caseHistoryQuery.ts):
  // SQLite picks by counting a word's matches, PostgreSQL walks the newest cases first.
  it.each([
    ["looked up first (rare words)", { walkWindow: 0 }],
    ["checked case by case (common words)", { commonWordMatches: 1, walkWindow: 1000 }],
    ["checked on the newest cases, then looked up (PostgreSQL)", { walkWindow: 2 }],
  ])("finds a word in a case's first reason, in an answer or in a message, and not in the bot's words: %s", async (_, options) => {
    const searched = new CaseHistoryQuery(db.store, options);
    const found = async (params: HistoryParams) => (await searched.history(parseHistoryQuery(params))).rows.map((r) => r.id);
    expect(await found({ q: "oppressante" })).toEqual([ids.chest]); // the reason
    expect(await found({ q: "tonnerre" })).toEqual([ids.headache]); // an answer's display text
    expect(await found({ q: "bonjour" })).toHaveLength(5); // the patient's free text, in every session
    expect(await found({ q: "FIÈVRE" })).toEqual([ids.closed, ids.fever, ids.chest]); // whatever its case and accents ("fievre" in chest's answer)
    expect(await found({ q: "fievre" })).toEqual([ids.closed, ids.fever, ids.chest]); // "Fièvre" in the reasons
    expect(await found({ q: "seche" })).toEqual([ids.cough]); // "sèche" in an answer
    expect(await found({ q: "fièv" })).toEqual([]); // whole words only
    expect(await found({ q: "Fièvre frissons" })).toEqual([ids.closed]); // every word, anywhere in the case
    expect(await found({ q: "fievre oppressante" })).toEqual([ids.chest]);
    expect(await found({ q: "toux fievre" })).toEqual([]);
    expect(await found({ q: "thoracique" })).toEqual([ids.chest]); // in the bot's notice of every session too, but not searched
    expect(await found({ q: "toux", state: "closed" })).toEqual([]);
  });

  it("finds a message as soon as it is committed, and no more once it is erased", async () => {
    const turn = makeTurn(s("cough"), "c3", { text: "crachats verdâtres" });
    turn.session.flowSlug = "breathing-cough";
    turn.session.status = "handoff";
    await db.store.commitTurn(turn);
    expect(await found({ q: "verdâtres" })).toEqual([ids.cough]);

    await db.store.prisma.message.deleteMany({ where: { sessionId: s("cough") } });
    await db.store.prisma.handoffCase.updateMany({ where: { sessionId: s("cough") }, data: { firstReason: null } });
    expect(await found({ q: "verdâtres" })).toEqual([]);
    expect(await found({ q: "toux" })).toEqual([]);
  });

  it("keeps the questionnaire's level when a clinician changes it, for the dashboard", async () => {
    const rows = await cases.openedBetween(new Date("2026-03-01T00:00:00.000Z"), new Date("2026-03-02T00:00:00.000Z"));
    expect(rows.filter((r) => r.urgency !== r.flowUrgency)).toEqual([expect.objectContaining({ urgency: "EMERGENCY", flowUrgency: "URGENT" })]);
    expect(await cases.get(ids.closed!)).toMatchObject({ urgency: "EMERGENCY", flowUrgency: "URGENT" });
  });
});

describe("the history's date filters", () => {
  const instant = (params: HistoryParams, zone?: string) => {
    const q = parseHistoryQuery(params, zone);
    return { from: q.from?.toISOString(), to: q.to?.toISOString() };
  };

  it("reads day/month/year as the days of the clinician's time zone", () => {
    expect(instant({ from: "07/12/2026", to: "07/12/2026" }, "Europe/Paris")).toEqual({ from: "2026-12-06T23:00:00.000Z", to: "2026-12-07T23:00:00.000Z" });
    expect(instant({ from: "7/12/2026", to: "8/12/2026" }, "Africa/Casablanca")).toEqual({ from: "2026-12-06T23:00:00.000Z", to: "2026-12-08T23:00:00.000Z" });
    expect(instant({ from: "07/12/2026" })).toEqual({ from: "2026-12-07T00:00:00.000Z", to: undefined }); // no zone known: UTC days
  });

  it("counts a day of 23 hours when the clocks change (Europe/Paris, 29 March 2026)", () => {
    expect(instant({ from: "29/03/2026", to: "29/03/2026" }, "Europe/Paris")).toEqual({ from: "2026-03-28T23:00:00.000Z", to: "2026-03-29T22:00:00.000Z" });
  });

  it("still reads the year-month-day of links made before", () => {
    expect(instant({ from: "2026-12-07" }, "Europe/Paris")).toEqual({ from: "2026-12-06T23:00:00.000Z", to: undefined });
  });

  it.each(["31/02/2026", "12/31/2026", "2026-13-01", "07/12/26", "07.12.2026", "aujourd'hui"])("refuses %s, naming the field", (text) => {
    expect(() => parseHistoryQuery({ to: text }, "Europe/Paris")).toThrow(
      expect.objectContaining({ code: "CONSOLE_INVALID_REQUEST", details: { field: "to" } }),
    );
  });
});

describe.each(DRIVERS)("the migration to the cases history on %s", (driver) => {
  it("fills the questionnaire's level from the audit's first urgency change, and indexes what was written before", async () => {
    const database = await createTestDatabase(driver, { until: "20261207070000_session_erasure" });
    try {
      // Rows as the previous schema holds them; the case's level was changed twice by clinicians,
      // which only the session's chain records (sealed payloads, as CaseService writes them).
      const at = driver === "sqlite" ? "2026-03-01T10:00:00.000+00:00" : "2026-03-01T10:00:00.000Z";
      const id = `case-m-${driver}`;
      const sealed = (from: string, to: string) => JSON.stringify({ digest: "0".repeat(64), payload: { caseId: id, from, to, reason: "r" }, salt: "s", v: 2 });
      await rawBefore(database.url, driver, [
        [
          "INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, last_seq, created_at, updated_at) VALUES ('m', 'chest-pain', 1, '{}', 'fr', 'handoff', 'web', 'SOON', 1, ?, ?)",
          at,
          at,
        ],
        [
          "INSERT INTO messages (session_id, seq, author, body, locale, at) VALUES ('m', 1, 'patient', ?, 'fr', ?)",
          JSON.stringify({ kind: "text", text: "palpitations nocturnes" }),
          at,
        ],
        [
          "INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, first_reason, opened_at, updated_at) VALUES (?, 'm', 'SOON', ?, 'open', 'outcome', 'asked for a human', ?, ?)",
          id,
          at,
          at,
          at,
        ],
        [
          "INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES ('m', 1, 'x', 'clinician.urgency_changed', ?, 'p', 'h')",
          sealed("URGENT", "EMERGENCY"),
        ],
        [
          "INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES ('m', 2, 'x', 'clinician.urgency_changed', ?, 'p', 'h')",
          sealed("EMERGENCY", "SOON"),
        ],
      ]);
      expect(await migrate(database.url, { logger: quietLogger })).toContain("20261207093000_case_flow_urgency_history");

      const store = await openTestStore(database.url);
      try {
        const history = new CaseHistoryQuery(store);
        expect((await history.history(parseHistoryQuery({ q: "palpitations" }))).rows).toEqual([
          expect.objectContaining({ id, urgency: "SOON", flowUrgency: "URGENT" }),
        ]);
        expect((await history.history(parseHistoryQuery({ q: "human" }))).rows.map((r) => r.id)).toEqual([id]); // the reason stored before
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe("the cases history's request", () => {
  const refused = (params: HistoryParams) => {
    try {
      parseHistoryQuery(params);
    } catch (error) {
      const coded = error as { code: string; details: { field: string } };
      return { code: coded.code, field: coded.details.field };
    }
    return undefined;
  };

  it.each([
    [{ q: "x".repeat(201) }, "q"],
    [{ q: "un deux trois quatre cinq six sept huit neuf" }, "q"],
    [{ state: "lost" }, "state"],
    [{ urgency: "urgent" }, "urgency"],
    [{ flow: "Chest Pain" }, "flow"],
    [{ routing: "hospital" }, "routing"],
    [{ routing: "x".repeat(500) }, "routing"],
    [{ clinician: "a b" }, "clinician"],
    [{ from: "2026-02-30" }, "from"],
    [{ from: "2026-03-02", to: "2026-03-01" }, "to"],
    [{ after: "not a cursor!" }, "after"],
    [{ after: Buffer.from("yesterday|c1").toString("base64url") }, "after"],
    [{ size: "0" }, "size"],
    [{ size: "101" }, "size"],
  ] as [HistoryParams, string][])("refuses %j with CONSOLE_INVALID_REQUEST naming %s", (params, field) => {
    expect(refused(params)).toEqual({ code: "CONSOLE_INVALID_REQUEST", field });
  });

  it("reads the search box as lower-case words without accents or punctuation, and an empty form as no filter", () => {
    expect(parseHistoryQuery({ q: " Douleur, THORACIQUE! (douleur) 'l'épaule' " }).terms).toEqual(["douleur", "thoracique", "l", "epaule"]);
    expect(parseHistoryQuery({ q: "FIÈVRE fièvre Fievre ÇA" }).terms).toEqual(["fievre", "ca"]);
    expect(parseHistoryQuery({ q: "", state: "", urgency: null, size: "" })).toEqual({ terms: [], pageSize: 25 });
  });

  it("gives back the cursor it encoded", () => {
    const cursor = { openedAt: "2026-03-01T10:00:01.000Z", id: "case-1" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });
});
