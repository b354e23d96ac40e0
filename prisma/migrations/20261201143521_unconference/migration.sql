-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "UnconferencePhase" AS ENUM ('proposing', 'voting', 'scheduling', 'published');

-- CreateEnum
CREATE TYPE "UnconferenceLevel" AS ENUM ('everyone', 'newcomers', 'experienced');

-- CreateTable
CREATE TABLE "Unconference" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "slotStarts" TIMESTAMP(3)[],
    "sessionMinutes" INTEGER NOT NULL,
    "rooms" JSONB NOT NULL,
    "dotsPerPerson" INTEGER NOT NULL,
    "proposalsCloseAt" TIMESTAMP(3),
    "votingClosesAt" TIMESTAMP(3),
    "phase" "UnconferencePhase" NOT NULL DEFAULT 'proposing',
    "draft" JSONB,
    "agenda" JSONB,
    "publishedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Unconference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnconferenceProposal" (
    "id" SERIAL NOT NULL,
    "unconferenceId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "titleKey" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "level" "UnconferenceLevel" NOT NULL,
    "hostId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnconferenceProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnconferenceVoter" (
    "unconferenceId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "dotsUsed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UnconferenceVoter_pkey" PRIMARY KEY ("unconferenceId","personId")
);

-- CreateTable
CREATE TABLE "UnconferenceDot" (
    "unconferenceId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "proposalId" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "UnconferenceDot_pkey" PRIMARY KEY ("unconferenceId","personId","proposalId")
);

-- CreateIndex
CREATE INDEX "Unconference_communityId_phase_idx" ON "Unconference"("communityId", "phase");

-- CreateIndex
CREATE UNIQUE INDEX "UnconferenceProposal_unconferenceId_titleKey_key" ON "UnconferenceProposal"("unconferenceId", "titleKey");

-- CreateIndex
CREATE INDEX "UnconferenceDot_proposalId_idx" ON "UnconferenceDot"("proposalId");

-- AddForeignKey
ALTER TABLE "Unconference" ADD CONSTRAINT "Unconference_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnconferenceProposal" ADD CONSTRAINT "UnconferenceProposal_unconferenceId_fkey" FOREIGN KEY ("unconferenceId") REFERENCES "Unconference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnconferenceVoter" ADD CONSTRAINT "UnconferenceVoter_unconferenceId_fkey" FOREIGN KEY ("unconferenceId") REFERENCES "Unconference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnconferenceDot" ADD CONSTRAINT "UnconferenceDot_unconferenceId_fkey" FOREIGN KEY ("unconferenceId") REFERENCES "Unconference"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnconferenceDot" ADD CONSTRAINT "UnconferenceDot_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "UnconferenceProposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
