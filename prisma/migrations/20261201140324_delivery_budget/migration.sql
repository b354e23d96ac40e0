-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateTable
CREATE TABLE "RateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "capacity" DOUBLE PRECISION NOT NULL,
    "perMs" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "RateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateBucket_updatedAt_idx" ON "RateBucket"("updatedAt");


COMMIT;
