-- DropIndex
DROP INDEX "sessions_status_updated_at_idx";

