-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateTable
CREATE TABLE "PulseRound" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "occurrenceKey" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PulseRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseAnswer" (
    "id" TEXT NOT NULL,
    "roundId" INTEGER NOT NULL,
    "value" INTEGER,
    "safety" INTEGER,
    "comment" TEXT,

    CONSTRAINT "PulseAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseAnswered" (
    "roundId" INTEGER NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "answerId" TEXT NOT NULL,

    CONSTRAINT "PulseAnswered_pkey" PRIMARY KEY ("roundId","pseudonym")
);

-- CreateIndex
CREATE UNIQUE INDEX "PulseRound_occurrenceKey_key" ON "PulseRound"("occurrenceKey");

-- CreateIndex
CREATE INDEX "PulseRound_communityId_createdAt_idx" ON "PulseRound"("communityId", "createdAt");

-- CreateIndex
CREATE INDEX "PulseAnswer_roundId_idx" ON "PulseAnswer"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "PulseAnswered_answerId_key" ON "PulseAnswered"("answerId");

-- AddForeignKey
ALTER TABLE "PulseRound" ADD CONSTRAINT "PulseRound_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseAnswer" ADD CONSTRAINT "PulseAnswer_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PulseRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseAnswered" ADD CONSTRAINT "PulseAnswered_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PulseRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseAnswered" ADD CONSTRAINT "PulseAnswered_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "PulseAnswer"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
