-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateEnum
CREATE TYPE "MentoringRole" AS ENUM ('mentor', 'mentee', 'both');

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "coffee" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "eventSuggestions" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mentoring" "MentoringRole";


COMMIT;
