-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "erased_at" DATETIME;

