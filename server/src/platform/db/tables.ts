// The typed schema of the database. Each module declares its own tables by augmenting this interface from its
// repository file (`declare module '../../platform/db/tables.ts' { interface Tables { … } }`), so the platform layer
// carries no domain words and a module's tables live next to the code that owns them.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tables {
  schema_migrations: { version: string; name: string; checksum: string; applied_at: Date };
}
