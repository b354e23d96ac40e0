-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "PollKind" AS ENUM ('single', 'multiple', 'ranked', 'dots');

-- CreateEnum
CREATE TYPE "PollStatus" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "Poll" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "channelId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "kind" "PollKind" NOT NULL,
    "maxChoices" INTEGER NOT NULL DEFAULT 1,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "hideResults" BOOLEAN NOT NULL DEFAULT false,
    "membersAddOptions" BOOLEAN NOT NULL DEFAULT false,
    "topicId" INTEGER,
    "status" "PollStatus" NOT NULL DEFAULT 'open',
    "closesAt" TIMESTAMP(3),
    "remindLeadMinutes" INTEGER,
    "timeZone" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "occurrenceKey" TEXT,

    CONSTRAINT "Poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollOption" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "addedBy" TEXT,

    CONSTRAINT "PollOption_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollBallot" (
    "pollId" INTEGER NOT NULL,
    "voterKey" TEXT NOT NULL,
    "level" INTEGER,
    "votedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollBallot_pkey" PRIMARY KEY ("pollId","voterKey")
);

-- CreateTable
CREATE TABLE "PollVote" (
    "pollId" INTEGER NOT NULL,
    "voterKey" TEXT NOT NULL,
    "optionId" INTEGER NOT NULL,
    "weight" INTEGER NOT NULL,

    CONSTRAINT "PollVote_pkey" PRIMARY KEY ("pollId","voterKey","optionId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Poll_occurrenceKey_key" ON "Poll"("occurrenceKey");

-- CreateIndex
CREATE INDEX "Poll_communityId_status_idx" ON "Poll"("communityId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PollOption_pollId_key_key" ON "PollOption"("pollId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "PollOption_pollId_position_key" ON "PollOption"("pollId", "position");

-- CreateIndex
CREATE INDEX "PollVote_optionId_idx" ON "PollVote"("optionId");

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollOption" ADD CONSTRAINT "PollOption_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollBallot" ADD CONSTRAINT "PollBallot_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollVote" ADD CONSTRAINT "PollVote_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollVote" ADD CONSTRAINT "PollVote_optionId_fkey" FOREIGN KEY ("optionId") REFERENCES "PollOption"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
