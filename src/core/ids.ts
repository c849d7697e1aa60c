import { uuidv7 } from 'uuidv7';

/** An id source: time-sortable text ids (UUIDv7). Passed in so tests can make ids predictable. */
export interface IdSource {
  next(): string;
}

export const uuidv7Ids: IdSource = { next: () => uuidv7() };

export class SequentialIds implements IdSource {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(8, '0')}`;
  }
}
