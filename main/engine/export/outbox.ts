import { promises as fs } from 'node:fs';
import { commitTemp, tempNameFor } from '../project';

/**
 * Every file of one export is written under a temp name next to its final one and renamed into place only when
 * ALL of them are complete: a failed or cancelled export leaves the folder as it was (no partial stems, nothing
 * of a previous export replaced half-way).
 */
export class Outbox {
  private entries: { tmp: string; file: string }[] = [];

  temp(file: string): string {
    const tmp = tempNameFor(file);
    this.entries.push({ tmp, file });
    return tmp;
  }

  async commitAll(): Promise<void> {
    for (const e of this.entries) await commitTemp(e.tmp, e.file);
    this.entries = [];
  }

  async discardAll(): Promise<void> {
    await Promise.all(this.entries.map((e) => fs.rm(e.tmp, { force: true })));
    this.entries = [];
  }
}
