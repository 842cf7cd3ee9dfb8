/**
 * Migration 003: the process that runs each import, so a row left `running` by a killed import can be told from
 * one that is still going in another process (issue 21). NULL for rows written before it.
 */
export const sql003 = `
ALTER TABLE import_jobs ADD COLUMN pid INTEGER;
`;
