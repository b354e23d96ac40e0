-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "BookVoteStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "BookClubStatus" AS ENUM ('forming', 'started', 'closed');

-- CreateTable
CREATE TABLE "BookSuggestion" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "titleKey" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "suggestedBy" TEXT NOT NULL,
    "hideName" BOOLEAN NOT NULL DEFAULT false,
    "chosenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BookSuggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookVote" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "status" "BookVoteStatus" NOT NULL DEFAULT 'open',
    "candidates" INTEGER[],
    "openedBy" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedBy" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "BookVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookBallot" (
    "voteId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "ranking" INTEGER[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BookBallot_pkey" PRIMARY KEY ("voteId","personId")
);

-- CreateTable
CREATE TABLE "BookClub" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "suggestionId" INTEGER NOT NULL,
    "voteId" INTEGER,
    "title" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "minMembers" INTEGER NOT NULL DEFAULT 5,
    "status" "BookClubStatus" NOT NULL DEFAULT 'forming',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "plan" JSONB,
    "planSetBy" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "BookClub_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookClubMember" (
    "clubId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "BookClubMember_pkey" PRIMARY KEY ("clubId","personId")
);

-- CreateTable
CREATE TABLE "BookClubSession" (
    "id" SERIAL NOT NULL,
    "clubId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "reading" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "eventId" INTEGER NOT NULL,
    "leaderId" TEXT NOT NULL,
    "leaderToldAt" TIMESTAMP(3),

    CONSTRAINT "BookClubSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BookSuggestion_communityId_titleKey_key" ON "BookSuggestion"("communityId", "titleKey");

-- CreateIndex
CREATE INDEX "BookVote_communityId_status_idx" ON "BookVote"("communityId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "BookClub_suggestionId_key" ON "BookClub"("suggestionId");

-- CreateIndex
CREATE UNIQUE INDEX "BookClub_voteId_key" ON "BookClub"("voteId");

-- CreateIndex
CREATE INDEX "BookClub_communityId_status_idx" ON "BookClub"("communityId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "BookClubSession_clubId_number_key" ON "BookClubSession"("clubId", "number");

-- AddForeignKey
ALTER TABLE "BookSuggestion" ADD CONSTRAINT "BookSuggestion_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookVote" ADD CONSTRAINT "BookVote_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookBallot" ADD CONSTRAINT "BookBallot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "BookVote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookBallot" ADD CONSTRAINT "BookBallot_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClub" ADD CONSTRAINT "BookClub_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClub" ADD CONSTRAINT "BookClub_suggestionId_fkey" FOREIGN KEY ("suggestionId") REFERENCES "BookSuggestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClub" ADD CONSTRAINT "BookClub_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "BookVote"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClubMember" ADD CONSTRAINT "BookClubMember_clubId_fkey" FOREIGN KEY ("clubId") REFERENCES "BookClub"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClubMember" ADD CONSTRAINT "BookClubMember_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClubSession" ADD CONSTRAINT "BookClubSession_clubId_fkey" FOREIGN KEY ("clubId") REFERENCES "BookClub"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BookClubSession" ADD CONSTRAINT "BookClubSession_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
