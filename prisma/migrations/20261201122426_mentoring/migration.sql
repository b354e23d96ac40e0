-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "MentorMatchStatus" AS ENUM ('proposed', 'accepted', 'declined', 'ended', 'expired');

-- CreateEnum
CREATE TYPE "MentorAnswer" AS ENUM ('accepted', 'declined');

-- CreateTable
CREATE TABLE "MentorSettings" (
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentorSettings_pkey" PRIMARY KEY ("communityId","personId")
);

-- CreateTable
CREATE TABLE "MentoringSettings" (
    "communityId" INTEGER NOT NULL,
    "idealGap" INTEGER NOT NULL DEFAULT 2,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringSettings_pkey" PRIMARY KEY ("communityId")
);

-- CreateTable
CREATE TABLE "MentoringRound" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "week" TEXT NOT NULL,
    "proposed" INTEGER NOT NULL DEFAULT 0,
    "ranAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentoringRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorMatch" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "topics" TEXT[],
    "score" DOUBLE PRECISION NOT NULL,
    "reasons" JSONB NOT NULL,
    "status" "MentorMatchStatus" NOT NULL DEFAULT 'proposed',
    "mentorAnswer" "MentorAnswer",
    "menteeAnswer" "MentorAnswer",
    "declinedBy" TEXT,
    "declineReason" TEXT,
    "endedBy" TEXT,
    "endReason" TEXT,
    "week" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "declinedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "MentorMatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LevelSurvey" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "sentBy" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LevelSurvey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MentoringRound_communityId_week_key" ON "MentoringRound"("communityId", "week");

-- CreateIndex
CREATE INDEX "MentorMatch_communityId_status_idx" ON "MentorMatch"("communityId", "status");

-- CreateIndex
CREATE INDEX "MentorMatch_mentorId_status_idx" ON "MentorMatch"("mentorId", "status");

-- CreateIndex
CREATE INDEX "MentorMatch_menteeId_status_idx" ON "MentorMatch"("menteeId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MentorMatch_communityId_mentorId_menteeId_key" ON "MentorMatch"("communityId", "mentorId", "menteeId");

-- CreateIndex
CREATE INDEX "LevelSurvey_communityId_idx" ON "LevelSurvey"("communityId");


COMMIT;
