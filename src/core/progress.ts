/**
 * How far a long piece of work has come, for whoever shows it (the CLI's bar, a log line): `done` of
 * `total` units (total 0: unknown yet), with a note such as the phase ("读取 reading", "写入 writing").
 * Services call it; they never draw anything themselves.
 */
export type OnProgress = (done: number, total: number, note?: string) => void;

/** Calls nobody: the default when no one is watching. */
export const noProgress: OnProgress = () => {};

/** The phases an import reports, in both languages. */
export const HASHING = '设置密码 hashing passwords';
export const WRITING = '写入 writing';
