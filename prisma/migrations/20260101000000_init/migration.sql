-- CreateTable
CREATE TABLE "flows" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "flow_versions" (
    "slug" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "change_note" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" DATETIME,

    PRIMARY KEY ("slug", "version"),
    CONSTRAINT "flow_versions_slug_fkey" FOREIGN KEY ("slug") REFERENCES "flows" ("slug") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "flow_slug" TEXT NOT NULL,
    "flow_version" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "urgency" TEXT,
    "resume_token_hash" TEXT,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "messages" (
    "session_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "author_id" TEXT,
    "body" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("session_id", "seq"),
    CONSTRAINT "messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "turns" (
    "session_id" TEXT NOT NULL,
    "client_message_id" TEXT NOT NULL,
    "reply" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("session_id", "client_message_id"),
    CONSTRAINT "turns_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "handoff_cases" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "session_id" TEXT NOT NULL,
    "urgency" TEXT NOT NULL,
    "sla_deadline" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "assignee_id" TEXT,
    "cause" TEXT NOT NULL,
    "first_reason" TEXT,
    "disposition" TEXT,
    "opened_at" DATETIME NOT NULL,
    "claimed_at" DATETIME,
    "closed_at" DATETIME,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "handoff_cases_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "handoff_cases_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "role" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "console_sessions" (
    "token_hash" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" DATETIME NOT NULL,
    CONSTRAINT "console_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "audit_events" (
    "stream" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("stream", "seq")
);

-- CreateTable
CREATE TABLE "audit_streams" (
    "stream" TEXT NOT NULL PRIMARY KEY,
    "head_seq" INTEGER NOT NULL,
    "head_hash" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "flow_versions_slug_status_version_idx" ON "flow_versions"("slug", "status", "version");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_resume_token_hash_key" ON "sessions"("resume_token_hash");

-- CreateIndex
CREATE INDEX "sessions_status_updated_at_idx" ON "sessions"("status", "updated_at");

-- CreateIndex
CREATE INDEX "handoff_cases_state_sla_deadline_idx" ON "handoff_cases"("state", "sla_deadline");

-- CreateIndex
CREATE INDEX "handoff_cases_session_id_idx" ON "handoff_cases"("session_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "console_sessions_user_id_idx" ON "console_sessions"("user_id");

