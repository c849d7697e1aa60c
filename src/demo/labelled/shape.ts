/** One class of the labelled set: what callers say about it. `[a|b|c]` picks one alternative. */
export interface ClassTexts {
  /** Our class code (C0101, E0505 …). */
  code: string;
  /** Ways the problem itself is put: each is a different sentence structure, not a word swap. */
  says: string[];
  /** Details and consequences particular to the class. */
  adds: string[];
}

/** One labelled text of the set. */
export interface LabelledText {
  text: string;
  code: string;
  /** Which of the class's `says` it was written from (the bench can hold out whole phrasings). */
  phrasing: number;
}
