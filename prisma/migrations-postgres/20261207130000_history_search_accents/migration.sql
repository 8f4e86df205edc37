-- Cases history: a search finds a word whatever its accents ("fievre" finds "fièvre", "Fièvre"
-- finds "fievre"; issue 24). Not generated (the Prisma model does not change). A text search
-- configuration of our own, 'triage_search': the 'simple' one (no stemming, French and English
-- alike) after the unaccent dictionary, which folds the accents of what is indexed and of what is
-- searched alike; bot/cases/caseHistory.ts folds the query's words the same way. unaccent ships
-- with PostgreSQL (contrib) and is a trusted extension: the database's owner may create it.
-- to_tsvector(regconfig, text) is immutable, so the GIN indexes can hold it; the queries in
-- bot/store/caseHistoryQuery.ts repeat these expressions exactly, or the planner would not use them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION triage_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION triage_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

DROP INDEX "messages_search_idx";
DROP INDEX "handoff_cases_reason_search_idx";
CREATE INDEX "messages_search_idx" ON "messages" USING GIN (to_tsvector('triage_search', COALESCE("body"::jsonb ->> 'display', "body"::jsonb ->> 'text', '')))
  WHERE "author" IN ('patient', 'clinician');
CREATE INDEX "handoff_cases_reason_search_idx" ON "handoff_cases" USING GIN (to_tsvector('triage_search', COALESCE("first_reason", '')));
