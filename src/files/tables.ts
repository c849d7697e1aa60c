/** Evidence files: the bytes live content-addressed under dataDir/files; this row says what they are. */
export interface FilesTable {
  sha256: string;
  mime: string;
  size: number;
  original_name: string | null;
  uploaded_by: string;
  uploaded_at: number;
}

/** Which cases reference a file (kept by a trigger on case_events, migration 0072). */
export interface FileRefsTable {
  sha256: string;
  case_id: string;
}

export interface FileTables {
  files: FilesTable;
  file_refs: FileRefsTable;
}
