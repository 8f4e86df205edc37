-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN     "routing" TEXT;

-- CreateTable
CREATE TABLE "case_reads" (
    "user_id" TEXT NOT NULL,
    "case_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "case_reads_pkey" PRIMARY KEY ("user_id","case_id")
);

-- AddForeignKey
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "handoff_cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill (not generated): a case opened by an outcome takes the routing of its session's latest
-- `outcome.decided` audit event (sealed payloads hold it under "payload", older ones inline). A
-- case the patient asked for, or whose session's events were erased, keeps none.
UPDATE "handoff_cases" c SET "routing" = (
  SELECT COALESCE(e."payload"::jsonb #>> '{payload,routing}', e."payload"::jsonb ->> 'routing')
  FROM "audit_events" e
  WHERE e."stream" = c."session_id" AND e."type" = 'outcome.decided'
    AND COALESCE(e."payload"::jsonb #>> '{payload,routing}', e."payload"::jsonb ->> 'routing') IS NOT NULL
  ORDER BY e."seq" DESC LIMIT 1
) WHERE c."cause" = 'outcome';
