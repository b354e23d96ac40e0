-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).
BEGIN;

-- CreateTable
-- Unlogged: a booking's commit need not wait for the WAL to reach the disk, and bookings of the
-- same bucket (every post takes from the workspace's) follow each other at memory speed. After a
-- crash of the database the table is emptied, which is every bucket full: as after a quiet spell.
CREATE UNLOGGED TABLE "RateBucket" (
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
