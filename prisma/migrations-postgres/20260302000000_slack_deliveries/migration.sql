-- CreateTable
CREATE TABLE "slack_deliveries" (
    "key" TEXT NOT NULL,
    "channel_id" TEXT,
    "ts" TEXT,
    "at" TEXT NOT NULL,

    CONSTRAINT "slack_deliveries_pkey" PRIMARY KEY ("key")
);

