-- Custom migration: extensions live in their own schema, not in `public`, so their functions and
-- operators never shadow or collide with ours and the app role's view of `public` stays what our
-- migrations created. Only btree_gist is installed (for the bookings_no_overlap exclusion constraint).
-- Moving it is safe for that constraint: its operator classes are referenced by OID, and PostgreSQL
-- finds a type's default GiST operator class without consulting search_path, so a new exclusion
-- constraint of the same shape works with `extensions` off the search_path too (on PostgreSQL and PGlite).
CREATE SCHEMA IF NOT EXISTS extensions;
--> statement-breakpoint
ALTER EXTENSION btree_gist SET SCHEMA extensions;
