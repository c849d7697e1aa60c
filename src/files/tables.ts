/** Evidence files: the bytes live content-addressed under dataDir/files; this row says what they are. */
export interface FilesTable {
  sha256: string;
  mime: string;
  size: number;
  original_name: string | null;
  uploaded_by: string;
  uploaded_at: number;
}

export interface FileTables {
  files: FilesTable;
}
