-- CreateTable
CREATE TABLE "slack_conversations" (
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "locale" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slack_conversations_pkey" PRIMARY KEY ("team_id","user_id","channel_id")
);

-- CreateIndex
CREATE INDEX "slack_conversations_session_id_idx" ON "slack_conversations"("session_id");

