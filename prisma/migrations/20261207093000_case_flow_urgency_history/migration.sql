-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN "flow_urgency" TEXT;

-- CreateIndex
CREATE INDEX "handoff_cases_urgency_opened_at_idx" ON "handoff_cases"("urgency", "opened_at");

-- CreateIndex
CREATE INDEX "handoff_cases_assignee_id_opened_at_idx" ON "handoff_cases"("assignee_id", "opened_at");

-- Backfill (not generated): the questionnaire's level is the `from` of the case's first clinician
-- urgency change in its session's audit chain (sealed payloads hold it under "payload", older ones
-- inline); a case never changed, or whose change was erased, keeps its current level.
UPDATE "handoff_cases" SET "flow_urgency" = COALESCE((
  SELECT COALESCE(json_extract(e."payload", '$.payload.from'), json_extract(e."payload", '$.from'))
  FROM "audit_events" e
  WHERE e."stream" = "handoff_cases"."session_id" AND e."type" = 'clinician.urgency_changed' AND json_valid(e."payload")
    AND COALESCE(json_extract(e."payload", '$.payload.caseId'), json_extract(e."payload", '$.caseId')) = "handoff_cases"."id"
    AND COALESCE(json_extract(e."payload", '$.payload.from'), json_extract(e."payload", '$.from')) IS NOT NULL
  ORDER BY e."seq" LIMIT 1
), "urgency");

-- Cases history full-text search (not generated; bot/store/caseHistoryQuery.ts). Contentless FTS5
-- indexes (no second copy of the health data), keyed by the rowid of the indexed row and kept up
-- to date by triggers, so the hot path's raw inserts and the erasure's deletes need no code of
-- their own. Indexed: what patients and clinicians wrote (free text, and the display text of each
-- answer), and each case's first reason. Diacritics are kept, as PostgreSQL's 'simple' does.
-- (VACUUM renumbers these tables' rowids: nothing here runs it; after one, rebuild both indexes.)
CREATE VIRTUAL TABLE "message_search" USING fts5("text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE "case_reason_search" USING fts5("text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

INSERT INTO "message_search" ("rowid", "text")
  SELECT "rowid", CASE WHEN json_valid("body") THEN COALESCE(json_extract("body", '$.display'), json_extract("body", '$.text'), '') ELSE '' END
  FROM "messages" WHERE "author" IN ('patient', 'clinician');
INSERT INTO "case_reason_search" ("rowid", "text") SELECT "rowid", "first_reason" FROM "handoff_cases" WHERE "first_reason" IS NOT NULL;

CREATE TRIGGER "messages_search_insert" AFTER INSERT ON "messages" WHEN new."author" IN ('patient', 'clinician') BEGIN
  INSERT INTO "message_search" ("rowid", "text")
  VALUES (new."rowid", CASE WHEN json_valid(new."body") THEN COALESCE(json_extract(new."body", '$.display'), json_extract(new."body", '$.text'), '') ELSE '' END);
END;
CREATE TRIGGER "messages_search_delete" AFTER DELETE ON "messages" WHEN old."author" IN ('patient', 'clinician') BEGIN
  DELETE FROM "message_search" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "messages_search_update" AFTER UPDATE OF "body", "author" ON "messages" BEGIN
  DELETE FROM "message_search" WHERE "rowid" = old."rowid";
  INSERT INTO "message_search" ("rowid", "text")
  SELECT new."rowid", CASE WHEN json_valid(new."body") THEN COALESCE(json_extract(new."body", '$.display'), json_extract(new."body", '$.text'), '') ELSE '' END
  WHERE new."author" IN ('patient', 'clinician');
END;
CREATE TRIGGER "case_reason_search_insert" AFTER INSERT ON "handoff_cases" WHEN new."first_reason" IS NOT NULL BEGIN
  INSERT INTO "case_reason_search" ("rowid", "text") VALUES (new."rowid", new."first_reason");
END;
CREATE TRIGGER "case_reason_search_delete" AFTER DELETE ON "handoff_cases" BEGIN
  DELETE FROM "case_reason_search" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "case_reason_search_update" AFTER UPDATE OF "first_reason" ON "handoff_cases" BEGIN
  DELETE FROM "case_reason_search" WHERE "rowid" = old."rowid";
  INSERT INTO "case_reason_search" ("rowid", "text") SELECT new."rowid", new."first_reason" WHERE new."first_reason" IS NOT NULL;
END;
