-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN "breached_at" DATETIME;
ALTER TABLE "handoff_cases" ADD COLUMN "disposition_note" TEXT;

-- CreateTable
CREATE TABLE "case_notes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "case_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "case_notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "handoff_cases" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "case_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "case_notes_case_id_at_idx" ON "case_notes"("case_id", "at");

-- CreateIndex
CREATE INDEX "handoff_cases_opened_at_idx" ON "handoff_cases"("opened_at");

