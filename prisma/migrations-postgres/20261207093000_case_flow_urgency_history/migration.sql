-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN     "flow_urgency" TEXT;

-- CreateIndex
CREATE INDEX "handoff_cases_urgency_opened_at_idx" ON "handoff_cases"("urgency", "opened_at");

-- CreateIndex
CREATE INDEX "handoff_cases_assignee_id_opened_at_idx" ON "handoff_cases"("assignee_id", "opened_at");

-- Backfill (not generated): the questionnaire's level is the `from` of the case's first clinician
-- urgency change in its session's audit chain (sealed payloads hold it under "payload", older ones
-- inline); a case never changed, or whose change was erased, keeps its current level.
UPDATE "handoff_cases" c SET "flow_urgency" = COALESCE((
  SELECT COALESCE(e."payload"::jsonb #>> '{payload,from}', e."payload"::jsonb ->> 'from')
  FROM "audit_events" e
  WHERE e."stream" = c."session_id" AND e."type" = 'clinician.urgency_changed'
    AND COALESCE(e."payload"::jsonb #>> '{payload,caseId}', e."payload"::jsonb ->> 'caseId') = c."id"
    AND COALESCE(e."payload"::jsonb #>> '{payload,from}', e."payload"::jsonb ->> 'from') IS NOT NULL
  ORDER BY e."seq" LIMIT 1
), c."urgency");

-- Cases history full-text search (not generated; bot/store/caseHistoryQuery.ts): GIN indexes over
-- tsvector expressions ('simple': no stemming, French and English alike), which PostgreSQL keeps up
-- to date on every write. The queries repeat these expressions exactly. Indexed: what patients and
-- clinicians wrote (free text, and the display text of each answer), and each case's first reason.
CREATE INDEX "messages_search_idx" ON "messages" USING GIN (to_tsvector('simple', COALESCE("body"::jsonb ->> 'display', "body"::jsonb ->> 'text', '')))
  WHERE "author" IN ('patient', 'clinician');
CREATE INDEX "handoff_cases_reason_search_idx" ON "handoff_cases" USING GIN (to_tsvector('simple', COALESCE("first_reason", '')));
