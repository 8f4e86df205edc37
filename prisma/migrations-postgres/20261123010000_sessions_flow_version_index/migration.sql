-- CreateIndex
CREATE INDEX "sessions_flow_slug_flow_version_idx" ON "sessions"("flow_slug", "flow_version");

