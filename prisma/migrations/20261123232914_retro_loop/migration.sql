-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- AlterTable
ALTER TABLE "Retro" ADD COLUMN     "collectUntil" TIMESTAMP(3),
ADD COLUMN     "occurrenceKey" TEXT,
ADD COLUMN     "revealThreshold" INTEGER,
ADD COLUMN     "summary" JSONB,
ADD COLUMN     "voteUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RetroActionItem" ADD COLUMN     "carriedFromId" INTEGER,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedBy" TEXT,
ADD COLUMN     "reviewedInRetroId" INTEGER;

-- CreateTable
CREATE TABLE "RetroNote" (
    "id" SERIAL NOT NULL,
    "retroId" INTEGER NOT NULL,
    "itemId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" TEXT,
    "messageTs" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetroNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetroNote_retroId_idx" ON "RetroNote"("retroId");

-- CreateIndex
CREATE UNIQUE INDEX "RetroNote_itemId_messageTs_key" ON "RetroNote"("itemId", "messageTs");

-- CreateIndex
CREATE INDEX "OutboundMessage_channelId_ts_idx" ON "OutboundMessage"("channelId", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "Retro_occurrenceKey_key" ON "Retro"("occurrenceKey");

-- AddForeignKey
ALTER TABLE "RetroNote" ADD CONSTRAINT "RetroNote_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetroNote" ADD CONSTRAINT "RetroNote_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "RetroItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
