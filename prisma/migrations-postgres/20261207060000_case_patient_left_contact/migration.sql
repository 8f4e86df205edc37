-- AlterTable
ALTER TABLE "handoff_cases" ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "patient_left_at" TIMESTAMPTZ(3);

