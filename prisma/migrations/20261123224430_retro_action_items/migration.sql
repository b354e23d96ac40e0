-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "ActionItemStatus" AS ENUM ('open', 'done', 'dropped', 'carried');

-- CreateTable
CREATE TABLE "RetroActionItem" (
    "id" SERIAL NOT NULL,
    "retroId" INTEGER NOT NULL,
    "itemId" INTEGER,
    "text" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueDate" DATE,
    "status" "ActionItemStatus" NOT NULL DEFAULT 'open',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetroActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetroActionItem_retroId_idx" ON "RetroActionItem"("retroId");

-- CreateIndex
CREATE INDEX "RetroActionItem_ownerId_status_idx" ON "RetroActionItem"("ownerId", "status");

-- AddForeignKey
ALTER TABLE "RetroActionItem" ADD CONSTRAINT "RetroActionItem_retroId_fkey" FOREIGN KEY ("retroId") REFERENCES "Retro"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
