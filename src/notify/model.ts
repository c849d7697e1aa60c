/** A notification as users see it. Who hears what is src/auth/lanes.ts. Pure. */
export interface Notification {
  /** The case the event is of; '' for an instruction's notice. */
  caseId: string;
  caseCode: string;
  /** The instruction (指令) the notice is of (src/command/notices.ts); null for a case's. */
  instructionId: string | null;
  seq: number;
  type: string;
  title: string;
  categoryName: string;
  at: number;
  read: boolean;
}

/** The title users read: "派遣：350203… 暴露垃圾". */
export function titleOf(label: string, code: string, categoryName: string): string {
  return `${label}：${code} ${categoryName}`;
}
