-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "RetroPhase" AS ENUM ('collect', 'reveal', 'vote', 'discuss', 'closed');

-- CreateEnum
CREATE TYPE "RetroAnonymity" AS ENUM ('named', 'anonymous_items', 'anonymous_all');

-- CreateTable
CREATE TABLE "Retro" (
    "id" SERIAL NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "format" JSONB NOT NULL,
    "anonymity" "RetroAnonymity" NOT NULL DEFAULT 'named',
    "voteBudget" INTEGER NOT NULL DEFAULT 3,
    "perItemCap" INTEGER NOT NULL DEFAULT 3,
    "phase" "RetroPhase" NOT NULL DEFAULT 'collect',
    "facilitatorId" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Retro_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetroItem" (
    "id" SERIAL NOT NULL,
    "retroId" INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" TEXT,
    "authorKey" TEXT,
    "votes" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetroItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetroParticipant" (
    "retroId" INTEGER NOT NULL,
    "voterKey" TEXT NOT NULL,
    "votesCast" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RetroParticipant_pkey" PRIMARY KEY ("retroId","voterKey")
);

-- CreateTable
CREATE TABLE "RetroVote" (
    "retroId" INTEGER NOT NULL,
    "voterKey" TEXT NOT NULL,
    "itemId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RetroVote_pkey" PRIMARY KEY ("retroId","voterKey","itemId")
);

-- CreateIndex
CREATE INDEX "Retro_teamId_channelId_idx" ON "Retro"("teamId", "channelId");

-- CreateIndex
CREATE INDEX "RetroItem_retroId_idx" ON "RetroItem"("retroId");

-- CreateIndex
CREATE INDEX "RetroVote_itemId_idx" ON "RetroVote"("itemId");

-- AddForeignKey
ALTER TABLE "RetroItem" ADD CONSTRAINT "RetroItem_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetroParticipant" ADD CONSTRAINT "RetroParticipant_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetroVote" ADD CONSTRAINT "RetroVote_retroId_voterKey_fkey" FOREIGN KEY ("retroId", "voterKey") REFERENCES "RetroParticipant"("retroId", "voterKey") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
