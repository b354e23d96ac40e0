-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "IdeaProposalKind" AS ENUM ('talk', 'poll_option', 'session');

-- CreateTable
CREATE TABLE "IdeaSettings" (
    "communityId" INTEGER NOT NULL,
    "readScheduleId" INTEGER,
    "digestScheduleId" INTEGER,
    "lastDigestAt" TIMESTAMP(3),

    CONSTRAINT "IdeaSettings_pkey" PRIMARY KEY ("communityId")
);

-- CreateTable
CREATE TABLE "IdeaFeed" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "addedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReadAt" TIMESTAMP(3),
    "lastOkAt" TIMESTAMP(3),
    "lastError" TEXT,
    "failingSince" TIMESTAMP(3),
    "failureToldAt" TIMESTAMP(3),

    CONSTRAINT "IdeaFeed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdeaPost" (
    "id" SERIAL NOT NULL,
    "feedId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "publishedAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "digestedAt" TIMESTAMP(3),

    CONSTRAINT "IdeaPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdeaProposal" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "postId" INTEGER NOT NULL,
    "kind" "IdeaProposalKind" NOT NULL,
    "targetId" INTEGER NOT NULL DEFAULT 0,
    "proposedBy" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdeaProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IdeaFeed_communityId_url_key" ON "IdeaFeed"("communityId", "url");

-- CreateIndex
CREATE INDEX "IdeaPost_communityId_digestedAt_idx" ON "IdeaPost"("communityId", "digestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdeaPost_feedId_guid_key" ON "IdeaPost"("feedId", "guid");

-- CreateIndex
CREATE INDEX "IdeaProposal_communityId_kind_createdAt_idx" ON "IdeaProposal"("communityId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IdeaProposal_postId_kind_targetId_proposedBy_key" ON "IdeaProposal"("postId", "kind", "targetId", "proposedBy");

-- AddForeignKey
ALTER TABLE "IdeaSettings" ADD CONSTRAINT "IdeaSettings_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdeaFeed" ADD CONSTRAINT "IdeaFeed_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdeaPost" ADD CONSTRAINT "IdeaPost_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "IdeaFeed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdeaProposal" ADD CONSTRAINT "IdeaProposal_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdeaProposal" ADD CONSTRAINT "IdeaProposal_postId_fkey" FOREIGN KEY ("postId") REFERENCES "IdeaPost"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
