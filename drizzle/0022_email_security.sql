-- Custom migration: the email tables get FORCED row-level security, the app role's grants and the
-- updated_at trigger (frontdesk_apply_security is idempotent and covers every tenant table).
SELECT frontdesk_apply_security();
