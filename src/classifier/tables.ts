/** Tables of the classifier, as Kysely sees them. Instants are epoch ms. */

/**
 * The city's labelled texts: the set it started with (`seed`, or its own `import`) and every
 * operator's confirmation or correction of a proposed class (`decision`), which the model learns from.
 */
export interface ClassifierExamplesTable {
  id: string;
  text: string;
  /** The class the text belongs to (our code: C0101, E0505 …). */
  code: string;
  origin: string;
  /** For a decision: what the classifier proposed first (null: nothing proposed). */
  proposed_code: string | null;
  /** For a decision: the record it was made on (a work-order number, a case id). */
  ref: string | null;
  actor_id: string | null;
  created_at: number;
}

export interface ClassifierTables {
  classifier_examples: ClassifierExamplesTable;
}
