-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

