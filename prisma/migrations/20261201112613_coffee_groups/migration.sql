-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "CoffeeCadence" AS ENUM ('weekly', 'monthly');

-- CreateEnum
CREATE TYPE "CoffeeGrouping" AS ENUM ('none', 'mix', 'group');

-- CreateEnum
CREATE TYPE "CoffeeRoundStatus" AS ENUM ('draft', 'sent', 'too_few');

-- CreateEnum
CREATE TYPE "CoffeeAnswer" AS ENUM ('met', 'not_yet', 'couldnt');

-- CreateTable
CREATE TABLE "CoffeeSettings" (
    "communityId" INTEGER NOT NULL,
    "groupSize" INTEGER NOT NULL DEFAULT 2,
    "cadence" "CoffeeCadence" NOT NULL DEFAULT 'weekly',
    "everyWeeks" INTEGER NOT NULL DEFAULT 1,
    "weekday" TEXT NOT NULL DEFAULT 'mo',
    "nth" INTEGER NOT NULL DEFAULT 1,
    "time" TEXT NOT NULL DEFAULT '09:00',
    "windowWeeks" INTEGER NOT NULL DEFAULT 12,
    "grouping" "CoffeeGrouping" NOT NULL DEFAULT 'none',
    "groupingField" TEXT,
    "followUpDays" INTEGER NOT NULL DEFAULT 3,
    "scheduleId" INTEGER,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CoffeeSettings_pkey" PRIMARY KEY ("communityId")
);

-- CreateTable
CREATE TABLE "CoffeeMember" (
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "snoozedUntil" TIMESTAMP(3),
    "silentRounds" INTEGER NOT NULL DEFAULT 0,
    "pausedAt" TIMESTAMP(3),

    CONSTRAINT "CoffeeMember_pkey" PRIMARY KEY ("communityId","personId")
);

-- CreateTable
CREATE TABLE "CoffeeAvoid" (
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "avoidId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CoffeeAvoid_pkey" PRIMARY KEY ("communityId","personId","avoidId")
);

-- CreateTable
CREATE TABLE "CoffeeRound" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "occurrenceKey" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "status" "CoffeeRoundStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "CoffeeRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoffeeGroup" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "organiserId" TEXT NOT NULL,
    "overlapMinutes" INTEGER NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "sendAt" TIMESTAMP(3),
    "followUpSentAt" TIMESTAMP(3),

    CONSTRAINT "CoffeeGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoffeeGroupMember" (
    "groupId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "answer" "CoffeeAnswer",
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "CoffeeGroupMember_pkey" PRIMARY KEY ("groupId","personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CoffeeRound_occurrenceKey_key" ON "CoffeeRound"("occurrenceKey");

-- CreateIndex
CREATE INDEX "CoffeeRound_communityId_createdAt_idx" ON "CoffeeRound"("communityId", "createdAt");

-- CreateIndex
CREATE INDEX "CoffeeGroup_roundId_idx" ON "CoffeeGroup"("roundId");

-- CreateIndex
CREATE INDEX "CoffeeGroupMember_personId_idx" ON "CoffeeGroupMember"("personId");

-- AddForeignKey
ALTER TABLE "CoffeeSettings" ADD CONSTRAINT "CoffeeSettings_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoffeeGroup" ADD CONSTRAINT "CoffeeGroup_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "CoffeeRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoffeeGroupMember" ADD CONSTRAINT "CoffeeGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CoffeeGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
