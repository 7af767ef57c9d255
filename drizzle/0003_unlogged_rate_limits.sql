-- Custom migration: rate-limit counters are written on every API request and are worthless after a
-- crash (a window lasts a minute), so they skip the WAL: an UNLOGGED table commits without a WAL
-- flush. PostgreSQL empties it after a crash, which at worst grants one extra window.
ALTER TABLE "rate_limit_buckets" SET UNLOGGED;
