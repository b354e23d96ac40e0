-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "lastAttemptAt" TIMESTAMP(3);


COMMIT;
