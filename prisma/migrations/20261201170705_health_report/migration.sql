-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateTable
CREATE TABLE "HealthReportOptOut" (
    "communityId" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HealthReportOptOut_pkey" PRIMARY KEY ("communityId","personId")
);

-- CreateIndex
CREATE INDEX "HealthReportOptOut_personId_idx" ON "HealthReportOptOut"("personId");

-- AddForeignKey
ALTER TABLE "HealthReportOptOut" ADD CONSTRAINT "HealthReportOptOut_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HealthReportOptOut" ADD CONSTRAINT "HealthReportOptOut_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMIT;
