-- CreateTable
CREATE TABLE "slack_deliveries" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "channel_id" TEXT,
    "ts" TEXT,
    "at" TEXT NOT NULL
);

