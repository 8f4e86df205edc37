-- CreateTable
CREATE TABLE "canned_replies" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title_fr" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "text_fr" TEXT NOT NULL,
    "text_en" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "updated_by" TEXT NOT NULL
);

