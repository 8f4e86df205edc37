-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN "contact_phone" TEXT;
ALTER TABLE "handoff_cases" ADD COLUMN "patient_left_at" DATETIME;

