// Columns of the live schema that hold no personal information, each with the reason. Together with the `storage` of
// elements.ts this classifies every column (test/privacy/inventory-drift.test.ts): a new column that is in neither
// place fails the build until its author says what it is.
export const NON_PERSONAL: Readonly<Record<string, string>> = {
  'schema_migrations.version': 'migration bookkeeping',
  'schema_migrations.name': 'migration bookkeeping',
  'schema_migrations.checksum': 'migration bookkeeping',
  'schema_migrations.applied_at': 'migration bookkeeping',
  'platform_settings.key': 'platform-wide settings (e.g. policy version, demo seeded); never per person',
  'platform_settings.value': 'platform-wide settings; never per person',
  'platform_settings.updated_at': 'platform-wide settings; never per person',
  'consent_records.id': 'surrogate key (the subject is in subject_ref, classified as consent-history)',
};
