-- Cases history: a search finds a word whatever its accents ("fievre" finds "fièvre", "Fièvre"
-- finds "fievre"; issue 24). Not generated (the Prisma model does not change). The FTS5 indexes
-- are rebuilt with unicode61's remove_diacritics 2, which folds the accents of Latin letters in
-- what is indexed and in what is searched alike; bot/cases/caseHistory.ts folds the query's words
-- the same way. The triggers of migration 20261207093000 name these tables and keep working.
DROP TABLE "message_search";
DROP TABLE "case_reason_search";
CREATE VIRTUAL TABLE "message_search" USING fts5("text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE "case_reason_search" USING fts5("text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');

INSERT INTO "message_search" ("rowid", "text")
  SELECT "rowid", CASE WHEN json_valid("body") THEN COALESCE(json_extract("body", '$.display'), json_extract("body", '$.text'), '') ELSE '' END
  FROM "messages" WHERE "author" IN ('patient', 'clinician');
INSERT INTO "case_reason_search" ("rowid", "text") SELECT "rowid", "first_reason" FROM "handoff_cases" WHERE "first_reason" IS NOT NULL;
