import { sql001 } from './001_init';
import { sql002 } from './002_peak';
import { sql003 } from './003_import_pid';

/** Numbered migrations, applied in order; `PRAGMA user_version` is the number of the last one applied. */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: '001_init', sql: sql001 },
  { version: 2, name: '002_peak', sql: sql002 },
  { version: 3, name: '003_import_pid', sql: sql003 },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
